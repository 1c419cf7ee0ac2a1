// The model in the chat against a provider that has shut the model down: the turn's 404 model_not_found puts the
// refusal in the header with a button for the served replacement, and the button switches codewright.model to it.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';
import type { HostMessage } from '../../src/shared/protocol';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { activateExtension, waitFor } from './support';

/** The page side of the chat view: records what the host posts, and posts as the page would. */
class PageView {
  private readonly listeners = new Set<(raw: unknown) => void>();
  readonly posted: HostMessage[] = [];
  visible = true;
  readonly webview = {
    options: {},
    html: '',
    cspSource: 'vscode-resource:',
    asWebviewUri: (uri: vscode.Uri) => uri,
    postMessage: async (message: HostMessage) => this.posted.push(message) > 0,
    onDidReceiveMessage: (listener: (raw: unknown) => void) => {
      this.listeners.add(listener);
      return new vscode.Disposable(() => this.listeners.delete(listener));
    },
  };
  onDidChangeVisibility = () => new vscode.Disposable(() => undefined);
  onDidDispose = () => new vscode.Disposable(() => undefined);
  send(raw: unknown): void {
    for (const listener of this.listeners) listener(raw);
  }
  configs(): Extract<HostMessage, { type: 'config' }>[] {
    return this.posted.filter((m): m is Extract<HostMessage, { type: 'config' }> => m.type === 'config');
  }
}

describe('chat: a retired model', function () {
  this.timeout(90_000);
  let api: TestApi;
  let server: FakeServer;
  const config = () => vscode.workspace.getConfiguration('codewright');

  before(async () => {
    api = await activateExtension();
    server = await startFakeServer({ persona: 'retired' });
    await config().update('provider.kind', 'custom', vscode.ConfigurationTarget.Global);
    await config().update('provider.baseUrl', server.url, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const key of ['provider.kind', 'provider.baseUrl']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await config().update('model', 'gpt-5.1-codex', vscode.ConfigurationTarget.Workspace);
    await server.close();
  });

  it('shows the refusal with a button for the served replacement, which switches codewright.model', async () => {
    const page = new PageView();
    api.chat.view.resolveWebviewView(page as unknown as vscode.WebviewView);
    try {
      page.send({ type: 'ready' });
      await waitFor(() => page.configs().some((c) => c.model === 'gpt-5.1-codex'), 'the config for the configured model');
      page.send({ type: 'send', text: 'hello', files: [], images: [], model: 'gpt-5.1-codex', effort: 'medium' });
      const refused = await waitFor(() => page.configs().find((c) => c.warning !== undefined), 'the header to show the refusal');
      assert.match(refused.warning!, /The model "gpt-5\.1-codex" .*HTTP 404/);
      assert.equal(refused.replacement, 'gpt-6.1-sol');
      page.send({ type: 'switch_model', model: refused.replacement });
      await waitFor(() => config().get('model') === 'gpt-6.1-sol', 'codewright.model to be switched');
      const switched = await waitFor(() => page.configs().findLast((c) => c.model === 'gpt-6.1-sol'), 'the config for the new model');
      assert.equal(switched.warning, undefined, 'the warning goes with the old model');
      assert.ok(!switched.efforts.includes('none'), 'only the efforts gpt-6.1-sol accepts are offered');
    } finally {
      page.visible = false;
    }
  });
});
