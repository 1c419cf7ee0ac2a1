// Restricted Mode, in a real VS Code whose workspace trust is on and whose folder nobody trusted: the chat still
// answers, but every edit and every command the model proposes is refused, and the model is told why.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { activateExtension, waitFor } from '../integration/support';

describe('Restricted Mode', function () {
  this.timeout(90_000);
  let api: TestApi;
  let server: FakeServer;
  const config = () => vscode.workspace.getConfiguration('codewright');
  const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

  before(async () => {
    api = await activateExtension();
    server = await startFakeServer();
    await config().update('provider.kind', 'custom', vscode.ConfigurationTarget.Global);
    await config().update('provider.baseUrl', server.url, vscode.ConfigurationTarget.Global);
    // The built-in tools' shapes, asserted below; a custom provider would otherwise get function tools.
    await config().update('provider.dialect', 'builtin', vscode.ConfigurationTarget.Global);
    // Even a user who chose to auto-approve everything gets nothing written or run in an untrusted folder.
    await config().update('approval.edits', 'auto', vscode.ConfigurationTarget.Global);
    await config().update('approval.commands', 'auto', vscode.ConfigurationTarget.Global);
    // A chat keeps the dialect it started with; the earlier suite's chat began before the setting above.
    await vscode.commands.executeCommand('codewright.newChat');
  });

  after(async () => {
    for (const key of ['provider.kind', 'provider.baseUrl', 'provider.dialect', 'approval.edits', 'approval.commands']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await server?.close();
  });

  it('runs in an untrusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(api.review.manager.approval(), 'never');
  });

  it('chats, but refuses the edit and the command the model proposes, and tells the model why', async () => {
    const target = path.join(root(), 'restricted.txt');
    server.enqueue(
      {
        items: [
          { type: 'text', text: 'I will write a file and run a command.' },
          { type: 'apply_patch_call', operation: { type: 'create_file', path: 'restricted.txt', diff: '+should not exist\n' } },
          { type: 'shell_call', commands: ['touch ran.txt'] },
        ],
      },
      { items: [{ type: 'text', text: 'Understood: nothing was changed.' }] },
    );
    api.chat.view.handleMessage({ type: 'send', text: 'Make a file', files: [], images: [], model: 'gpt-5.1-codex', effort: 'low' });
    await waitFor(
      () => server.requests.filter((r) => r.path.endsWith('/responses')).length >= 2 && !api.chat.session.running,
      'both model requests',
      60_000,
    );

    assert.equal(fs.existsSync(target), false, 'no file was written');
    assert.equal(fs.existsSync(path.join(root(), 'ran.txt')), false, 'no command ran');
    const input = JSON.stringify((server.requests.at(-1)!.body as { input: unknown[] }).input);
    assert.match(input, /"type":"apply_patch_call_output"[^}]*"status":"failed"/);
    assert.match(input, /Restricted Mode|not trusted|untrusted/i, 'the model is told the workspace is restricted');
    assert.match(input, /"type":"shell_call_output"/);
    assert.ok(
      api.chat.session.entries.some((e) => e.kind === 'assistant' && e.text.includes('nothing was changed')),
      'the chat still answers',
    );
  });
});
