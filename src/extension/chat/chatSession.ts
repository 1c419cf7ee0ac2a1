// The chat's current session: New Chat, send, Stop, Retry and reopening a saved chat. It keeps the transcript the view
// replays when it is shown again, and remembers the current session so a window reload reopens it.
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import type { Session, SessionRecord } from '../../core/index';
import { errorText } from '../../shared/errorText';
import type { ChatEvent, Entry, HostMessage, SessionInfo, WebviewMessage } from '../../shared/protocol';
import { Transcript } from '../../shared/transcript';
import { CHAT_SOURCE, type AgentEvents } from '../agent/agentEvents';
import type { SessionFactory } from '../agent/sessionFactory';
import type { ApprovalDecision, VsCodeHost } from '../agent/vscodeHost';
import { readSettings } from '../config/settings';
import { commandPolicy } from '../terminal/commandApproval';
import type { Attachment, ChatContext } from './chatContext';
import { rewoundRecord } from './rewind';
import { savedEntries } from './savedTranscript';
import { transcriptMessages } from './transcriptPages';

/** The chat view as the session uses it. */
export interface ChatPort {
  post(message: HostMessage): void;
  readonly visible: boolean;
  /** The model a message sent now uses when it names none: the configured one, or the one picked from what is served. */
  currentModel(): Promise<string>;
}

export interface ChatSessionParts {
  sessions: SessionFactory;
  events: AgentEvents;
  log: vscode.LogOutputChannel;
  /** Per-workspace memory of the current session, so a reload reopens it. */
  state: vscode.Memento;
  view: ChatPort;
  context: ChatContext;
  /** Shows an information message (a sentence the user can act on). */
  inform(message: string): void;
  /** Tells the workbench whether a turn runs (Stop is offered only then). */
  setRunning(running: boolean): void;
}

const CURRENT_SESSION = 'codewright.currentSession';

/** The chat went back before its last `messages` user messages (Edit and resend, Retry, Restore with the chat). */
export interface ChatRewind {
  sessionId: string;
  messages: number;
}

export class ChatSession {
  private session: Session | undefined;
  private readonly rewindListeners = new Set<(rewind: ChatRewind) => void>();
  private host: VsCodeHost | undefined;
  private transcript = new Transcript();
  private turn: { abort: AbortController; done: Promise<void> } | undefined;
  private restored = false;
  private replays = 0;

  constructor(private readonly parts: ChatSessionParts) {}

  get entries(): readonly Entry[] {
    return this.transcript.entries;
  }

  get running(): boolean {
    return this.turn !== undefined;
  }

  /** How the session's tools reach the model, in words; undefined before the chat has a session. */
  get dialect(): string | undefined {
    return this.session && this.parts.sessions.agent().describeDialect(this.session.dialect);
  }

  get currentSessionId(): string | undefined {
    return this.session?.id;
  }

  /** The open chat's title, when `id` is the open chat. */
  titleOf(id: string): string | undefined {
    return this.session?.id === id ? this.session.title : undefined;
  }

  /** Resolves when the running turn (if any) has finished and its session is saved. */
  async idle(): Promise<void> {
    await this.turn?.done;
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
          const message = `The last chat could not be reopened: ${errorText(error)} It is still listed in the chat history.`;
          this.transcript.apply({ type: 'error', message, retryable: false, code: 'resume' });
        }
      }
    }
    this.show();
    this.parts.view.post({ type: 'selection', selection: this.parts.context.selection() });
  }

  newChat(): void {
    this.stop();
    this.session = undefined;
    this.host = undefined;
    this.transcript = new Transcript();
    void this.parts.state.update(CURRENT_SESSION, undefined);
    this.show();
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
      session = this.session ?? this.start({});
    } catch (error) {
      const text = `The agent could not start: ${errorText(error)}. Reinstall or update Codewright.`;
      this.emit({ type: 'error', message: text, retryable: false, code: 'internal' });
      return;
    }
    try {
      session.model = message.model || (await this.parts.view.currentModel());
    } catch (error) {
      this.emit({ type: 'error', message: `No model could be chosen: ${errorText(error)}`, retryable: true, code: 'model' });
      return;
    }
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
      this.parts.inform('Codewright: there is nothing to retry, the model already answered. Send a new message instead.');
      return;
    }
    await this.runTurn(session, (signal) => session.retry(signal));
  }

  /**
   * Retry or Edit on the user message `id`: the chat (transcript and the model's history) goes back to before it, and
   * `text` is sent in its place with the message's attachments.
   */
  async resend(id: string, text: string): Promise<void> {
    const rewound = this.rewind(id, 'send it again');
    if (!rewound) return;
    const settings = readSettings((m) => this.parts.log.warn(m));
    await this.send({
      type: 'send',
      text,
      files: rewound.entry.files,
      ...(rewound.entry.selection ? { selection: rewound.entry.selection } : {}),
      images: rewound.entry.images,
      model: rewound.session?.model ?? '',
      effort: rewound.session?.effort ?? settings.reasoningEffort,
    });
  }

  /**
   * Restore to here, with the conversation: the chat goes back to before the user message `id`, and its text waits in
   * the composer to be sent again or changed. When it cannot go back, the user is told why.
   */
  rewindTo(id: string): void {
    const rewound = this.rewind(id, 'take the chat back to it');
    if (rewound) this.parts.view.post({ type: 'draft', text: rewound.entry.text });
  }

  /** Called (synchronously, before anything is sent again) each time the chat goes back before some of its messages. */
  onDidRewind(listener: (rewind: ChatRewind) => void): { dispose(): void } {
    this.rewindListeners.add(listener);
    return { dispose: () => this.rewindListeners.delete(listener) };
  }

  /** Takes the chat (transcript and the model's history) back to before the user message `id`; `action` says what for. */
  private rewind(id: string, action: string): { entry: Extract<Entry, { kind: 'user' }>; session: Session | undefined } | undefined {
    if (this.turn) {
      this.parts.log.warn(`Asked to ${action} while the agent was still working; the chat was left as it was.`);
      return undefined;
    }
    const entries = this.transcript.entries;
    const index = entries.findIndex((e) => e.kind === 'user' && e.id === id);
    const entry = entries[index];
    if (!entry || entry.kind !== 'user') {
      this.parts.inform(`Codewright: that message is no longer in this chat, so Codewright cannot ${action}.`);
      return undefined;
    }
    const session = this.session;
    if (session) {
      const messages = entries.slice(index).filter((e) => e.kind === 'user').length;
      const record = rewoundRecord(session.toRecord(), messages);
      if (!record) {
        this.parts.inform(
          `Codewright: the chat was compacted past that message, so Codewright cannot ${action}. Copy it into a new message.`,
        );
        return undefined;
      }
      this.start({ resume: record });
      for (const listener of this.rewindListeners) listener({ sessionId: session.id, messages });
    }
    this.transcript = new Transcript(entries.slice(0, index));
    this.show();
    return { entry, session };
  }

  /** The user's answer on a command card; false when the command was already settled. */
  async decide(callId: string, decision: ApprovalDecision, reason?: string): Promise<boolean> {
    return (await this.host?.decide(callId, decision, reason)) === true;
  }

  /** Opens a saved chat (a no-op when it is the open one). */
  async open(id: string): Promise<void> {
    if (this.session?.id === id) return this.show();
    const record = await this.parts.sessions.store().load(id);
    this.stop();
    this.start({ resume: record });
    this.transcript = new Transcript(savedEntries(record.history, this.parts.sessions.agent().transcriptOf(record.history)));
    await this.parts.state.update(CURRENT_SESSION, id);
    this.show();
  }

  /** Renames the open chat (saved with it). */
  async rename(title: string): Promise<void> {
    await this.session?.rename(title);
  }

  /** Ends the open chat for good when it is `id`: the stopped turn saves as it ends, so this waits for that first. */
  async close(id: string): Promise<void> {
    if (this.session?.id !== id) return;
    this.stop();
    await this.idle();
    this.newChat();
  }

  private start(extra: { resume?: SessionRecord }): Session {
    const view = this.parts.view;
    // Events of a session that is no longer the chat's (a stopped turn winding down after New Chat) are not shown.
    let owner: Session | undefined;
    const chat = {
      emit: (event: ChatEvent) => {
        if (owner !== undefined && owner === this.session) this.emit(event);
      },
      get visible() {
        return view.visible;
      },
    };
    const built = this.parts.sessions.create({ chat, saved: true, ...extra });
    owner = built.session;
    this.session = built.session;
    this.host = built.host;
    return built.session;
  }

  private async runTurn(session: Session, run: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
    const abort = new AbortController();
    let finished!: () => void;
    this.turn = { abort, done: new Promise<void>((resolve) => (finished = resolve)) };
    this.parts.view.post({ type: 'running', running: true });
    this.parts.setRunning(true);
    try {
      session.commandPolicy = commandPolicy();
      session.setProvider(await this.parts.sessions.provider());
      await run(abort.signal);
    } catch (error) {
      this.emit({
        type: 'error',
        message: `Codewright could not run this request: ${errorText(error)}`,
        retryable: false,
        code: 'internal',
      });
    } finally {
      this.turn = undefined;
      finished();
      this.parts.view.post({ type: 'running', running: false });
      this.parts.setRunning(false);
      if (this.session === session) await this.parts.state.update(CURRENT_SESSION, session.id);
    }
  }

  private emit(event: ChatEvent): void {
    this.transcript.apply(event);
    this.parts.view.post({ type: 'event', event });
    this.parts.events.fire(CHAT_SOURCE, event);
  }

  private info(): SessionInfo | null {
    const s = this.session;
    return s ? { id: s.id, title: s.title, model: s.model, updatedAt: Date.now() } : null;
  }

  /** Posts the conversation to the view. */
  show(): void {
    const s = this.session;
    const usage = s ? { session: s.usage, contextTokens: s.contextTokens, contextWindow: s.contextWindow } : undefined;
    const pages = transcriptMessages({
      replay: ++this.replays,
      session: this.info(),
      entries: this.transcript.entries,
      running: this.running,
      usage,
    });
    for (const message of pages) this.parts.view.post(message);
  }

  dispose(): void {
    this.stop();
  }
}
