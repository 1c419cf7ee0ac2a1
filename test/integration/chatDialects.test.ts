// The chat in a real VS Code against a server with Chat Completions only (the fake's 'chat-only' persona: /v1/responses is a
// 404), the case of many local OpenAI-compatible servers. Under `auto` the turn falls back to the chat dialect; the model's
// edit and command arrive as streamed function calls, go through the same cards, diff review and terminal as in the other
// dialects, and their results go back as `role: "tool"` messages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';
import type { Entry, WebviewMessage } from '../../src/shared/protocol';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { activateExtension, waitFor } from './support';

type Of<K extends Entry['kind']> = Extract<Entry, { kind: K }>;
type ChatBody = { messages: { role: string; content?: unknown; tool_call_id?: string; tool_calls?: { id: string }[] }[] };

const workspace = (): string => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return folder.uri.fsPath;
};

describe('chat dialects: a server with Chat Completions only', function () {
  this.timeout(90_000);
  let api: TestApi;
  let server: FakeServer;
  const config = () => vscode.workspace.getConfiguration('codewright');
  const changed = ['provider.kind', 'provider.baseUrl', 'provider.dialect'] as const;
  const saved = new Map<string, unknown>();
  const created: string[] = [];

  const send = (text: string, extra: Partial<Extract<WebviewMessage, { type: 'send' }>> = {}) =>
    api.chat.view.handleMessage({ type: 'send', text, files: [], images: [], model: 'gpt-5.1-codex', effort: 'low', ...extra });
  const find = <K extends Entry['kind']>(kind: K, test: (e: Of<K>) => boolean = () => true) =>
    api.chat.session.entries.find((e): e is Of<K> => e.kind === kind && test(e as Of<K>));

  before(async () => {
    api = await activateExtension();
    server = await startFakeServer({ persona: 'chat-only' });
    for (const key of changed) saved.set(key, config().inspect(key)?.globalValue);
    await config().update('provider.kind', 'custom', vscode.ConfigurationTarget.Global);
    await config().update('provider.baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('provider.dialect', 'auto', vscode.ConfigurationTarget.Global);
    // A session of its own, built with these settings, in the chat view: commands are approved on its cards when it is shown.
    await vscode.commands.executeCommand('codewright.newChat');
    await waitFor(() => api.chat.view.visible, 'the chat view to be visible');
  });

  after(async () => {
    api.chat.session.newChat();
    // The approved command opened the extension's terminal; later suites expect to create their own.
    for (const t of vscode.window.terminals.filter((t) => t.name.startsWith('Codewright'))) t.dispose();
    for (const key of changed) await config().update(key, saved.get(key), vscode.ConfigurationTarget.Global);
    for (const file of created) fs.rmSync(path.join(workspace(), file), { force: true });
    await server?.close();
  });

  it('falls back from /responses to Chat Completions, and the edit and the command go through the cards, answered as tool messages', async () => {
    const file = `notes/chat-dialect-${Date.now()}.txt`;
    created.push(file);
    const command = 'node -e \'console.log("ran-over-chat-completions"); process.exit(3)\'';
    server.enqueue(
      {
        items: [
          { type: 'text', text: 'I will write the notes, then run the check.' },
          { type: 'apply_patch_call', callId: 'call_edit', operation: { type: 'create_file', path: file, diff: '+one\n+two\n' } },
          { type: 'shell_call', callId: 'call_run', commands: [command] },
        ],
      },
      { items: [{ type: 'text', text: 'The notes are written and the check exited with 3.' }] },
    );
    send('Write the notes and run the check');

    const edit = await waitFor(() => find('edit', (e) => e.pending), 'the edit card to wait for review', 30_000);
    assert.deepEqual([edit.path, edit.change, edit.added, edit.removed], [file, 'create', 2, 0]);
    // The first request went to /responses, which this server lacks; the model's turn came over Chat Completions.
    assert.deepEqual(
      server.requests.filter((r) => r.method === 'POST').map((r) => r.path),
      ['/v1/responses', '/v1/chat/completions'],
    );
    const first = server.requests.at(-1)?.body as ChatBody & { tools: { type: string; function: { name: string } }[] };
    assert.deepEqual(
      first.tools.slice(0, 2).map((t) => [t.type, t.function.name]),
      [
        ['function', 'apply_patch'],
        ['function', 'shell'],
      ],
    );
    assert.equal(api.chat.session.dialect, 'function tools (Chat Completions)');
    api.chat.view.handleMessage({ type: 'edit', callId: edit.id, action: 'accept' });

    const card = await waitFor(() => find('command', (c) => c.pending), 'the command card to wait for approval', 30_000);
    assert.deepEqual(card.commands, [command]);
    api.chat.view.handleMessage({ type: 'approval', callId: card.id, decision: 'run' });
    await waitFor(() => !api.chat.session.running, 'the turn to finish', 60_000);

    assert.equal(find('edit', (e) => e.id === edit.id)?.outcome, 'completed');
    assert.equal(fs.readFileSync(path.join(workspace(), file), 'utf8'), 'one\ntwo\n');
    const ran = find('command', (c) => c.id === card.id)!;
    assert.equal(ran.runs[0]?.exitCode, 3);
    assert.match(ran.output, /ran-over-chat-completions/);
    assert.ok(find('assistant', (a) => a.text === 'The notes are written and the check exited with 3.'));

    // The model's next request answers both calls with tool messages, after the assistant message that made them.
    const next = server.requests.at(-1);
    assert.equal(next?.path, '/v1/chat/completions');
    const messages = (next?.body as ChatBody).messages;
    const assistant = messages.find((m) => m.role === 'assistant' && m.tool_calls);
    assert.deepEqual(
      assistant?.tool_calls?.map((c) => c.id),
      ['call_edit', 'call_run'],
    );
    const tools = messages.filter((m) => m.role === 'tool');
    assert.deepEqual(
      tools.map((m) => m.tool_call_id),
      ['call_edit', 'call_run'],
    );
    const [patched, commandResult] = tools.map((m) => String(m.content));
    assert.ok(patched?.startsWith('Done: ') && patched.includes(file), patched);
    const result = JSON.parse(commandResult ?? '{}') as { command: string; exit_code: number; stdout: string };
    assert.deepEqual([result.command, result.exit_code], [command, 3], 'the command and its exit code went back to the model');
    assert.match(result.stdout, /ran-over-chat-completions/);
  });
});
