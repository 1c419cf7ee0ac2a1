// The agent core's Host, as VS Code provides it: events go to the chat, edits to the diff review, commands wait for
// Run / Reject on the chat's command card (or a modal when the chat is not visible) and run in the terminal, and the
// system prompt learns which files are open and what is selected.
import vscode = require('vscode');
import { loadAgent } from './agentModule';
import type { AgentEvent } from '../../shared/events';
import type {
  CommandApproval,
  CommandRequest,
  CommandResult,
  EditDecision,
  EditReview,
  Host,
  HostContext,
  RunOptions,
} from '../../core/host';
import type { ChatEvent } from '../../shared/protocol';

/** What the host needs from the chat: somewhere to put events, and whether the user can see the chat right now. */
export interface ChatSurface {
  emit(event: ChatEvent): void;
  readonly visible: boolean;
}

export interface HostParts {
  chat: ChatSurface;
  /** The diff review (ReviewManager). */
  review: { review(review: EditReview, signal: AbortSignal): Promise<EditDecision> };
  /** The terminal runner (TerminalRunner). */
  runner: { runCommand(command: string, options: RunOptions): Promise<CommandResult> };
  /** The modal asked instead of the chat card when the chat is hidden (approveCommandsInModal). */
  approveInModal(request: CommandRequest, signal: AbortSignal): Promise<CommandApproval>;
  /** "Always Allow": adds the commands to the allowlist setting (addToAllowlist). */
  addToAllowlist(commands: readonly string[]): Promise<void>;
}

export type ApprovalDecision = 'run' | 'always' | 'reject';

interface PendingApproval {
  request: CommandRequest;
  settle(approval: CommandApproval): void;
}

/** Selected text sent to the model with the system prompt is capped; the chip attaches the full selection when sent. */
const MAX_CONTEXT_SELECTION = 4000;
const MAX_OPEN_FILES = 30;

export interface HostOptions {
  /** Edits are refused without asking (the model is told why); commands are turned off by the session's policy. */
  readOnly?: boolean;
}

const READ_ONLY = 'This task is read-only: file edits are turned off, so nothing was written. Describe the change in your answer instead.';

export class VsCodeHost implements Host {
  private readonly approvals = new Map<string, PendingApproval>();

  constructor(
    private readonly parts: HostParts,
    private readonly options: HostOptions = {},
  ) {}

  get workspaceRoots(): readonly string[] {
    return workspaceRoots();
  }

  emit(event: AgentEvent): void {
    this.parts.chat.emit(event);
  }

  async reviewEdit(review: EditReview, signal: AbortSignal): Promise<EditDecision> {
    if (this.options.readOnly) return { status: 'rejected', reason: READ_ONLY };
    const { change, operation, callId } = review;
    const kind = operation.type === 'create_file' ? 'create' : operation.type === 'delete_file' ? 'delete' : 'update';
    this.parts.chat.emit({
      type: 'edit_proposed',
      callId,
      change: kind,
      path: change.path,
      ...(change.moveTo ? { moveTo: change.moveTo } : {}),
      ...loadAgent().lineCounts(change.oldContent, change.newContent),
    });
    try {
      return await this.parts.review.review(review, signal);
    } finally {
      this.parts.chat.emit({ type: 'edit_settled', callId });
    }
  }

  approveCommands(request: CommandRequest, signal: AbortSignal): Promise<CommandApproval> {
    if (!this.parts.chat.visible) return this.parts.approveInModal(request, signal);
    if (signal.aborted) return Promise.reject(aborted());
    const { callId } = request;
    return new Promise<CommandApproval>((resolve, reject) => {
      const onAbort = () => {
        this.approvals.delete(callId);
        this.parts.chat.emit({ type: 'approval_settled', callId, approved: false });
        reject(aborted());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.approvals.set(callId, {
        request,
        settle: (approval) => {
          signal.removeEventListener('abort', onAbort);
          this.approvals.delete(callId);
          this.parts.chat.emit({ type: 'approval_settled', callId, approved: approval.approved });
          resolve(approval);
        },
      });
      this.parts.chat.emit({
        type: 'approval_requested',
        callId,
        commands: request.commands,
        ...(request.why ? { why: request.why } : {}),
        allowable: request.commands.every((c) => c.trim() !== '' && loadAgent().allowlistBlocker(c) === undefined),
      });
    });
  }

  /** The user's answer on a command card; false when nothing waits under that call id (already answered, or cancelled). */
  async decide(callId: string, decision: ApprovalDecision, reason?: string): Promise<boolean> {
    const pending = this.approvals.get(callId);
    if (!pending) return false;
    if (decision === 'reject') {
      pending.settle(reason ? { approved: false, reason } : { approved: false });
      return true;
    }
    // Settle first so a second click finds nothing pending; the allowlist update follows.
    pending.settle({ approved: true });
    if (decision === 'always') await this.parts.addToAllowlist(pending.request.commands);
    return true;
  }

  async runCommand(command: string, options: RunOptions): Promise<CommandResult> {
    const { callId } = options;
    this.parts.chat.emit({ type: 'command_started', callId, command });
    const started = Date.now();
    const exited = (exitCode: number | null) =>
      this.parts.chat.emit({ type: 'command_exited', callId, exitCode, durationMs: Date.now() - started });
    try {
      const result = await this.parts.runner.runCommand(command, options);
      exited(result.outcome.type === 'exit' ? result.outcome.exitCode : null);
      return result;
    } catch (error) {
      // Stopped or could not start: the card shows the conventional "interrupted" exit code.
      exited(130);
      throw error;
    }
  }

  async context(): Promise<HostContext> {
    const context: HostContext = { shell: vscode.env.shell };
    const open = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .map((t) => (t.input instanceof vscode.TabInputText ? t.input.uri : undefined))
      .filter((uri): uri is vscode.Uri => uri !== undefined && vscode.workspace.getWorkspaceFolder(uri) !== undefined)
      .map((uri) => vscode.workspace.asRelativePath(uri, false));
    if (open.length) context.openFiles = [...new Set(open)].slice(0, MAX_OPEN_FILES);
    const editor = vscode.window.activeTextEditor;
    if (editor && vscode.workspace.getWorkspaceFolder(editor.document.uri)) {
      const path = vscode.workspace.asRelativePath(editor.document.uri, false);
      context.activeFile = path;
      if (!editor.selection.isEmpty) {
        const text = editor.document.getText(editor.selection);
        context.selection = {
          path,
          startLine: editor.selection.start.line + 1,
          endLine: editor.selection.end.line + 1,
          text: text.length > MAX_CONTEXT_SELECTION ? `${text.slice(0, MAX_CONTEXT_SELECTION)}\n[…]` : text,
        };
      }
    }
    return context;
  }
}

function aborted(): Error {
  const error = new Error('The request to run commands was cancelled before the user answered.');
  error.name = 'AbortError';
  return error;
}

/** The open workspace's folders as sessions record them. */
export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
}
