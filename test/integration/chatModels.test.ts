// The model in the chat against a provider that has shut the model down: the turn's 404 model_not_found puts the
// refusal in the header with a button for the served replacement, and the button switches codewright.model to it.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AgentEvents } from '../../src/extension/agent/agentEvents';
import { loadAgent } from '../../src/extension/agent/agentModule';
import { buildChat } from '../../src/extension/chat';
import { ChatContext } from '../../src/extension/chat/chatContext';
import { ChatViewProvider } from '../../src/extension/chat/chatView';
import { dispatch } from '../../src/extension/chat/messageHandlers';
import { onSettingsChanged } from '../../src/extension/config/settings';
import type { TestApi } from '../../src/extension/extension';
import type { HostMessage } from '../../src/shared/protocol';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { activateExtension, EXTENSION_ID, MemoryState, waitFor } from './support';

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
    // A chat of its own over the extension's sessions: the extension's view stays the workbench's, for the later suites.
    const log = vscode.window.createOutputChannel('Codewright retired-model test', { log: true });
    const events = new AgentEvents();
    const context = new ChatContext(() => undefined);
    const view = new ChatViewProvider(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, api.config.keys, log, {
      agent: loadAgent,
      provider: api.config.provider,
      cacheFile: api.config.modelsCacheFile,
      dialect: () => session.dialect,
    });
    const dialogs = { askTitle: () => Promise.reject(new Error('not asked')), confirmDelete: () => Promise.reject(new Error('not asked')) };
    const { session, handlers } = buildChat({
      log,
      sessions: api.agent.sessions,
      events,
      edits: api.review.manager,
      state: new MemoryState(),
      view,
      context,
      dialogs,
    });
    const wiring = vscode.Disposable.from(
      view.onDidReceiveMessage((message) => void dispatch(handlers, message, log)),
      onSettingsChanged(() => view.settingsChanged()),
    );
    const page = new PageView();
    view.resolveWebviewView(page as unknown as vscode.WebviewView);
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
      await session.idle();
      for (const d of [wiring, session, view, context, events, log]) d.dispose();
    }
  });
});
