// The editor commands in Restricted Mode: those that would change files decline at once and ask the model nothing;
// Explain Selection, which only talks, still answers in the chat.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { activateExtension, waitFor } from '../integration/support';

describe('editor commands in Restricted Mode', function () {
  this.timeout(90_000);
  let api: TestApi;
  let server: FakeServer;
  const config = () => vscode.workspace.getConfiguration('codewright');
  const file = () => path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'restricted-editor.js');
  const responses = () => server.requests.filter((r) => r.path.endsWith('/responses')).length;

  before(async () => {
    api = await activateExtension();
    server = await startFakeServer();
    await config().update('provider.kind', 'custom', vscode.ConfigurationTarget.Global);
    await config().update('provider.baseUrl', server.url, vscode.ConfigurationTarget.Global);
    fs.writeFileSync(file(), 'let a = 1;\nlet b = 2;\n');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file()));
    editor.selection = new vscode.Selection(0, 0, 2, 0);
  });

  after(async () => {
    for (const key of ['provider.kind', 'provider.baseUrl']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  it('Refactor Selection, Generate Tests and Fix Problem decline without asking the model', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const before = responses();
    assert.equal(await vscode.commands.executeCommand('codewright.refactorSelection', 'use const'), undefined);
    assert.equal(await vscode.commands.executeCommand('codewright.generateTests'), undefined);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 4, 0, 5), "'a' is never reassigned.", vscode.DiagnosticSeverity.Warning);
    assert.equal(await vscode.commands.executeCommand('codewright.fixProblem', vscode.Uri.file(file()), diagnostic), undefined);
    assert.equal(responses(), before);
    assert.equal(fs.readFileSync(file(), 'utf8'), 'let a = 1;\nlet b = 2;\n');
  });

  it('Explain Selection still answers in the chat', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'Two variables.' }] });
    await vscode.commands.executeCommand('codewright.explainSelection');
    await waitFor(() => !api.chat.session.running, 'the explanation to finish');
    assert.ok(api.chat.session.entries.some((e) => e.kind === 'assistant' && e.text === 'Two variables.'));
  });
});
