import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session, type SessionOptions } from '../../../src/core/session';
import type { FunctionTool } from '../../../src/core/tools/functionTool';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';
import { TestHost, waitForAbort } from './testHost';

type Item = Record<string, unknown>;
type Body = Item & { input: Item[]; tools: unknown };

function responseBodies(server: FakeServer): Body[] {
  return server.requests.filter((r) => r.path === '/v1/responses').map((r) => r.body as Body);
}

function outputOf(input: Item[], callId: string): Item | undefined {
  return input.find((item) => item.type === 'function_call_output' && item.call_id === callId);
}

function tool(name: string, run: FunctionTool['run']): FunctionTool {
  return { name, description: `The ${name} tool.`, parameters: { type: 'object', properties: { q: { type: 'string' } } }, run };
}

describe("Session: the host's function tools", () => {
  let server: FakeServer;
  let root: string;

  beforeEach(async () => {
    server = await startFakeServer();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-fntools-'));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  function session(host: TestHost, extra: Partial<SessionOptions> = {}): Session {
    return new Session({ host, provider: { kind: 'custom', baseURL: server.url }, dialect: 'builtin', model: 'gpt-5.1-codex', ...extra });
  }

  it("declares the host's tools on every request and answers each call through its run, once", async () => {
    const runs: { args: string; callId: string }[] = [];
    let asked = 0;
    const lookup = tool('lookup', async (args, ctx) => {
      runs.push({ args, callId: ctx.callId });
      return { output: [{ type: 'input_text', text: `found ${args}` }], outcome: 'completed', summary: 'Looked it up' };
    });
    server.enqueue(
      { items: [{ type: 'function_call', callId: 'f1', name: 'lookup', arguments: '{"q":"x"}' }] },
      { items: [{ type: 'function_call', callId: 'f2', name: 'nosuch', arguments: '{}' }] },
      { items: [{ type: 'text', text: 'Done.' }] },
    );
    const host = new TestHost({ root });
    const outcome = await session(host, {
      functionTools: async () => {
        asked++;
        return [lookup, tool('apply_patch', () => Promise.reject(new Error('never called')))];
      },
    }).send('look it up');
    assert.equal(outcome.reason, 'completed');
    assert.equal(asked, 1, 'the source is asked once per turn');
    assert.deepEqual(runs, [{ args: '{"q":"x"}', callId: 'f1' }]);
    const bodies = responseBodies(server);
    for (const body of bodies) {
      assert.deepEqual(body.tools, [
        { type: 'apply_patch' },
        { type: 'shell' },
        { type: 'function', name: 'lookup', description: 'The lookup tool.', parameters: lookup.parameters, strict: false },
      ]);
    }
    assert.deepEqual(outputOf(bodies[1]!.input, 'f1'), {
      type: 'function_call_output',
      call_id: 'f1',
      output: [{ type: 'input_text', text: 'found {"q":"x"}' }],
    });
    assert.match(String(outputOf(bodies[2]!.input, 'f2')?.output), /Unknown tool "nosuch"/);
    assert.deepEqual(
      host.of('tool_call_finished').map((e) => [e.callId, e.outcome, e.summary]),
      [
        ['f1', 'completed', 'Looked it up'],
        ['f2', 'failed', 'Unknown tool nosuch'],
      ],
    );
  });

  it('answers a tool that throws with a failed output naming the tool', async () => {
    server.enqueue(
      { items: [{ type: 'function_call', callId: 'f1', name: 'flaky', arguments: '{}' }] },
      { items: [{ type: 'text', text: 'OK.' }] },
    );
    const host = new TestHost({ root });
    await session(host, { functionTools: async () => [tool('flaky', () => Promise.reject(new Error('server crashed')))] }).send('go');
    const output = outputOf(responseBodies(server)[1]!.input, 'f1');
    assert.equal(output?.output, 'The tool flaky failed: server crashed');
    assert.deepEqual(
      host.of('tool_call_finished').map((e) => e.outcome),
      ['failed'],
    );
  });

  it('answers a call cancelled while its tool runs as cancelled, and saves that output for the next turn', async () => {
    server.enqueue({ items: [{ type: 'function_call', callId: 'f1', name: 'slow', arguments: '{}' }] });
    const host = new TestHost({ root });
    const s = session(host, { functionTools: async () => [tool('slow', (_args, ctx) => waitForAbort(ctx.signal, () => s.cancel()))] });
    const outcome = await s.send('go');
    assert.equal(outcome.reason, 'cancelled');
    const answer = s.history.find((item) => item.type === 'function_call_output');
    assert.deepEqual(answer, { type: 'function_call_output', call_id: 'f1', output: 'The user cancelled this call before it ran.' });
    assert.deepEqual(
      host.of('tool_call_finished').map((e) => e.outcome),
      ['cancelled'],
    );
  });

  it("goes on without the host's tools when their source fails, and says so", async () => {
    server.enqueue({ items: [{ type: 'text', text: 'Hi.' }] });
    const host = new TestHost({ root });
    const outcome = await session(host, { functionTools: () => Promise.reject(new Error('mcp server did not start.')) }).send('hi');
    assert.equal(outcome.reason, 'completed');
    assert.deepEqual(responseBodies(server)[0]!.tools, [{ type: 'apply_patch' }, { type: 'shell' }]);
    assert.deepEqual(
      host.of('error').map((e) => [e.code, e.message]),
      [['tools_unavailable', 'The extra tools could not be started (mcp server did not start), so this turn goes on without them.']],
    );
  });

  it('says in the turn which tool server could not start, and offers the tools the source still has', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'Hi.' }] });
    const host = new TestHost({ root });
    const functionTools = async (_signal: AbortSignal, report?: (problem: string) => void) => {
      report?.('The MCP server "db" could not be started: the command "db-mcp" was not found (check .vscode/mcp.json).');
      return [tool('lookup', async () => ({ output: 'found', outcome: 'completed', summary: 'found' }))];
    };
    const outcome = await session(host, { functionTools }).send('hi');
    assert.equal(outcome.reason, 'completed');
    assert.deepEqual(
      host.of('error').map((e) => [e.code, e.retryable, e.message]),
      [
        [
          'tools_unavailable',
          false,
          'The MCP server "db" could not be started: the command "db-mcp" was not found (check .vscode/mcp.json).',
        ],
      ],
    );
    assert.ok(JSON.stringify(responseBodies(server)[0]!.tools).includes('"lookup"'), 'the working tools are offered');
  });
});
