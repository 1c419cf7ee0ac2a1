// The chat in a real VS Code: the view resolves, prompts round-trip through the fake Responses API server, the chat's
// command and edit cards drive the real terminal and diff review, and sessions persist for a new controller (a reload).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { AgentEvents } from '../../src/extension/agent/agentEvents';
import type { AgentModule } from '../../src/extension/agent/agentModule';
import { SessionFactory } from '../../src/extension/agent/sessionFactory';
import { buildChat } from '../../src/extension/chat';
import { ChatContext } from '../../src/extension/chat/chatContext';
import type { ChatDialogs } from '../../src/extension/chat/chatDialogs';
import type { ChatPort } from '../../src/extension/chat/chatSession';
import { dispatch } from '../../src/extension/chat/messageHandlers';
import { readSettings } from '../../src/extension/config/settings';
import type { TestApi } from '../../src/extension/extension';
import type { Entry, HostMessage, WebviewMessage } from '../../src/shared/protocol';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { activateExtension, EXTENSION_ID, MemoryState, waitFor } from './support';

type Of<K extends Entry['kind']> = Extract<Entry, { kind: K }>;

const workspace = (): string => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return folder.uri.fsPath;
};

/** A chat view that records what the controller posts, for controllers built by the tests. */
class RecordingView implements ChatPort {
  readonly posted: HostMessage[] = [];
  visible = true;
  async currentModel(): Promise<string> {
    return 'gpt-5.1-codex';
  }
  post(message: HostMessage): void {
    this.posted.push(message);
  }
  last<T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }> | undefined {
    return this.posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type).pop();
  }
}

describe('chat', function () {
  this.timeout(90_000);
  let api: TestApi;
  let server: FakeServer;
  const config = () => vscode.workspace.getConfiguration('codewright');
  const log = vscode.window.createOutputChannel('Codewright chat test', { log: true });
  const disposables: vscode.Disposable[] = [log];

  const send = (text: string, extra: Partial<Extract<WebviewMessage, { type: 'send' }>> = {}) =>
    api.chat.view.handleMessage({ type: 'send', text, files: [], images: [], model: 'gpt-5.1-codex', effort: 'low', ...extra });
  const find = <K extends Entry['kind']>(kind: K, test: (e: Of<K>) => boolean = () => true) =>
    api.chat.session.entries.find((e): e is Of<K> => e.kind === kind && test(e as Of<K>));
  const finished = () => waitFor(() => !api.chat.session.running, 'the turn to finish', 60_000);
  const prompts = () => api.chat.session.entries.filter((e) => e.kind === 'user').length;
  /** Sends and waits for the whole turn; the prompt is in the transcript from the moment the turn starts. */
  const turn = async (text: string, extra: Partial<Extract<WebviewMessage, { type: 'send' }>> = {}) => {
    const before = prompts();
    send(text, extra);
    await waitFor(() => prompts() > before, 'the prompt to be sent');
    await finished();
  };

  /** The chat over the same sessions folder, as the extension builds it after a window reload. */
  const noDialogs: ChatDialogs = {
    askTitle: () => Promise.reject(new Error('this test asks for no title')),
    confirmDelete: () => Promise.reject(new Error('this test confirms no deletion')),
  };
  const reloaded = (state: vscode.Memento, view: RecordingView, dialogs = noDialogs) => {
    const context = new ChatContext(() => undefined);
    const events = new AgentEvents();
    disposables.push(context, events);
    const sessions = new SessionFactory({
      sessionsDir: api.agent.sessions.sessionsDir,
      dialects: api.config.dialects,
      // The extension's own bundle of the core, as the session factory the extension built uses.
      agent: () => require(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'agent.js')) as AgentModule,
      settings: () => readSettings(),
      provider: api.config.provider,
      host: {
        review: api.review.manager,
        runner: { runCommand: () => Promise.reject(new Error('no commands in this test')) },
        approveInModal: async () => ({ approved: false }),
        addToAllowlist: async () => undefined,
      },
    });
    const { handlers } = buildChat({ log, sessions, events, edits: api.review.manager, state, view, context, dialogs });
    return { handle: (message: WebviewMessage) => dispatch(handlers, message, log) };
  };

  before(async () => {
    api = await activateExtension();
    server = await startFakeServer();
    await config().update('provider.kind', 'custom', vscode.ConfigurationTarget.Global);
    await config().update('provider.baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('codewright.newChat');
    await waitFor(() => api.chat.view.html, 'the chat view to resolve');
    await waitFor(() => api.chat.view.visible, 'the chat view to be visible');
  });

  after(async () => {
    api.chat.session.newChat();
    // The command these tests ran opened the extension's terminal; later suites expect to create their own.
    for (const t of vscode.window.terminals.filter((t) => t.name.startsWith('Codewright'))) t.dispose();
    for (const key of ['provider.kind', 'provider.baseUrl', 'commands.allow'])
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    for (const d of disposables) d.dispose();
    await server?.close();
  });

  it('resolves the view with the chat bundle and its styles', () => {
    const html = api.chat.view.html!;
    assert.match(html, /webview\.js/);
    assert.match(html, /chat\.css/);
    assert.match(html, /codicon\.css/);
  });

  it('round-trips a prompt through the Responses API: reasoning, the streamed answer and usage land in the transcript', async () => {
    server.enqueue({
      items: [
        { type: 'reasoning', summary: ['**Greeting the user**\n\nA short hello.'] },
        { type: 'text', text: 'Hello from the fake model.' },
      ],
    });
    await turn('Say hello', { effort: 'high' });
    assert.equal(find('user')?.text, 'Say hello');
    assert.deepEqual(find('reasoning')?.parts, ['**Greeting the user**\n\nA short hello.']);
    assert.equal(find('assistant')?.text, 'Hello from the fake model.');
    assert.ok(find('usage'), 'usage was reported for the turn');
    const body = server.requests.at(-1)?.body as { model: string; reasoning: { effort: string }; input: unknown[] };
    assert.equal(body.model, 'gpt-5.1-codex');
    assert.equal(body.reasoning.effort, 'high');
    assert.match(JSON.stringify(body.input), /Say hello/);
  });

  it('attaches mentioned files to the message and offers them for @ completion', async () => {
    const view = new RecordingView();
    const controller = reloaded(new MemoryState(), view);
    await controller.handle({ type: 'mention_query', requestId: 7, query: 'read' });
    const results = view.last('mention_results');
    assert.equal(results?.requestId, 7);
    assert.equal(results?.files[0], 'README.md', 'the file whose name starts with the query comes first');

    server.enqueue({ items: [{ type: 'text', text: 'It is a fixture.' }] });
    await turn('What is this file?', { files: ['README.md'] });
    const input = JSON.stringify(server.requests.at(-1)?.body);
    const readme = fs.readFileSync(path.join(workspace(), 'README.md'), 'utf8');
    assert.ok(input.includes('Attached file README.md:'), 'the file is labelled for the model');
    assert.ok(input.includes(JSON.stringify(readme).slice(1, -1)), 'the file content went to the model');
  });

  it('runs a command the user approves on the chat card, with its exit code on the card', async () => {
    server.enqueue(
      { items: [{ type: 'shell_call', commands: ['node -e \'console.log("chat-card-ran")\''] }] },
      { items: [{ type: 'text', text: 'The command ran.' }] },
    );
    send('Run echo');
    const card = await waitFor(() => find('command', (c) => c.pending), 'the command card to wait for approval');
    assert.deepEqual(card.commands, ['node -e \'console.log("chat-card-ran")\'']);
    assert.equal(card.allowable, true);
    api.chat.view.handleMessage({ type: 'approval', callId: card.id, decision: 'run' });
    await finished();
    const ran = find('command', (c) => c.id === card.id)!;
    assert.equal(ran.outcome, 'completed');
    assert.equal(ran.runs[0]?.exitCode, 0);
    assert.ok((ran.runs[0]?.durationMs ?? -1) >= 0);
    assert.match(ran.output, /chat-card-ran/);
    assert.match(JSON.stringify(server.requests.at(-1)?.body), /chat-card-ran/, 'the output went back to the model');
  });

  it('rejects a command from the card with the reason the user typed', async () => {
    server.enqueue({ items: [{ type: 'shell_call', commands: ['rm -r build'] }] }, { items: [{ type: 'text', text: 'Understood.' }] });
    send('Clean up');
    const card = await waitFor(() => find('command', (c) => c.pending), 'the command card to wait for approval');
    api.chat.view.handleMessage({ type: 'approval', callId: card.id, decision: 'reject', reason: 'keep the build folder' });
    await finished();
    assert.equal(find('command', (c) => c.id === card.id)?.outcome, 'rejected');
    assert.match(JSON.stringify(server.requests.at(-1)?.body), /The user rejected this command: keep the build folder/);
  });

  it('accepts an edit from the chat card: +/− counts on the card, the file written', async () => {
    const file = `notes/chat-${Date.now()}.txt`;
    server.enqueue(
      { items: [{ type: 'apply_patch_call', operation: { type: 'create_file', path: file, diff: '+first line\n+second line\n' } }] },
      { items: [{ type: 'text', text: 'Created it.' }] },
    );
    send('Write notes');
    const card = await waitFor(() => find('edit', (e) => e.pending), 'the edit card to wait for review');
    assert.deepEqual([card.path, card.change, card.added, card.removed], [file, 'create', 2, 0]);
    api.chat.view.handleMessage({ type: 'edit', callId: card.id, action: 'accept' });
    await finished();
    assert.equal(find('edit', (e) => e.id === card.id)?.outcome, 'completed');
    assert.equal(fs.readFileSync(path.join(workspace(), file), 'utf8'), 'first line\nsecond line\n');
  });

  it('stops a running turn at once', async () => {
    server.enqueue({
      items: [{ type: 'text', text: 'This answer never completes because the stream stalls.' }],
      fail: { kind: 'stall', afterEvents: 6 },
    });
    send('Stall please');
    await waitFor(() => find('assistant', (a) => a.streaming), 'the answer to start streaming');
    await vscode.commands.executeCommand('codewright.stop');
    await finished();
    assert.ok(
      find('notice', (n) => n.text === 'Stopped.'),
      'the transcript says it stopped',
    );
  });

  it('keeps the conversation for a reloaded window, and renames and deletes it from the history', async () => {
    const id = api.chat.session.currentSessionId!;
    assert.ok(id);
    await api.chat.session.idle();
    const state = new MemoryState();
    await state.update('codewright.currentSession', id);
    const view = new RecordingView();
    const dialogs: ChatDialogs = { askTitle: async () => 'Renamed chat', confirmDelete: async () => true };
    const controller = reloaded(state, view, dialogs);
    await controller.handle({ type: 'ready' });
    const replay = view.last('transcript')!;
    assert.equal(replay.session?.id, id, JSON.stringify(replay.entries));
    assert.equal(replay.session?.title, 'Say hello');
    const entries = replay.entries;
    assert.deepEqual(
      entries.filter((e) => e.kind === 'user').map((e) => (e as Of<'user'>).text),
      ['Say hello', 'What is this file?', 'Run echo', 'Clean up', 'Write notes', 'Stall please'],
    );
    const withFile = entries.find((e): e is Of<'user'> => e.kind === 'user' && e.text === 'What is this file?');
    assert.deepEqual(withFile?.files, ['README.md'], 'attachments come back as chips, not as text');
    assert.ok(entries.some((e) => e.kind === 'assistant' && e.text === 'Hello from the fake model.'));
    assert.ok(entries.some((e) => e.kind === 'command' && e.outcome === 'rejected'));
    const ran = entries.find(
      (e): e is Of<'command'> => e.kind === 'command' && e.commands[0] === 'node -e \'console.log("chat-card-ran")\'',
    );
    assert.match(ran?.output ?? '', /chat-card-ran/, 'a command that ran shows what it printed');
    assert.deepEqual(ran?.runs, [{ command: 'node -e \'console.log("chat-card-ran")\'', exitCode: 0 }]);
    assert.ok(entries.some((e) => e.kind === 'edit' && e.outcome === 'completed' && e.added === 2));
    assert.ok(replay.usage && replay.usage.session.inputTokens > 0, 'the chat totals come back too');

    // A chat held about another folder stays out of this workspace's history.
    const saved = JSON.parse(fs.readFileSync(path.join(api.agent.sessions.sessionsDir, `${id}.json`), 'utf8')) as {
      workspaceRoots: string[];
    };
    const foreign = path.join(api.agent.sessions.sessionsDir, 'other-project-chat.json');
    fs.writeFileSync(
      foreign,
      JSON.stringify({
        ...saved,
        id: 'other-project-chat',
        title: 'Elsewhere',
        workspaceRoots: [path.join(os.tmpdir(), 'another-project')],
      }),
    );
    try {
      await controller.handle({ type: 'history' });
    } finally {
      fs.rmSync(foreign);
    }
    assert.deepEqual(
      saved.workspaceRoots,
      vscode.workspace.workspaceFolders!.map((f) => f.uri.fsPath),
    );
    assert.ok(view.last('history')!.sessions.some((s) => s.id === id && s.title === 'Say hello'));
    assert.ok(!view.last('history')!.sessions.some((s) => s.id === 'other-project-chat'), 'no chats from other workspaces');
    assert.equal(view.last('history')!.currentId, id);

    await controller.handle({ type: 'rename', id });
    assert.ok(view.last('history')!.sessions.some((s) => s.id === id && s.title === 'Renamed chat'));

    await controller.handle({ type: 'delete', id });
    assert.ok(!view.last('history')!.sessions.some((s) => s.id === id));
    assert.equal(view.last('transcript')!.entries.length, 0, 'deleting the open chat starts a new one');
  });

  it('inserts code from an answer at the cursor of the active editor', async () => {
    const file = path.join(workspace(), `insert-${Date.now()}.ts`);
    fs.writeFileSync(file, 'const a = 1;\n');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { preserveFocus: false });
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    api.chat.view.handleMessage({ type: 'insert', code: 'const b = 2;\n' });
    await waitFor(() => editor.document.getText() === 'const a = 1;\nconst b = 2;\n', 'the code to be inserted');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('sends a message typed before the page had its model list, with the model the chat picks', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'Quick answer.' }] });
    await turn('Typed at once', { model: '' });
    assert.equal(find('assistant', (a) => a.text === 'Quick answer.')?.streaming, false);
    const body = server.requests.at(-1)?.body as { model: string };
    assert.equal(body.model, await api.chat.view.currentModel());
    assert.equal(body.model, 'gpt-5.1-codex', 'the workspace setting names it');
  });
});
