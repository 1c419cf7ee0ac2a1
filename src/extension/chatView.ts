// The host side of the chat sidebar: resolves the webview, speaks the typed protocol with it, and keeps it in
// step with settings and the API key.
import * as vscode from 'vscode';
import { HostMessage, HostMessageSchema, ProviderInfo, WebviewMessage, WebviewMessageSchema } from '../protocol';
import type { ApiKeyStore } from './apiKey';
import { readSettings, Settings } from './settings';
import { chatHtml } from './webviewHtml';

export const CHAT_VIEW_ID = 'codewright.chat';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly keys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(keys.onDidChange(() => void this.postProvider()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [media] };
    const uri = (...p: string[]) => view.webview.asWebviewUri(vscode.Uri.joinPath(media, ...p)).toString();
    view.webview.html = chatHtml({
      cspSource: view.webview.cspSource,
      scriptUri: uri('webview.js'),
      styleUris: [uri('codicons', 'codicon.css'), uri('chat.css')],
    });
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidDispose(() => (this.view = undefined)),
    );
  }

  /** The HTML of the resolved view, for tests that check the shell. */
  get html(): string | undefined {
    return this.view?.webview.html;
  }

  settingsChanged(): void {
    void this.postProvider();
  }

  private receive(raw: unknown): void {
    const parsed = WebviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`Dropped a malformed message from the chat view: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      return;
    }
    this.handle(parsed.data);
  }

  private handle(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        void this.postProvider();
        return;
      case 'command':
        void vscode.commands.executeCommand(`codewright.${message.command}`);
        return;
    }
  }

  private async postProvider(): Promise<void> {
    const settings = readSettings((m) => this.log.warn(m));
    await this.post({ type: 'provider', provider: providerInfo(settings, (await this.keys.get()) !== undefined) });
  }

  private async post(message: HostMessage): Promise<void> {
    // Validated on the way out too: a bug here must not put a malformed message in front of the view.
    await this.view?.webview.postMessage(HostMessageSchema.parse(message));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

const KIND_LABELS: Record<Settings['provider.kind'], string> = {
  openai: 'OpenAI',
  azure: 'Azure OpenAI',
  openrouter: 'OpenRouter',
  custom: 'Custom endpoint',
};

export function providerInfo(settings: Settings, hasKey: boolean): ProviderInfo {
  const base = settings['provider.baseUrl'];
  let label = settings['provider.name'] || KIND_LABELS[settings['provider.kind']];
  if (!settings['provider.name'] && settings['provider.kind'] === 'custom' && base) {
    try {
      label = new URL(base).host;
    } catch {
      label = base;
    }
  }
  // A custom endpoint (vLLM, Ollama, LM Studio) often needs no key.
  const needsKey = settings['provider.kind'] !== 'custom';
  return { label, model: settings.model, hasApiKey: hasKey || !needsKey };
}
