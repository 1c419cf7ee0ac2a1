// MCP servers against real servers, never mocks: the reference servers (everything, filesystem) over stdio, the fake server's
// tools over stdio and over streamable HTTP in this process, and the fake server's modes that crash, hang or send garbage.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { McpServerConfig } from '../../../../src/core/mcp/config';
import { McpServers, type McpApprovalRequest, type McpApprover, type McpServersOptions } from '../../../../src/core/mcp/servers';
import { MAX_RESULT_TEXT } from '../../../../src/core/mcp/toolResult';
import type { FunctionTool, FunctionToolResult } from '../../../../src/core/tools/functionTool';
import { startHttpMcpServer, type HttpMcpServer } from '../../../fake-mcp/httpServer';
import { TINY_PNG } from '../../../fake-mcp/tools';
import { TestHost, waitForAbort } from '../testHost';

const FAKE = path.join(__dirname, '../../../fake-mcp/server.js');
const MODULES = path.join(__dirname, '../../../../../node_modules/@modelcontextprotocol');

type StdioConfig = Extract<McpServerConfig, { type: 'stdio' }>;

function fake(name: string, mode = 'normal', env: Record<string, string> = {}): StdioConfig {
  return { name, source: 'test.json', type: 'stdio', command: process.execPath, args: [FAKE, mode], env };
}

function reference(name: 'everything' | 'filesystem', ...args: string[]): McpServerConfig {
  return {
    name,
    source: 'test.json',
    type: 'stdio',
    command: process.execPath,
    args: [path.join(MODULES, `server-${name}`, 'dist', 'index.js'), ...args],
    env: {},
  };
}

const allow: McpApprover = async () => ({ approved: true });

describe('MCP servers', function () {
  // Starting a Node process per server is slow on a loaded machine; the timeouts under test are set per server.
  this.timeout(30_000);
  let root: string;
  let servers: McpServers | undefined;
  let host: TestHost;
  let problems: string[];
  const signal = new AbortController().signal;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-mcp-'));
    host = new TestHost({ root });
    problems = [];
  });
  afterEach(async () => {
    await servers?.dispose();
    servers = undefined;
    await fs.rm(root, { recursive: true, force: true });
  });

  async function start(configs: McpServerConfig[], options: Partial<McpServersOptions> = {}): Promise<FunctionTool[]> {
    servers = new McpServers({ approve: allow, onProblem: (message) => problems.push(message), ...options });
    await servers.configure(configs);
    return servers.tools(signal);
  }

  function find(tools: readonly FunctionTool[], name: string): FunctionTool {
    const tool = tools.find((t) => t.name === name);
    assert.ok(tool, `${name} among ${tools.map((t) => t.name).join(', ')}`);
    return tool;
  }

  let calls = 0;
  function call(tool: FunctionTool, args: unknown, callSignal = signal): Promise<FunctionToolResult> {
    calls++;
    return tool.run(typeof args === 'string' ? args : JSON.stringify(args), {
      host,
      root,
      signal: callSignal,
      emit: (e) => host.emit(e),
      callId: `c${calls}`,
    });
  }

  it('offers the reference "everything" server\'s tools and passes text and images back', async () => {
    const tools = await start([reference('everything', 'stdio')]);
    const echo = find(tools, 'mcp__everything__echo');
    assert.match(echo.description, /Echoes back the input string \(tool "echo" of the MCP server "everything"\)/);
    assert.equal(echo.parameters['type'], 'object');
    assert.equal(echo.parameters['$schema'], undefined, 'the schema dialect marker is not sent to the model');
    const echoed = await call(echo, { message: 'hello' });
    assert.equal(echoed.outcome, 'completed');
    assert.match(String(echoed.output), /hello/);
    const sum = await call(find(tools, 'mcp__everything__get-sum'), { a: 2, b: 3 });
    assert.match(String(sum.output), /5/);
    const image = await call(find(tools, 'mcp__everything__get-tiny-image'), {});
    assert.ok(Array.isArray(image.output));
    assert.ok(image.output.some((part) => part.type === 'input_image' && part.image_url.startsWith('data:image/png;base64,')));
    assert.deepEqual(
      servers!.status().map((s) => [s.name, s.state]),
      [['everything', 'running']],
    );
  });

  it('reads a file through the reference filesystem server, inside the folder it was given only', async () => {
    await fs.writeFile(path.join(root, 'notes.txt'), 'remember the milk\n');
    const tools = await start([reference('filesystem', root)]);
    const read = find(tools, 'mcp__filesystem__read_text_file');
    const result = await call(read, { path: path.join(root, 'notes.txt') });
    assert.equal(result.outcome, 'completed');
    assert.match(String(result.output), /remember the milk/);
    const outside = await call(read, { path: '/etc/passwd' });
    assert.equal(outside.outcome, 'failed', "the server's own error result is a failed call");
    assert.match(String(outside.output), /^The tool reported an error:/);
  });

  it('talks streamable HTTP to a server with the configured headers', async () => {
    const http: HttpMcpServer = await startHttpMcpServer();
    try {
      const tools = await start([
        { name: 'remote', source: 'test.json', type: 'http', url: http.url, headers: { Authorization: 'Bearer t0k' } },
      ]);
      const result = await call(find(tools, 'mcp__remote__echo'), { message: 'over http' });
      assert.deepEqual([result.outcome, result.output], ['completed', 'echo: over http']);
      assert.ok(http.headers.length > 0 && http.headers.every((h) => h.authorization === 'Bearer t0k'));
    } finally {
      await servers?.dispose();
      await http.close();
    }
  });

  it('asks before every call with server, tool and arguments, and tells the model when the user declines', async () => {
    const asked: McpApprovalRequest[] = [];
    const tools = await start([fake('fake')], {
      approve: async (request) => {
        asked.push(request);
        return request.arguments['message'] === 'ok' ? { approved: true } : { approved: false, reason: 'not that one' };
      },
    });
    const echo = find(tools, 'mcp__fake__echo');
    const ok = await call(echo, { message: 'ok' });
    assert.equal(ok.outcome, 'completed');
    const no = await call(echo, { message: 'secret' });
    assert.equal(no.outcome, 'rejected');
    assert.equal(no.summary, 'Declined: not that one');
    assert.match(String(no.output), /The user declined this call to echo on the MCP server "fake": not that one\. Do not retry it/);
    assert.deepEqual(
      asked.map((r) => [r.server, r.tool, r.functionName, r.arguments]),
      [
        ['fake', 'echo', 'mcp__fake__echo', { message: 'ok' }],
        ['fake', 'echo', 'mcp__fake__echo', { message: 'secret' }],
      ],
    );
    assert.deepEqual(
      host
        .of('tool_call_updated')
        .filter((e) => e.callId === asked[1]!.callId)
        .map((e) => e.status),
      ['awaiting_approval'],
    );
  });

  it("runs a trusted server's calls without asking, and a cancelled approval rejects with an AbortError", async () => {
    let asked = 0;
    const tools = await start([fake('trusted'), fake('other')], {
      trustedServers: ['trusted'],
      approve: (_request, waitSignal) => {
        asked++;
        return waitForAbort(waitSignal);
      },
    });
    assert.equal((await call(find(tools, 'mcp__trusted__echo'), { message: 'x' })).outcome, 'completed');
    assert.equal(asked, 0);
    const controller = new AbortController();
    const pending = call(find(tools, 'mcp__other__echo'), { message: 'x' }, controller.signal);
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
  });

  it('answers arguments that are not a JSON object without asking or calling', async () => {
    let asked = 0;
    const tools = await start([fake('fake')], { approve: async () => ({ approved: (asked++, true) }) });
    const echo = find(tools, 'mcp__fake__echo');
    const broken = await call(echo, '{"message": ');
    assert.equal(broken.outcome, 'failed');
    assert.match(String(broken.output), /^The arguments for mcp__fake__echo were not used: they are not valid JSON/);
    assert.match(String((await call(echo, '[1,2]')).output), /they are not a JSON object/);
    assert.equal(asked, 0);
  });

  it('passes text, images and embedded resources back, cuts huge text with a note, and marks error results failed', async () => {
    const tools = await start([fake('fake')]);
    const picture = await call(find(tools, 'mcp__fake__picture'), {});
    assert.deepEqual(picture.output, [
      { type: 'input_text', text: 'a picture\n[resource file:///notes.txt]\nthe notes' },
      { type: 'input_image', image_url: `data:image/png;base64,${TINY_PNG}` },
    ]);
    const shown = host.of('tool_call_updated').map((e) => e.outputDelta ?? '');
    assert.ok(
      shown.some((text) => text.includes('a picture') && text.includes('[1 image]')),
      'the chat shows the result',
    );
    assert.deepEqual(
      host.of('tool_call_updated').flatMap((e) => e.images ?? []),
      [`data:image/png;base64,${TINY_PNG}`],
      'and the image itself, as the model got it',
    );
    const big = await call(find(tools, 'mcp__fake__big'), { size: 100_000 });
    const text = String(big.output);
    assert.ok(text.length < MAX_RESULT_TEXT + 200);
    assert.match(text, /characters cut/);
    assert.match(text, /tail\n\[the result was 100000 characters; it was cut to 32000\]$/);
    const failed = await call(find(tools, 'mcp__fake__fails'), {});
    assert.deepEqual([failed.outcome, failed.output], ['failed', 'The tool reported an error:\nthe database is locked']);
    assert.equal(failed.summary, 'fake/fails reported an error: The tool reported an error:');
  });

  it('a server that crashes mid-call fails that call with one sentence, and is started again for the next turn', async () => {
    const tools = await start([fake('fake')]);
    const crashed = await call(find(tools, 'mcp__fake__crash'), {});
    assert.equal(crashed.outcome, 'failed');
    assert.match(crashed.summary, /^The MCP server "fake" stopped while running crash \(its last output: fake-mcp: segfault in crash\)\.$/);
    assert.match(String(crashed.output), /The call was not completed\.$/);
    assert.deepEqual(problems, [crashed.summary]);
    assert.equal(servers!.status()[0]!.state, 'failed');
    const again = await servers!.tools(signal);
    assert.equal((await call(find(again, 'mcp__fake__echo'), { message: 'back' })).output, 'echo: back');
  });

  it('a call that hangs times out, and the server goes on answering', async () => {
    const tools = await start([fake('fake')], { timeoutMs: 500, startTimeoutMs: 20_000 });
    const hung = await call(find(tools, 'mcp__fake__hang'), {});
    assert.equal(hung.outcome, 'failed');
    assert.equal(hung.summary, 'The MCP server "fake" did not answer hang within 0.5 s, so the call was abandoned.');
    assert.equal((await call(find(tools, 'mcp__fake__echo'), { message: 'still here' })).output, 'echo: still here');
  });

  it('a server that writes something that is not JSON-RPC is disconnected and the call fails', async () => {
    const tools = await start([fake('fake')], { timeoutMs: 10_000 });
    const result = await call(find(tools, 'mcp__fake__garbage'), {});
    assert.equal(result.outcome, 'failed');
    assert.match(
      result.summary,
      /^The MCP server "fake" sent a message that is not valid JSON-RPC \(.+\), so Codewright disconnected it\.$/,
    );
    assert.equal(servers!.status()[0]!.state, 'failed');
  });

  it("servers that fail to start are reported once each, and the others' tools are still offered", async () => {
    const tools = await start([
      fake('good'),
      fake('exits', 'exit-at-start'),
      { ...fake('missing'), command: path.join(root, 'no-such-server') },
    ]);
    assert.ok(tools.length > 0 && tools.every((t) => t.name.startsWith('mcp__good__')));
    assert.equal(problems.length, 2, JSON.stringify(servers!.status()));
    assert.ok(
      problems.includes('The MCP server "exits" exited while starting (its last output: fake-mcp: cannot open the database).'),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) =>
        /^The MCP server "missing" could not be started: the command ".*no-such-server" was not found \(check test\.json\)\.$/.test(p),
      ),
      problems.join('\n'),
    );
    await servers!.tools(signal);
    assert.equal(problems.length, 2, 'the same failure is not reported at every turn');
    assert.deepEqual(
      servers!.status().map((s) => [s.name, s.state]),
      [
        ['good', 'running'],
        ['exits', 'failed'],
        ['missing', 'failed'],
      ],
    );
    await servers!.configure([fake('good'), { ...fake('gone'), command: path.join(root, 'no-such-server') }]);
    const told: string[] = [];
    await servers!.tools(signal, (problem) => told.push(problem));
    assert.equal(told.length, 1, 'a turn that asks hears of a failed start itself');
    assert.match(told[0]!, /^The MCP server "gone" could not be started/);
    assert.equal(problems.length, 2, 'and the host is not told a second time');
  });

  it('a server that never answers the handshake is stopped after the timeout', async () => {
    const pids = path.join(root, 'pids');
    const tools = await start([fake('silent', 'silent', { FAKE_MCP_PID_FILE: pids })], { timeoutMs: 1_500 });
    assert.deepEqual(tools, []);
    assert.deepEqual(problems, ['The MCP server "silent" did not answer within 1.5 s of starting, so it was stopped.']);
    // On a loaded machine the process may be stopped before it got as far as writing its pid.
    const written = await fs.readFile(pids, 'utf8').catch(() => '');
    for (const pid of written.trim().split('\n').filter(Boolean).map(Number))
      await until(() => !alive(pid), 'the silent server is stopped');
  });

  it('restarts a server whose configuration changed, keeps the others, and stops every process on dispose', async () => {
    const pids = path.join(root, 'pids');
    const env = { FAKE_MCP_PID_FILE: pids };
    const started = async () => (await fs.readFile(pids, 'utf8')).trim().split('\n').map(Number);
    await start([fake('a', 'normal', env), fake('b', 'normal', env)]);
    assert.equal((await started()).length, 2);
    await servers!.configure([fake('a', 'normal', env), { ...fake('b', 'normal', env), args: [FAKE, 'normal', '--changed'] }]);
    assert.deepEqual(
      servers!.status().map((s) => s.state),
      ['running', 'stopped'],
    );
    const tools = await servers!.tools(signal);
    assert.equal((await started()).length, 3, 'only the changed server was started again');
    assert.ok(tools.some((t) => t.name === 'mcp__b__echo'));
    await servers!.dispose();
    for (const pid of await started()) await until(() => !alive(pid), `process ${pid} stops`);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting until ${what}`);
}
