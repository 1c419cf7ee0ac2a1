// MCP servers and AGENTS.md in a real VS Code: a workspace whose .vscode/mcp.json names the fake MCP server (a real child
// process of the extension host), the chat's turns going through the fake Responses API, and the approval answered by the test.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { McpApprovalRequest } from '../../src/core/index';
import type { TestApi } from '../../src/extension/extension';
import { McpApprovalCards } from '../../src/extension/chat/mcpApprovalCards';
import type { McpAnswer, McpDialogs } from '../../src/extension/mcp/mcpApproval';
import type { HostMessage } from '../../src/shared/protocol';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { activateExtension, waitFor } from './support';

const FAKE_MCP = path.join(__dirname, '..', 'fake-mcp', 'server.js');

type Item = Record<string, unknown>;
type Body = { instructions: string; input: Item[]; tools: Item[] };

describe('MCP servers and AGENTS.md in the chat', function () {
  this.timeout(90_000);
  let api: TestApi;
  let server: FakeServer;
  let root: string;
  const asked: McpApprovalRequest[] = [];
  const answers: McpAnswer[] = [];
  const testDialogs: McpDialogs = {
    ask: async (request) => {
      asked.push(request);
      return answers.shift();
    },
  };
  const config = () => vscode.workspace.getConfiguration('codewright');

  const bodies = () => server.requests.filter((r) => r.path === '/v1/responses').map((r) => r.body as Body);
  const outputOf = (callId: string) =>
    bodies()
      .at(-1)!
      .input.find((i) => i.type === 'function_call_output' && i.call_id === callId);
  const turn = async (text: string) => {
    const before = bodies().length;
    api.chat.view.handleMessage({ type: 'send', text, files: [], images: [], model: 'gpt-5.1-codex', effort: 'low' });
    await waitFor(() => bodies().length > before, 'the prompt to reach the model', 60_000);
    await waitFor(() => !api.chat.session.running, 'the turn to finish', 60_000);
  };

  before(async () => {
    api = await activateExtension();
    server = await startFakeServer();
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    fs.mkdirSync(path.join(root, '.vscode'), { recursive: true });
    const servers = JSON.stringify({ servers: { fake: { type: 'stdio', command: process.execPath, args: [FAKE_MCP] } } }, null, 2);
    fs.writeFileSync(path.join(root, '.vscode', 'mcp.json'), `// the fake server, over stdio\n${servers}\n`);
    fs.writeFileSync(path.join(root, 'AGENTS.md'), 'Always run the fixture tests with npm test.\n');
    api.mcp.approvals.useDialogs(testDialogs);
    await config().update('provider.kind', 'custom', vscode.ConfigurationTarget.Global);
    await config().update('provider.baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('instructions', 'Answer in one sentence.', vscode.ConfigurationTarget.Global);
    api.mcp.servers.reload();
    await vscode.commands.executeCommand('codewright.newChat');
  });

  after(async () => {
    api.chat.session.newChat();
    for (const key of ['provider.kind', 'provider.baseUrl', 'instructions'])
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(path.join(root, '.vscode', 'mcp.json'), { force: true });
    fs.rmSync(path.join(root, 'AGENTS.md'), { force: true });
    api.mcp.servers.reload();
    await server?.close();
  });

  it("sends AGENTS.md then the standing instructions, and offers the mcp.json server's tools", async () => {
    server.enqueue({ items: [{ type: 'text', text: 'Ready.' }] });
    await turn('What can you do?');
    const body = bodies().at(-1)!;
    assert.match(body.instructions, /Always run the fixture tests with npm test\.[\s\S]*Answer in one sentence\./);
    assert.ok(
      body.tools.some((tool) => tool['name'] === 'mcp__fake__echo'),
      JSON.stringify(body.tools),
    );
    assert.deepEqual(
      api.instructions.lastFiles.map((file) => [file.label, file.path]),
      [['AGENTS.md', path.join(root, 'AGENTS.md')]],
    );
    assert.deepEqual(
      api.mcp.servers.status().map((s) => [s.name, s.state]),
      [['fake', 'running']],
    );
  });

  it('runs a call the user allows, with server, tool and arguments in the question, and sends the result back', async () => {
    answers.push('allow');
    server.enqueue(
      { items: [{ type: 'function_call', callId: 'mcp-ok', name: 'mcp__fake__echo', arguments: '{"message":"from the chat"}' }] },
      { items: [{ type: 'text', text: 'It echoed.' }] },
    );
    await turn('Echo something');
    assert.deepEqual(
      asked.map((r) => [r.server, r.tool, r.arguments]),
      [['fake', 'echo', { message: 'from the chat' }]],
    );
    assert.equal(outputOf('mcp-ok')?.['output'], 'echo: from the chat');
  });

  it('tells the model when the user refuses a call, and remembers Always Allow for this workspace', async () => {
    answers.push('deny');
    server.enqueue(
      { items: [{ type: 'function_call', callId: 'mcp-no', name: 'mcp__fake__echo', arguments: '{"message":"no"}' }] },
      { items: [{ type: 'text', text: 'Refused.' }] },
    );
    await turn('Echo no');
    assert.match(String(outputOf('mcp-no')?.['output']), /The user declined this call to echo on the MCP server "fake"/);

    answers.push('always');
    server.enqueue(
      { items: [{ type: 'function_call', callId: 'mcp-always', name: 'mcp__fake__echo', arguments: '{"message":"one"}' }] },
      { items: [{ type: 'function_call', callId: 'mcp-again', name: 'mcp__fake__echo', arguments: '{"message":"two"}' }] },
      { items: [{ type: 'text', text: 'Both ran.' }] },
    );
    const before = asked.length;
    await turn('Echo twice');
    assert.equal(asked.length, before + 1, 'the second call was not asked about');
    assert.equal(outputOf('mcp-again')?.['output'], 'echo: two');
    assert.deepEqual(api.mcp.approvals.alwaysAllowed, ['fake/echo']);
  });

  it('asks in a card in the visible chat and runs the call the card allows', async () => {
    await api.chat.view.reveal();
    await waitFor(() => api.chat.view.visible, 'the chat view to show', 30_000);
    const posted: HostMessage[] = [];
    const view = api.chat.view;
    const cards = new McpApprovalCards(
      {
        get visible() {
          return view.visible;
        },
        post: (message) => {
          posted.push(message);
          view.post(message);
        },
        postWhenReady: (message) => view.postWhenReady(message),
        onDidReceiveMessage: view.onDidReceiveMessage,
      },
      testDialogs,
    );
    api.mcp.approvals.useDialogs(cards);
    try {
      server.enqueue(
        { items: [{ type: 'function_call', callId: 'mcp-card', name: 'mcp__fake__big', arguments: '{"size":10}' }] },
        { items: [{ type: 'text', text: 'Done.' }] },
      );
      const before = asked.length;
      const done = turn('Make some text');
      await waitFor(() => posted.some((m) => m.type === 'mcp_approval'), 'the card to be shown', 60_000);
      const card = posted.find((m) => m.type === 'mcp_approval');
      assert.deepEqual(card, {
        type: 'mcp_approval',
        card: { callId: 'mcp-card', server: 'fake', tool: 'big', functionName: 'mcp__fake__big', arguments: '{\n  "size": 10\n}' },
      });
      view.handleMessage({ type: 'mcp_answer', callId: 'mcp-card', decision: 'allow' });
      await done;
      assert.equal(asked.length, before, 'the modal was not used');
      assert.ok(
        posted.some((m) => m.type === 'mcp_settled' && m.callId === 'mcp-card'),
        'the card was taken away',
      );
      assert.equal(outputOf('mcp-card')?.['output'], 'xxxxxxtail');
    } finally {
      cards.dispose();
      api.mcp.approvals.useDialogs(testDialogs);
    }
  });

  it("shows a tool's image on its card, and says in the chat which server could not start while the others work", async () => {
    answers.push('allow');
    server.enqueue(
      { items: [{ type: 'function_call', callId: 'mcp-picture', name: 'mcp__fake__picture', arguments: '{}' }] },
      { items: [{ type: 'text', text: 'A picture.' }] },
    );
    await turn('Show me the picture');
    const card = api.chat.session.entries.find((e) => e.kind === 'function' && e.id === 'mcp-picture');
    assert.ok(card?.kind === 'function');
    assert.equal(card.images?.length, 1);
    assert.match(card.images[0]!, /^data:image\/png;base64,/);

    const mcpJson = path.join(root, '.vscode', 'mcp.json');
    const working = fs.readFileSync(mcpJson, 'utf8');
    const broken = { type: 'stdio', command: path.join(root, 'no-such-mcp-server') };
    const fake = { type: 'stdio', command: process.execPath, args: [FAKE_MCP] };
    fs.writeFileSync(mcpJson, JSON.stringify({ servers: { fake, broken } }));
    api.mcp.servers.reload();
    try {
      server.enqueue({ items: [{ type: 'text', text: 'Still here.' }] });
      await turn('Are you there?');
      const said = api.chat.session.entries.filter((e) => e.kind === 'error').map((e) => (e.kind === 'error' ? e.message : ''));
      assert.ok(
        said.some((m) => /^The MCP server "broken" could not be started: the command ".*no-such-mcp-server" was not found/.test(m)),
        said.join('\n'),
      );
      assert.ok(JSON.stringify(bodies().at(-1)!.tools).includes('mcp__fake__echo'), "the working server's tools are still offered");
      assert.ok(
        api.chat.session.entries.some((e) => e.kind === 'assistant' && e.text === 'Still here.'),
        'the turn went on',
      );
    } finally {
      fs.writeFileSync(mcpJson, working);
      api.mcp.servers.reload();
    }
  });
});
