// Restricted Mode with a .vscode/mcp.json and an AGENTS.md: no MCP server is started (not one process), no MCP tool is
// offered, and AGENTS.md stays out of the instructions while the user's own standing instructions still go.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { activateExtension, waitFor } from '../integration/support';

const FAKE_MCP = path.join(__dirname, '..', 'fake-mcp', 'server.js');

describe('Restricted Mode: MCP servers and AGENTS.md', function () {
  this.timeout(90_000);
  let api: TestApi;
  let server: FakeServer;
  const config = () => vscode.workspace.getConfiguration('codewright');
  const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const pids = () => path.join(root(), 'mcp-pids.txt');

  before(async () => {
    api = await activateExtension();
    server = await startFakeServer();
    fs.mkdirSync(path.join(root(), '.vscode'), { recursive: true });
    const fake = { type: 'stdio', command: process.execPath, args: [FAKE_MCP], env: { FAKE_MCP_PID_FILE: pids() } };
    fs.writeFileSync(path.join(root(), '.vscode', 'mcp.json'), JSON.stringify({ servers: { fake } }));
    fs.writeFileSync(path.join(root(), 'AGENTS.md'), 'A secret build recipe from an untrusted repository.\n');
    await config().update('provider.kind', 'custom', vscode.ConfigurationTarget.Global);
    await config().update('provider.baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('instructions', 'Answer in one sentence.', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const key of ['provider.kind', 'provider.baseUrl', 'instructions'])
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    for (const file of ['.vscode/mcp.json', 'AGENTS.md', 'mcp-pids.txt']) fs.rmSync(path.join(root(), file), { force: true });
    await server?.close();
  });

  it('starts no server, offers no MCP tool and leaves AGENTS.md out, but sends the standing instructions', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    server.enqueue({ items: [{ type: 'text', text: 'Hello.' }] });
    const before = server.requests.length;
    api.chat.view.handleMessage({ type: 'send', text: 'Hi', files: [], images: [], model: 'gpt-5.1-codex', effort: 'low' });
    await waitFor(() => server.requests.length > before && !api.chat.session.running, 'the turn to finish', 60_000);
    const body = server.requests.at(-1)!.body as { instructions: string; tools: Record<string, unknown>[] };
    assert.ok(!body.tools.some((tool) => String(tool['name']).startsWith('mcp__')), JSON.stringify(body.tools));
    assert.doesNotMatch(body.instructions, /secret build recipe/);
    assert.match(body.instructions, /Answer in one sentence\./);
    assert.deepEqual(api.instructions.lastFiles, []);
    assert.equal(fs.existsSync(pids()), false, 'no MCP server process was started');
    assert.deepEqual(api.mcp.servers.status(), []);
  });
});
