// The chat view's host side treats the page as untrusted: a message that does not parse (unknown type, missing or
// wrong fields, oversized, a link to anything but the web or mail) is dropped and logged, and nothing is acted on. A
// link is checked again right before it would open.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AgentEvents } from '../../src/extension/agent/agentEvents';
import { loadAgent } from '../../src/extension/agent/agentModule';
import { buildChat } from '../../src/extension/chat';
import { ChatContext } from '../../src/extension/chat/chatContext';
import type { ChatPort } from '../../src/extension/chat/chatSession';
import { ChatViewProvider, type ChatModelSources } from '../../src/extension/chat/chatView';
import { dispatch } from '../../src/extension/chat/messageHandlers';
import type { TestApi } from '../../src/extension/extension';
import type { HostMessage, WebviewMessage } from '../../src/shared/protocol';
import { activateExtension, EXTENSION_ID, MemoryState } from './support';

/** A real log channel whose warnings and errors the test also reads. */
function recordingLog(channel: vscode.LogOutputChannel): { log: vscode.LogOutputChannel; warnings: string[] } {
  const warnings: string[] = [];
  const log = new Proxy(channel, {
    get(target, key, receiver) {
      if (key === 'warn' || key === 'error') return (message: string) => warnings.push(message);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { log, warnings };
}

/** A webview view that VS Code would hand to the provider, whose page the test plays. */
class FakeView {
  private readonly listeners = new Set<(raw: unknown) => void>();
  readonly posted: unknown[] = [];
  visible = true;
  readonly webview = {
    options: {},
    html: '',
    cspSource: 'vscode-resource:',
    asWebviewUri: (uri: vscode.Uri) => uri,
    postMessage: async (message: unknown) => this.posted.push(message) > 0,
    onDidReceiveMessage: (listener: (raw: unknown) => void) => {
      this.listeners.add(listener);
      return new vscode.Disposable(() => this.listeners.delete(listener));
    },
  };
  onDidChangeVisibility = () => new vscode.Disposable(() => undefined);
  onDidDispose = () => new vscode.Disposable(() => undefined);
  /** The page posts `raw`; the number of listeners that heard it. */
  send(raw: unknown): number {
    for (const listener of this.listeners) listener(raw);
    return this.listeners.size;
  }
}

const MALFORMED: [string, unknown][] = [
  ['not an object', 'send'],
  ['null', null],
  ['an unknown type', { type: 'run_shell', command: 'rm -rf ~' }],
  ['no type', { text: 'hello' }],
  ['a missing field', { type: 'resume' }],
  ['a field of the wrong type', { type: 'send', text: 42, files: [], images: [], model: 'gpt-5.1-codex', effort: 'low' }],
  ['an unknown effort', { type: 'set_effort', effort: 'ludicrous' }],
  ['a command the page may not run', { type: 'command', command: 'clearApiKey' }],
  ['an oversized text', { type: 'copy', text: 'x'.repeat(5_000_001) }],
  ['an oversized prompt', { type: 'send', text: 'x'.repeat(1_000_001), files: [], images: [], model: 'gpt-5.1-codex', effort: 'low' }],
  [
    'too many files',
    { type: 'send', text: 'hi', files: Array.from({ length: 51 }, (_, i) => `f${i}.ts`), images: [], model: 'm', effort: 'low' },
  ],
  ['an empty file path', { type: 'send', text: 'hi', files: [''], images: [], model: 'm', effort: 'low' }],
  ['a command: link', { type: 'open_link', href: 'command:workbench.action.terminal.new' }],
  ['a file: link', { type: 'open_link', href: 'file:///etc/passwd' }],
  ['a javascript: link', { type: 'open_link', href: 'javascript:alert(1)' }],
  ['a vscode: link', { type: 'open_link', href: 'vscode://settings/codewright.approval.commands' }],
];

describe('chat view messages', function () {
  this.timeout(60_000);
  let api: TestApi;
  const channel = vscode.window.createOutputChannel('Codewright messages test', { log: true });

  before(async () => {
    api = await activateExtension();
  });

  after(() => channel.dispose());

  const models = (): ChatModelSources => ({
    agent: loadAgent,
    provider: api.config.provider,
    cacheFile: api.config.modelsCacheFile,
    dialect: () => undefined,
  });

  for (const [what, raw] of MALFORMED) {
    it(`drops and logs ${what}`, () => {
      const { log, warnings } = recordingLog(channel);
      const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
      const view = new ChatViewProvider(extension.extensionUri, api.config.keys, log, models());
      const received: WebviewMessage[] = [];
      const listening = view.onDidReceiveMessage((m) => received.push(m));
      try {
        view.handleMessage(raw);
        assert.deepEqual(received, [], 'nothing reaches the handlers');
        assert.equal(warnings.length, 1, warnings.join('\n'));
        assert.match(warnings[0]!, /^Dropped a malformed message from the chat view: /);
      } finally {
        listening.dispose();
        view.dispose();
      }
    });
  }

  it('acts on nothing malformed in the running extension: no prompt sent, no chat started', async () => {
    const before = api.chat.session.entries.length;
    const session = api.chat.session.currentSessionId;
    for (const [, raw] of MALFORMED) api.chat.view.handleMessage(raw);
    // A valid message after them is handled, so the malformed ones had their chance to do something.
    api.chat.view.handleMessage({ type: 'history' });
    await api.chat.session.idle();
    assert.equal(api.chat.session.entries.length, before);
    assert.equal(api.chat.session.currentSessionId, session);
    assert.equal(api.chat.session.running, false);
  });

  it('checks a link again before opening it, so a handler reached without the view still opens no command: link', async () => {
    const { log, warnings } = recordingLog(channel);
    const posted: HostMessage[] = [];
    const view: ChatPort = { post: (m) => posted.push(m), visible: true, currentModel: async () => 'gpt-5.1-codex' };
    const context = new ChatContext(() => undefined);
    const events = new AgentEvents();
    try {
      const { handlers } = buildChat({
        log,
        sessions: api.agent.sessions,
        events,
        edits: api.review.manager,
        state: new MemoryState(),
        view,
        context,
        dialogs: { askTitle: () => Promise.reject(new Error('not asked')), confirmDelete: () => Promise.reject(new Error('not asked')) },
      });
      for (const href of ['command:workbench.action.terminal.new', 'file:///etc/passwd', 'https://example.com/ has a space']) {
        await dispatch(handlers, { type: 'open_link', href }, log);
      }
      assert.deepEqual(warnings, Array(3).fill('Did not open a link from the chat view: only http, https and mailto links open.'));
      assert.deepEqual(posted, []);
    } finally {
      context.dispose();
      events.dispose();
    }
  });

  it('keeps listening only to the view it resolved last: a view resolved again leaves no listener behind', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const view = new ChatViewProvider(extension.extensionUri, api.config.keys, channel, models());
    const received: WebviewMessage[] = [];
    const listening = view.onDidReceiveMessage((m) => received.push(m));
    try {
      const first = new FakeView();
      const second = new FakeView();
      view.resolveWebviewView(first as unknown as vscode.WebviewView);
      view.resolveWebviewView(second as unknown as vscode.WebviewView);
      assert.equal(first.send({ type: 'stop' }), 0, 'the first view has no listener left');
      assert.equal(second.send({ type: 'stop' }), 1);
      assert.deepEqual(received, [{ type: 'stop' }], 'a message is handled once');
    } finally {
      listening.dispose();
      view.dispose();
    }
  });
});
