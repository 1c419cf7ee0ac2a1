// Runs an editor command's one-off agent task under a cancellable progress notification that says what the agent is
// doing (thinking, preparing an edit, waiting for the diff to be decided, running a command), then reports how it ended:
// an error sentence with the next step, or the model's answer when it proposed no change.
import vscode = require('vscode');
import type { ToolOutcome, TurnOutcome, UserInput } from '../../core/index';
import type { ChatEvent } from '../../shared/protocol';
import { loadAgent } from '../agent/agentModule';
import { CommandRefusal } from './commandRefusal';

/** A one-off task: its own session, apart from the chat. */
export interface AgentTask {
  /** A short name for the log and the session ("Refactor src/a.ts:3-9"). */
  title: string;
  input: UserInput;
  /** No edits and no commands: the model is told they are off (Review Changes). */
  readOnly?: boolean;
}

/** What the editor commands need from the agent controller. */
export interface TaskRunner {
  /** Resolves when the model is done, after every edit it proposed was decided. */
  runTask(task: AgentTask, signal: AbortSignal, onEvent: (event: ChatEvent) => void): Promise<TurnOutcome>;
}

export interface TaskEdit {
  callId: string;
  path: string;
  outcome?: ToolOutcome;
}

export interface TaskReport {
  outcome: TurnOutcome;
  /** The model's answer (its last message). */
  text: string;
  /** The edits proposed, with how each ended. */
  edits: TaskEdit[];
}

export interface ProgressOptions {
  /** The notification's title, e.g. "Codewright: Refactor Selection". */
  title: string;
  /** Told to the user when the model answers without proposing an edit (undefined: stay quiet). */
  noEditMessage?: (answer: string) => string;
}

/** The longest model answer shown in a notification; the rest is cut with an ellipsis. */
const MAX_SHOWN_ANSWER = 400;

/** Throws CommandRefusal (shown as a message) when the task would edit an untrusted workspace, where edits are off. */
export async function runTaskWithProgress(runner: TaskRunner, task: AgentTask, options: ProgressOptions): Promise<TaskReport> {
  if (!task.readOnly && !vscode.workspace.isTrusted) {
    throw new CommandRefusal(
      'This workspace is in Restricted Mode, so Codewright cannot change its files. Trust the workspace (Workspaces: Manage Workspace Trust), then try again.',
    );
  }
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: options.title, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      const watcher = new TaskWatcher((message) => progress.report({ message }));
      progress.report({ message: 'starting…' });
      try {
        const outcome = await runner.runTask(task, abort.signal, (event) => watcher.apply(event));
        return { outcome, text: watcher.text, edits: watcher.edits };
      } finally {
        cancel.dispose();
      }
    },
  );
  await announce(report, options);
  return report;
}

/** Folds a task's events into the progress message, the answer text and the edits. */
export class TaskWatcher {
  text = '';
  readonly edits: TaskEdit[] = [];
  private readonly texts = new Map<string, string>();
  private last = '';

  constructor(private readonly report: (message: string) => void) {}

  apply(event: ChatEvent): void {
    switch (event.type) {
      case 'turn_started':
      case 'reasoning_delta':
        return this.say('thinking…');
      case 'text_delta':
        this.texts.set(event.itemId, (this.texts.get(event.itemId) ?? '') + event.delta);
        this.text = this.texts.get(event.itemId)!;
        return this.say('writing…');
      case 'text_done':
        this.texts.set(event.itemId, event.text);
        this.text = event.text;
        return;
      case 'tool_call_started':
        if (event.call.kind === 'apply_patch') return this.say(`preparing an edit to ${event.call.operation.path}…`);
        if (event.call.kind === 'shell') return this.say('about to run a command…');
        return;
      case 'edit_proposed':
        this.edits.push({ callId: event.callId, path: event.moveTo ?? event.path });
        return this.say(`waiting for you to accept or reject the change to ${event.path} in its diff.`);
      case 'edit_settled':
        return this.say('thinking…');
      case 'approval_requested':
        return this.say('waiting for you to approve a command.');
      case 'command_started':
        return this.say(`running ${event.command.length > 60 ? `${event.command.slice(0, 59)}…` : event.command}`);
      case 'tool_call_finished': {
        const edit = this.edits.find((e) => e.callId === event.callId);
        if (edit) edit.outcome = event.outcome;
        return;
      }
      case 'retrying':
        return this.say(`retrying (${event.reason})…`);
      default:
        return;
    }
  }

  private say(message: string): void {
    if (message === this.last) return;
    this.last = message;
    this.report(message);
  }
}

async function announce(report: TaskReport, options: ProgressOptions): Promise<void> {
  const { outcome } = report;
  if (outcome.reason === 'cancelled') return;
  if (outcome.error) {
    const actions = /Set API Key/.test(outcome.error.message) ? ['Set API Key', 'Show Log'] : ['Show Log'];
    const pick = await vscode.window.showErrorMessage(`Codewright: ${outcome.error.message}`, ...actions);
    if (pick === 'Set API Key') await vscode.commands.executeCommand('codewright.setApiKey');
    if (pick === 'Show Log') await vscode.commands.executeCommand('codewright.showLog');
    return;
  }
  if (outcome.reason === 'step_limit') {
    void vscode.window.showWarningMessage(
      'Codewright: the task took more steps than allowed and was stopped. Narrow it down and run it again.',
    );
    return;
  }
  if (report.edits.length === 0 && options.noEditMessage) {
    // Notifications do not render Markdown: the answer is shown as the text a reader would see.
    void vscode.window.showInformationMessage(options.noEditMessage(clip(loadAgent().plainText(report.text))));
  }
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'the model gave no answer.';
  return flat.length <= MAX_SHOWN_ANSWER ? flat : `${flat.slice(0, MAX_SHOWN_ANSWER - 1)}…`;
}
