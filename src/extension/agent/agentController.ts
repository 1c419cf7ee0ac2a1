// Owns the chat's current session: New Chat, send, Stop, Retry, and resume / rename / delete from the history. It
// builds each core Session with the provider and key from the settings and secret storage, keeps the transcript the
// view replays when it is shown again, and remembers the current session so a window reload reopens it.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Session, SessionRecord, SessionStore, TurnOutcome } from '../../core/index';
import type { ProviderConfig } from '../../core/providers';
import type { ChatEvent, Entry, HostMessage, SessionInfo, WebviewMessage } from '../../shared/protocol';
import { Transcript } from '../../shared/transcript';
import { AgentModule, loadAgent } from './agentModule';
import type { Attachment, ChatContext } from '../chat/chatContext';
import { commandPolicy, commandTimeoutMs } from '../terminal/commandApproval';
import { savedEntries } from '../chat/savedTranscript';
import { readSettings } from '../config/settings';
import type { AgentTask, TaskRunner } from '../editorTasks/taskProgress';
import { HostParts, VsCodeHost, workspaceRoots } from './vscodeHost';

/** The chat view as the controller uses it. */
export interface ChatPort {
  post(message: HostMessage): void;
  readonly visible: boolean;
}

/** The edit review's actions behind an edit card's buttons (ReviewManager). */
export interface EditActions {
  openDiff(callId: string): Promise<boolean>;
  accept(callId: string): Promise<unknown>;
  rejectWithPrompt(callId: string): Promise<unknown>;
}

export interface ControllerParts {
  /** Where sessions are saved: a folder under the extension's global storage. */
  sessionsDir: string;
  /** The provider as the next request would use it (settings plus the stored key). */
  provider(): Promise<ProviderConfig>;
  log: vscode.LogOutputChannel;
  /** Per-workspace memory of the current session, so a reload reopens it. */
  state: vscode.Memento;
  view: ChatPort;
  context: ChatContext;
  edits: EditActions;
  host: Omit<HostParts, 'chat'>;
  /** The agent core; by default the lazily loaded dist/agent.js. */
  agent?: () => AgentModule;
  /** The transport every session's requests go through (the extension's logs each request's status, timing and id). */
  fetch?: typeof fetch;
}

const CURRENT_SESSION = 'codewright.currentSession';
/** Events from the chat carry this source; an editor task's carry its title. */
export const CHAT_SOURCE = 'chat';
/** Entries per replay message. */
const REPLAY_PAGE = 200;

/** An event of the chat or of an editor task, for the status bar and the log. */
export interface SourcedEvent {
  source: string;
  event: ChatEvent;
}

export class AgentController implements TaskRunner, vscode.Disposable {
  private session: Session | undefined;
  private host: VsCodeHost | undefined;
  private transcript = new Transcript();
  private turn: { abort: AbortController; done: Promise<void> } | undefined;
  private store: SessionStore | undefined;
  private restored = false;
  private replays = 0;
  private readonly agent: () => AgentModule;
  private readonly emitted = new vscode.EventEmitter<SourcedEvent>();
  private tasksStarted = 0;
  /** Every event of the chat's sessions and of editor tasks, as it happens. */
  readonly onDidEmit = this.emitted.event;

  /** Asks for a session's new title; undefined keeps it. Replaceable so tests can answer. */
  askTitle: (current: string) => Thenable<string | undefined> = (current) =>
    vscode.window.showInputBox({ title: 'Rename Chat', value: current, prompt: 'The name shown in the chat history.', validateInput: (v) => (v.trim() ? undefined : 'Enter a name.') });
  /** Confirms deleting a session. Replaceable so tests can answer. */
  confirmDelete: (title: string) => Thenable<boolean> = async (title) =>
    (await vscode.window.showWarningMessage(`Delete the chat "${title}"?`, { modal: true, detail: 'Its conversation is removed from disk. This cannot be undone.' }, 'Delete')) === 'Delete';

  constructor(private readonly parts: ControllerParts) {
    this.agent = parts.agent ?? loadAgent;
  }

  /** The folder the sessions are saved in. */
  get sessionsDir(): string {
    return this.parts.sessionsDir;
  }

  get entries(): readonly Entry[] {
    return this.transcript.entries;
  }

  get running(): boolean {
    return this.turn !== undefined;
  }

  get currentSessionId(): string | undefined {
    return this.session?.id;
  }

  /** Resolves when the running turn (if any) has finished and its session is saved. */
  async idle(): Promise<void> {
    await this.turn?.done;
  }

  /** The messages from the view this controller answers; a failure is logged and shown, never thrown at the view. */
  async handle(message: WebviewMessage): Promise<void> {
    try {
      await this.dispatch(message);
    } catch (error) {
      this.parts.log.error(`The chat's ${message.type} request failed: ${errorText(error)}`);
      void vscode.window.showErrorMessage(`Codewright: ${errorText(error)}`);
    }
  }

  private async dispatch(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.replay();
      case 'send':
        return this.send(message);
      case 'stop':
        return this.stop();
      case 'retry':
        return this.retry();
      case 'history':
        return this.postHistory();
      case 'resume':
        return this.resume(message.id);
      case 'rename':
        return this.rename(message.id);
      case 'delete':
        return this.delete(message.id);
      case 'edit':
        return this.editAction(message.callId, message.action);
      case 'approval':
        if (!(await this.host?.decide(message.callId, message.decision, message.reason))) {
          this.parts.log.info(`The answer to command ${message.callId} came after it was settled; ignored.`);
        }
        return;
      case 'insert':
        return this.parts.context.insert(message.code);
      case 'mention_query':
        this.parts.view.post({ type: 'mention_results', requestId: message.requestId, files: await this.parts.context.mentionCandidates(message.query) });
        return;
      default:
        return;
    }
  }

  /** Shows the current conversation in a (re)loaded view; the first time, reopens the session from before a reload. */
  async replay(): Promise<void> {
    if (!this.restored) {
      this.restored = true;
      const id = this.parts.state.get<string>(CURRENT_SESSION);
      if (id && !this.session) {
        try {
          await this.open(id);
          return;
        } catch (error) {
          this.parts.log.warn(`Could not reopen the last chat: ${errorText(error)}`);
          await this.parts.state.update(CURRENT_SESSION, undefined);
          this.transcript.apply({ type: 'error', message: `The last chat could not be reopened: ${errorText(error)} It is still listed in the chat history.`, retryable: false, code: 'resume' });
        }
      }
    }
    this.postTranscript();
    this.parts.view.post({ type: 'selection', selection: this.parts.context.selection() });
  }

  newChat(): void {
    this.stop();
    this.session = undefined;
    this.host = undefined;
    this.transcript = new Transcript();
    void this.parts.state.update(CURRENT_SESSION, undefined);
    this.postTranscript();
  }

  stop(): void {
    this.turn?.abort.abort();
  }

  async send(message: Extract<WebviewMessage, { type: 'send' }>): Promise<void> {
    if (this.turn) {
      this.parts.log.warn('A message arrived while the agent was still working; it was not sent.');
      return;
    }
    let files: Attachment[];
    try {
      files = await Promise.all(message.files.map((f) => this.parts.context.attachment(f)));
      if (message.selection) files.push(await this.parts.context.selectionAttachment(message.selection));
    } catch (error) {
      this.emit({ type: 'error', message: errorText(error), retryable: false, code: 'attachment' });
      return;
    }
    let session: Session;
    try {
      session = this.ensureSession();
    } catch (error) {
      this.emit({ type: 'error', message: `The agent could not start: ${errorText(error)}. Reinstall or update Codewright.`, retryable: false, code: 'internal' });
      return;
    }
    session.model = message.model;
    session.effort = message.effort;
    this.emit({
      type: 'user_message',
      id: randomUUID(),
      text: message.text,
      files: message.files,
      ...(message.selection ? { selection: message.selection } : {}),
      images: message.images,
    });
    const input = { text: message.text, files, images: message.images.map((dataUrl) => ({ dataUrl })) };
    await this.runTurn(session, (signal) => session.send(input, signal));
  }

  async retry(): Promise<void> {
    const session = this.session;
    if (!session || this.turn) return;
    if (!session.canRetry) {
      void vscode.window.showInformationMessage('Codewright: there is nothing to retry, the model already answered. Send a new message instead.');
      return;
    }
    await this.runTurn(session, (signal) => session.retry(signal));
  }

  /**
   * An editor command's one-off task in a session of its own (not the chat's, not saved). Its command approvals use the
   * modal, since the chat does not show the task; a read-only task has edits and commands turned off.
   */
  async runTask(task: AgentTask, signal: AbortSignal, onEvent: (event: ChatEvent) => void): Promise<TurnOutcome> {
    // Numbered, so two runs of the same command keep apart in the status bar and the log.
    const source = `${task.title} #${++this.tasksStarted}`;
    const agent = this.agent();
    const settings = readSettings((m) => this.parts.log.warn(m));
    const host = new VsCodeHost(
      {
        ...this.parts.host,
        chat: {
          emit: (event) => {
            onEvent(event);
            this.emitted.fire({ source, event });
          },
          visible: false,
        },
      },
      { readOnly: task.readOnly === true },
    );
    const session = new agent.Session({
      host,
      provider: await this.provider(),
      model: settings.model,
      effort: settings.reasoningEffort,
      hints: agent.VSCODE_HINTS,
      commandPolicy: task.readOnly ? { mode: 'never', allow: [], deny: [] } : commandPolicy(settings),
      commandTimeoutMs: commandTimeoutMs(settings),
      ...(this.parts.fetch ? { fetch: this.parts.fetch } : {}),
    });
    return session.send(task.input, signal);
  }

  /** The provider as configured now, with the key from secret storage. */
  provider(): Promise<ProviderConfig> {
    return this.parts.provider();
  }

  async postHistory(): Promise<void> {
    const { sessions, problems } = await this.sessionStore().list({ workspaceRoots: workspaceRoots() });
    for (const p of problems) this.parts.log.warn(p.message);
    this.parts.view.post({
      type: 'history',
      sessions: sessions.map((s) => ({ id: s.id, title: s.title, model: s.model, updatedAt: Date.parse(s.updatedAt) || 0 })),
      currentId: this.session?.id ?? null,
    });
  }

  async resume(id: string): Promise<void> {
    if (this.session?.id === id) return this.postTranscript();
    try {
      await this.open(id);
    } catch (error) {
      void vscode.window.showErrorMessage(`Codewright: ${errorText(error)}`);
    }
  }

  async rename(id: string): Promise<void> {
    const store = this.sessionStore();
    const current = this.session?.id === id ? this.session.title : (await store.list()).sessions.find((s) => s.id === id)?.title;
    if (current === undefined) return this.postHistory();
    const title = (await this.askTitle(current))?.trim();
    if (!title) return;
    if (this.session?.id === id) await this.session.rename(title);
    else await store.rename(id, title);
    await this.postHistory();
    if (this.session?.id === id) this.postTranscript();
  }

  async delete(id: string): Promise<void> {
    const store = this.sessionStore();
    const title = this.session?.id === id ? this.session.title : (await store.list()).sessions.find((s) => s.id === id)?.title;
    if (title === undefined || !(await this.confirmDelete(title))) return;
    if (this.session?.id === id) {
      this.stop();
      // The stopped turn saves the session as it ends: wait, or that save would bring the file back.
      await this.idle();
      this.newChat();
    }
    await store.delete(id);
    await this.postHistory();
  }

  private async editAction(callId: string, action: 'open' | 'accept' | 'reject'): Promise<void> {
    const { edits } = this.parts;
    if (action === 'accept') await edits.accept(callId);
    else if (action === 'reject') await edits.rejectWithPrompt(callId);
    else if (!(await edits.openDiff(callId))) void vscode.window.showInformationMessage('Codewright: that edit is no longer waiting for review.');
  }

  private async open(id: string): Promise<void> {
    const agent = this.agent();
    const record = await this.sessionStore().load(id);
    this.stop();
    this.session = this.createSession({ resume: record });
    this.transcript = new Transcript(savedEntries(record.history, agent.transcriptOf(record.history)));
    await this.parts.state.update(CURRENT_SESSION, id);
    this.postTranscript();
  }

  private ensureSession(): Session {
    this.session ??= this.createSession({});
    return this.session;
  }

  private createSession(extra: { resume?: SessionRecord }): Session {
    const agent = this.agent();
    const settings = readSettings((m) => this.parts.log.warn(m));
    const view = this.parts.view;
    // Events of a session that is no longer the chat's (a stopped turn winding down after New Chat) are not shown.
    let owner: Session | undefined;
    const host = new VsCodeHost({
      ...this.parts.host,
      chat: {
        emit: (event) => {
          if (owner !== undefined && owner === this.session) this.emit(event);
        },
        get visible() {
          return view.visible;
        },
      },
    });
    owner = new agent.Session({
      host,
      provider: { kind: settings['provider.kind'] },
      model: settings.model,
      effort: settings.reasoningEffort,
      store: this.sessionStore(),
      hints: agent.VSCODE_HINTS,
      commandPolicy: commandPolicy(settings),
      commandTimeoutMs: commandTimeoutMs(settings),
      ...(this.parts.fetch ? { fetch: this.parts.fetch } : {}),
      ...extra,
    });
    this.host = host;
    return owner;
  }

  private async runTurn(session: Session, run: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
    const abort = new AbortController();
    let finished!: () => void;
    this.turn = { abort, done: new Promise<void>((resolve) => (finished = resolve)) };
    this.parts.view.post({ type: 'running', running: true });
    try {
      session.commandPolicy = commandPolicy();
      session.setProvider(await this.provider());
      await run(abort.signal);
    } catch (error) {
      this.emit({ type: 'error', message: `Codewright could not run this request: ${errorText(error)}`, retryable: false, code: 'internal' });
    } finally {
      this.turn = undefined;
      finished();
      this.parts.view.post({ type: 'running', running: false });
      if (this.session === session) await this.parts.state.update(CURRENT_SESSION, session.id);
    }
  }

  private sessionStore(): SessionStore {
    this.store ??= new (this.agent().SessionStore)(this.parts.sessionsDir);
    return this.store;
  }

  private emit(event: ChatEvent): void {
    this.transcript.apply(event);
    this.parts.view.post({ type: 'event', event });
    this.emitted.fire({ source: CHAT_SOURCE, event });
  }

  dispose(): void {
    this.stop();
    this.emitted.dispose();
  }

  private info(): SessionInfo | null {
    const s = this.session;
    return s ? { id: s.id, title: s.title, model: s.model, updatedAt: Date.now() } : null;
  }

  /** The conversation for the view: the newest page first, then older pages, so a long chat arrives in small pieces. */
  private postTranscript(): void {
    const s = this.session;
    const entries = this.transcript.entries;
    const replay = ++this.replays;
    let start = Math.max(0, entries.length - REPLAY_PAGE);
    this.parts.view.post({
      type: 'transcript',
      replay,
      session: this.info(),
      entries: entries.slice(start),
      running: this.running,
      ...(s ? { usage: { session: s.usage, contextTokens: s.contextTokens, contextWindow: s.contextWindow } } : {}),
    });
    while (start > 0) {
      const end = start;
      start = Math.max(0, start - REPLAY_PAGE);
      this.parts.view.post({ type: 'transcript_older', replay, entries: entries.slice(start, end) });
    }
  }
}

/** Where sessions live under the extension's global storage. */
export function sessionsDirectory(globalStorage: vscode.Uri): string {
  return path.join(globalStorage.fsPath, 'sessions');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
