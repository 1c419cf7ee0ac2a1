// The host side of the chat sidebar: resolves the webview, speaks the typed protocol with it, and keeps it in
// step with settings and the API key. Every valid message goes to whoever listens (the chat's message handlers).
import vscode = require('vscode');
import { errorText } from '../../shared/errorText';
import { HostMessageSchema, WebviewMessageSchema, type HostMessage, type WebviewMessage } from '../../shared/protocol';
import type { ProviderConfig } from '../../core/index';
import type { AgentModule } from '../agent/agentModule';
import type { ApiKeyStore } from '../config/apiKey';
import { providerInfo } from '../config/providerConfig';
import { readSettings } from '../config/settings';
import { chatConfig, readServed, type ChatConfig } from './chatModels';
import { CHAT_VIEW_ID } from './chatViewId';
import { chatHtml } from './webviewHtml';
import { workspaceSummary } from './workspaceSummary';

/** Where the chat reads the provider's served models from. */
export interface ChatModelSources {
  agent(): AgentModule;
  provider(): Promise<ProviderConfig>;
  /** Where the served-model lists are cached (shared with Select Model). */
  cacheFile: string;
  /** How the chat session's tools reach the model, in words; undefined before the chat has a session. */
  dialect(): string | undefined;
}

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** The page posted `ready` and has not been hidden since: messages reach it. */
  private ready = false;
  /** Messages that must survive until the page is ready (e.g. "open the history" sent while the view was opening). */
  private queued: HostMessage[] = [];
  private readonly received = new vscode.EventEmitter<WebviewMessage>();
  private readonly disposables: vscode.Disposable[] = [this.received];
  /** The listeners of the view resolved last: a view resolved again replaces them, so none outlives its view. */
  private viewListeners: vscode.Disposable | undefined;
  /** The config sent last, and the count of configs started (a slower, older one never overwrites a newer one). */
  private config: ChatConfig | undefined;
  private configs = 0;
  /** The provider's refusal of a model (404 model_not_found), shown in the header until the model changes. */
  private refusal: { model: string; message: string } | undefined;
  /** The default-model sentence already logged: said once, not at every settings change. */
  private loggedNotice = '';
  /** Every valid message from the page; `ready` after this view has sent the provider and the settings. */
  readonly onDidReceiveMessage = this.received.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly keys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly models: ChatModelSources,
  ) {
    this.disposables.push(keys.onDidChange(() => void this.postProvider()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [media] };
    const uri = (...p: string[]) => view.webview.asWebviewUri(vscode.Uri.joinPath(media, ...p)).toString();
    view.webview.html = chatHtml({
      cspSource: view.webview.cspSource,
      scriptUri: uri('webview.js'),
      styleUris: [uri('codicons', 'codicon.css'), uri('chat.css')],
    });
    this.viewListeners?.dispose();
    this.viewListeners = vscode.Disposable.from(
      view.webview.onDidReceiveMessage((raw: unknown) => this.handleMessage(raw)),
      // Hidden, the page is discarded (no retained context); shown again, it reloads and asks for everything anew.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        if (this.view !== view) return;
        this.view = undefined;
        this.ready = false;
        this.viewListeners?.dispose();
        this.viewListeners = undefined;
      }),
    );
  }

  /** The HTML of the resolved view, for tests that check the shell. */
  get html(): string | undefined {
    return this.view?.webview.html;
  }

  /** Whether the user can see the chat now (a command card is shown there instead of a modal). */
  get visible(): boolean {
    return this.view?.visible === true;
  }

  /** Opens the view (and its container) if needed. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  settingsChanged(): void {
    void this.postProvider();
    this.refreshConfig(false);
  }

  /** The model a message sent now would use: the configured one, or the one picked from what the provider serves. */
  async currentModel(): Promise<string> {
    return this.config?.model ?? (await this.postConfig(false)).model;
  }

  /** Entry point for everything the page posts: validated here, anything malformed is dropped and logged. */
  handleMessage(raw: unknown): void {
    const parsed = WebviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`Dropped a malformed message from the chat view: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      return;
    }
    if (parsed.data.type !== 'ready') return this.received.fire(parsed.data);
    this.pageReady(parsed.data).catch((error: unknown) => this.log.error(`The chat view could not be set up: ${errorText(error)}`));
  }

  /** The page (re)loaded: it gets the provider and the settings, then its conversation, then what waited for it. */
  private async pageReady(message: WebviewMessage): Promise<void> {
    this.ready = true;
    await this.postProvider();
    // Not awaited: the provider's model list may take a moment to read, and the conversation need not wait for it.
    this.refreshConfig(false);
    // Not awaited: listing the workspace's files must not hold up the conversation.
    this.postWorkspace().catch((error: unknown) =>
      this.log.warn(`Could not describe the workspace for suggested prompts: ${errorText(error)}`),
    );
    this.received.fire(message);
    for (const m of this.queued.splice(0)) this.post(m);
  }

  /** Sends to the page when it is there to listen; nothing is lost, as the page asks for the state again when shown. */
  post(message: HostMessage): void {
    // Validated on the way out too: a bug here must not put a malformed message in front of the view.
    const parsed = HostMessageSchema.safeParse(message);
    if (!parsed.success) {
      this.log.error(
        `Did not send a malformed ${message.type} message to the chat view: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      );
      return;
    }
    if (this.view && this.ready) void this.view.webview.postMessage(parsed.data);
    // A turn starts with the session's dialect and may end on another (auto falls back to Chat Completions): the header follows.
    if (parsed.data.type === 'running') this.postDialect();
    const event = parsed.data.type === 'event' ? parsed.data.event : undefined;
    if (event?.type === 'error' && event.code === 'model_not_found' && this.config) {
      this.refusal = { model: this.config.model, message: event.message };
      // The model turned out to be gone, so the cached list may be stale too: the replacement comes from a fresh one.
      this.refreshConfig(true);
    }
  }

  private dialect(): { dialect?: string } {
    const dialect = this.models.dialect();
    return dialect === undefined ? {} : { dialect };
  }

  private postDialect(): void {
    const dialect = this.models.dialect();
    if (!this.config || dialect === undefined || dialect === this.config.dialect) return;
    this.config = { ...this.config, dialect };
    this.post(this.config);
  }

  /** Like post, but kept until the page is ready when it is still loading. */
  postWhenReady(message: HostMessage): void {
    if (this.view && this.ready) this.post(message);
    else this.queued.push(message);
  }

  private async postProvider(): Promise<void> {
    const settings = readSettings((m) => this.log.warn(m));
    this.post({ type: 'provider', provider: providerInfo(settings, (await this.keys.get()) !== undefined) });
  }

  private refreshConfig(refresh: boolean): void {
    this.postConfig(refresh).catch((error: unknown) => this.log.error(`The chat's model settings could not be read: ${errorText(error)}`));
  }

  private async postConfig(refresh: boolean): Promise<ChatConfig> {
    const settings = readSettings((m) => this.log.warn(m));
    this.post({ type: 'approval_modes', modes: { edits: settings['approval.edits'], commands: settings['approval.commands'] } });
    const started = ++this.configs;
    const agent = this.models.agent();
    const list = await readServed(agent, await this.models.provider(), this.models.cacheFile, refresh);
    const config = chatConfig(agent, {
      list,
      configured: settings.model,
      extra: settings['models.extra'],
      effort: settings.reasoningEffort,
      today: new Date(),
      ...(this.refusal ? { refusal: this.refusal } : {}),
      ...this.dialect(),
    });
    if (started !== this.configs) return config;
    if (this.refusal?.model !== config.model) this.refusal = undefined;
    if (config.notice !== undefined && config.notice !== this.loggedNotice) {
      this.loggedNotice = config.notice;
      this.log.info(config.notice);
    }
    this.config = config;
    this.post(config);
    return config;
  }

  private async postWorkspace(): Promise<void> {
    this.post({ type: 'workspace', workspace: await workspaceSummary() });
  }

  dispose(): void {
    this.viewListeners?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
