// Checkpoints in a real VS Code: a chat turn whose edit is accepted and whose approved command deletes a file is taken
// back by Undo Last Turn and by Restore to here on its message; a file the user changed after the turn is listed and
// only overwritten when the user says so; an open editor shows the restored text.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RestoreDialogs, RestoreScope } from '../../src/extension/checkpoints/restoreFlow';
import type { TestApi } from '../../src/extension/extension';
import type { Entry, WebviewMessage } from '../../src/shared/protocol';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { activateExtension, waitFor } from './support';

describe('checkpoints', function () {
  this.timeout(120_000);
  let api: TestApi;
  let server: FakeServer;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('codewright');
  const asked: { overwrite: string[][]; restored: string[] } = { overwrite: [], restored: [] };
  let overwriteAnswer = false;
  let scope: RestoreScope = 'files';
  const dialogs: RestoreDialogs = {
    confirmRestore: async () => scope,
    saveFirst: async () => true,
    overwrite: async (files) => {
      asked.overwrite.push(files);
      return overwriteAnswer;
    },
    restored: async (message) => {
      asked.restored.push(message);
      return false;
    },
    error: (message) => assert.fail(message),
  };
  const file = (name: string) => path.join(dir, name);
  const read = (name: string) => fs.readFileSync(file(name), 'utf8');
  const rel = (name: string) => `cw-checkpoints/${name}`;

  const turn = async (text: string) => {
    const before = api.chat.session.entries.filter((e) => e.kind === 'user').length;
    const send: WebviewMessage = { type: 'send', text, files: [], images: [], model: 'gpt-5.1-codex', effort: 'low' };
    api.chat.view.handleMessage(send);
    await waitFor(() => api.chat.session.entries.filter((e) => e.kind === 'user').length > before, 'the prompt to be sent');
    await waitFor(() => !api.chat.session.running, 'the turn to finish', 90_000);
    // The turn's closing checkpoint is written just after the chat says it finished: a change made before it is the turn's.
    await api.checkpoints.store()?.settled();
  };

  before(async () => {
    api = await activateExtension();
    api.checkpoints.dialogs = dialogs;
    server = await startFakeServer();
    await config().update('provider.kind', 'custom', vscode.ConfigurationTarget.Global);
    await config().update('provider.baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('approval.edits', 'auto', vscode.ConfigurationTarget.Global);
    await config().update('approval.commands', 'auto', vscode.ConfigurationTarget.Global);
    dir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'cw-checkpoints');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    fs.writeFileSync(file('a.txt'), 'one\n');
    fs.writeFileSync(file('doomed.txt'), 'keep me\n');
    fs.writeFileSync(file('mine.txt'), 'original\n');
    await vscode.commands.executeCommand('codewright.newChat');
    await waitFor(() => api.chat.view.html, 'the chat view to resolve');
  });

  after(async () => {
    api.chat.session.newChat();
    for (const key of ['provider.kind', 'provider.baseUrl', 'approval.edits', 'approval.commands']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
    await server?.close();
  });

  it('Undo Last Turn takes back an accepted edit and a command that deleted a file, and the open editor shows it', async () => {
    server.enqueue(
      { items: [{ type: 'apply_patch_call', operation: { type: 'update_file', path: rel('a.txt'), diff: '@@\n-one\n+two\n' } }] },
      { items: [{ type: 'shell_call', commands: [`rm ${rel('doomed.txt')}`] }] },
      { items: [{ type: 'text', text: 'Changed a.txt and removed doomed.txt.' }] },
    );
    await turn('change a and remove doomed');
    await vscode.workspace.saveAll(false);
    assert.equal(read('a.txt'), 'two\n');
    assert.equal(fs.existsSync(file('doomed.txt')), false);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file('a.txt')));

    await api.checkpoints.undoLastTurn();
    assert.equal(read('a.txt'), 'one\n');
    assert.equal(read('doomed.txt'), 'keep me\n');
    await waitFor(() => editor.document.getText() === 'one\n', 'the open editor to show the restored text');
    assert.equal(editor.document.isDirty, false);
    assert.match(asked.restored.at(-1) ?? '', /^Restored the workspace to before turn \d+: 2 files changed back\.$/);
  });

  it('Restore to here lists a file the user changed after the turn and overwrites it only when told to', async () => {
    server.enqueue(
      { items: [{ type: 'shell_call', commands: [`echo agent > ${rel('mine.txt')}`] }] },
      { items: [{ type: 'text', text: 'Wrote mine.txt.' }] },
    );
    await turn('write mine');
    fs.writeFileSync(file('mine.txt'), 'edited by the user\n');
    const message = api.chat.session.entries.filter((e): e is Extract<Entry, { kind: 'user' }> => e.kind === 'user').at(-1)!;

    overwriteAnswer = false;
    api.chat.view.handleMessage({ type: 'checkpoint', action: 'restore', id: message.id });
    await waitFor(() => asked.overwrite.length === 1, 'the restore to ask about the changed file');
    assert.deepEqual(asked.overwrite[0], [rel('mine.txt')]);
    assert.equal(read('mine.txt'), 'edited by the user\n', 'nothing is overwritten without the user');

    overwriteAnswer = true;
    const restoredBefore = asked.restored.length;
    api.chat.view.handleMessage({ type: 'checkpoint', action: 'restore', id: message.id });
    await waitFor(() => asked.restored.length > restoredBefore, 'the restore to finish');
    assert.equal(read('mine.txt'), 'original\n');
  });

  it('Restore to here with the chat takes files and chat back to before the message, and later turns restore by their own message', async () => {
    const users = () => api.chat.session.entries.filter((e): e is Extract<Entry, { kind: 'user' }> => e.kind === 'user');
    fs.writeFileSync(file('a.txt'), 'one\n');
    server.enqueue(
      { items: [{ type: 'apply_patch_call', operation: { type: 'update_file', path: rel('a.txt'), diff: '@@\n-one\n+first\n' } }] },
      { items: [{ type: 'text', text: 'First.' }] },
    );
    await turn('first change');
    server.enqueue(
      { items: [{ type: 'shell_call', commands: [`echo second > ${rel('a.txt')}`] }] },
      { items: [{ type: 'text', text: 'Second.' }] },
    );
    await turn('second change');
    await vscode.workspace.saveAll(false);
    assert.equal(read('a.txt'), 'second\n');
    const before = users().length;
    const first = users().at(-2)!;

    scope = 'filesAndChat';
    const restoredBefore = asked.restored.length;
    api.chat.view.handleMessage({ type: 'checkpoint', action: 'restore', id: first.id });
    await waitFor(() => asked.restored.length > restoredBefore, 'the restore to finish');
    scope = 'files';
    assert.equal(read('a.txt'), 'one\n');
    assert.equal(users().length, before - 2, 'the message and the one after it left the chat');
    assert.ok(!api.chat.session.entries.some((e) => e.kind === 'user' && e.id === first.id));

    server.enqueue(
      { items: [{ type: 'apply_patch_call', operation: { type: 'update_file', path: rel('a.txt'), diff: '@@\n-one\n+again\n' } }] },
      { items: [{ type: 'text', text: 'Again.' }] },
    );
    await turn('first change, sent again');
    await vscode.workspace.saveAll(false);
    assert.equal(read('a.txt'), 'again\n');
    const resent = users().at(-1)!;
    const restoredAgain = asked.restored.length;
    api.chat.view.handleMessage({ type: 'checkpoint', action: 'restore', id: resent.id });
    await waitFor(() => asked.restored.length > restoredAgain, 'the second restore to finish');
    assert.equal(read('a.txt'), 'one\n', 'the new message restores to before its own turn, not a forgotten one');
    assert.equal(users().length, before - 1, 'a files-only restore leaves the chat as it is');
  });
});
