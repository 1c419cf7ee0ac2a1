// The one place a core Session is built, for the chat and for editor tasks alike: the provider and the model from the
// settings and secret storage, the command policy, the tool dialect (with the endpoints' remembered dialects, shared by all
// sessions and Check Connection), the VS Code Host and the logged transport.
import path from 'node:path';
import type * as vscode from 'vscode';
import type {
  DialectMemory,
  FunctionToolSource,
  Host,
  InstructionSource,
  ProviderConfig,
  Session,
  SessionRecord,
  SessionStore,
} from '../../core/index';
import type { Settings } from '../config/settings';
import { commandPolicy, commandTimeoutMs } from '../terminal/commandApproval';
import type { AgentModule } from './agentModule';
import { VsCodeHost, type ChatSurface, type HostParts } from './vscodeHost';

export interface SessionFactoryParts {
  /** Where the chat's sessions are saved: a folder under the extension's global storage. */
  sessionsDir: string;
  /** The endpoints' remembered dialects (which have no /responses), shared with Check Connection. */
  dialects: DialectMemory;
  /** The agent core (the lazily loaded dist/agent.js). */
  agent: () => AgentModule;
  settings: () => Settings;
  /** The provider as the next request would use it (settings plus the stored key). */
  provider: () => Promise<ProviderConfig>;
  host: Omit<HostParts, 'chat'>;
  /** The transport every session's requests go through (the extension's logs each request's status, timing and id). */
  fetch?: typeof fetch;
  /** The MCP servers' tools, offered to every session that may act (not to read-only ones). */
  functionTools?: FunctionToolSource;
  /** AGENTS.md and the standing instructions, asked at each turn. */
  instructions?: InstructionSource;
}

export interface SessionRequest {
  /** Where the session's events go, and whether the user sees the chat. */
  chat: ChatSurface;
  /** No edits and no commands (Review Changes). */
  readOnly?: boolean;
  /** Saved in the sessions folder, so the chat history lists it (the chat's; editor tasks are not saved). */
  saved?: boolean;
  resume?: SessionRecord;
}

export type HostWrapper = (host: Host, sessionId: () => string) => Host;

export interface BuiltSession {
  session: Session;
  host: VsCodeHost;
}

export class SessionFactory {
  private sessionStore: SessionStore | undefined;
  private savedHostWrapper: HostWrapper | undefined;

  constructor(private readonly parts: SessionFactoryParts) {}

  get sessionsDir(): string {
    return this.parts.sessionsDir;
  }

  /** The agent core, loaded on first use. */
  agent(): AgentModule {
    return this.parts.agent();
  }

  /** The provider as configured now, with the key from secret storage. */
  provider(): Promise<ProviderConfig> {
    return this.parts.provider();
  }

  /** Puts `wrap` between each chat session (saved, not read-only) and its host: checkpoints record the workspace around its turns. */
  wrapSavedHosts(wrap: HostWrapper): void {
    this.savedHostWrapper = wrap;
  }

  store(): SessionStore {
    this.sessionStore ??= new (this.parts.agent().SessionStore)(this.parts.sessionsDir);
    return this.sessionStore;
  }

  /** Throws when the agent core cannot be loaded (a broken install). */
  create(request: SessionRequest): BuiltSession {
    const agent = this.parts.agent();
    const settings = this.parts.settings();
    const host = new VsCodeHost({ ...this.parts.host, chat: request.chat }, { readOnly: request.readOnly === true });
    const wrap = request.saved && !request.readOnly ? this.savedHostWrapper : undefined;
    const session: Session = new agent.Session({
      host: wrap ? wrap(host, () => session.id) : host,
      // The key is added before each turn (setProvider), so a key set in between is used.
      provider: { kind: settings['provider.kind'] },
      model: settings.model,
      effort: settings.reasoningEffort,
      dialect: settings['provider.dialect'],
      dialectMemory: this.parts.dialects,
      hints: agent.VSCODE_HINTS,
      commandPolicy: request.readOnly ? { mode: 'never', allow: [], deny: [] } : commandPolicy(settings),
      commandTimeoutMs: commandTimeoutMs(settings),
      ...(request.saved ? { store: this.store() } : {}),
      ...(request.resume ? { resume: request.resume } : {}),
      ...(this.parts.fetch ? { fetch: this.parts.fetch } : {}),
      ...(this.parts.functionTools && !request.readOnly ? { functionTools: this.parts.functionTools } : {}),
      ...(this.parts.instructions ? { instructions: this.parts.instructions } : {}),
    });
    return { session, host };
  }
}

/** Where sessions live under the extension's global storage. */
export function sessionsDirectory(globalStorage: vscode.Uri): string {
  return path.join(globalStorage.fsPath, 'sessions');
}
