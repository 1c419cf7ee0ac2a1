// The CLI end to end with the project's AGENTS.md and MCP servers: a separate node process, the fake Responses server over
// HTTP, and the fake MCP server as a real child process of the CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';

const CLI = path.resolve(__dirname, '../../../src/cli/main.js');
const FAKE_MCP = path.resolve(__dirname, '../../fake-mcp/server.js');

type Item = Record<string, unknown>;
interface Body {
  instructions: string;
  input: Item[];
  tools: Item[];
}

describe('codewright exec with AGENTS.md and --mcp-config', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let dir: string;
  let root: string;
  let config: string;

  beforeEach(async () => {
    server = await startFakeServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-cli-project-'));
    root = path.join(dir, 'ws');
    await fs.mkdir(path.join(root, 'packages', 'api'), { recursive: true });
    config = path.join(dir, 'mcp.json');
    await fs.writeFile(
      config,
      JSON.stringify({ servers: { fake: { type: 'stdio', command: process.execPath, args: [FAKE_MCP], env: { MARK: '${env:MARK}' } } } }),
    );
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  function exec(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'exec', '--base-url', server.url, '--model', 'gpt-5.1-codex', '--cwd', root, ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: dir, CODEWRIGHT_HOME: path.join(dir, 'home'), MARK: 'set' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  const bodies = () => server.requests.filter((r) => r.path === '/v1/responses').map((r) => r.body as Body);
  const outputOf = (callId: string) =>
    bodies()
      .at(-1)!
      .input.find((i) => i.type === 'function_call_output' && i.call_id === callId);

  it('sends the root AGENTS.md and that of a folder the prompt names, nearest last, and says which were used', async () => {
    await fs.writeFile(path.join(root, 'AGENTS.md'), 'Run npm test before finishing.');
    await fs.writeFile(path.join(root, 'packages', 'api', 'AGENTS.md'), 'In the API, run npm run test:api.');
    await fs.writeFile(path.join(root, 'packages', 'api', 'server.ts'), 'export {};\n');
    server.enqueue({ items: [{ type: 'text', text: 'Done.' }] });
    const run = await exec('fix packages/api/server.ts');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^instructions: AGENTS\.md, packages\/api\/AGENTS\.md$/m);
    const instructions = bodies()[0]!.instructions;
    assert.ok(instructions.indexOf('Run npm test before finishing.') < instructions.indexOf('In the API, run npm run test:api.'));
  });

  it("offers the servers' tools and, with --approve-mcp, runs the call and sends its result back", async () => {
    server.enqueue(
      { items: [{ type: 'function_call', callId: 'm1', name: 'mcp__fake__echo', arguments: '{"message":"hi"}' }] },
      { items: [{ type: 'text', text: 'It said hi.' }] },
    );
    const run = await exec('--mcp-config', config, '--approve-mcp', 'echo hi');
    assert.equal(run.code, 0, run.stderr);
    assert.ok(bodies()[0]!.tools.some((tool) => tool['name'] === 'mcp__fake__echo' && tool['type'] === 'function'));
    assert.equal(outputOf('m1')?.['output'], 'echo: hi');
    assert.match(run.stderr, /mcp__fake__echo\(\{"message":"hi"\}\)/);
    assert.match(run.stderr, /✓ fake\/echo: echo: hi/);
  });

  it('refuses every MCP call without --approve-mcp and tells the model how to allow it', async () => {
    server.enqueue(
      { items: [{ type: 'function_call', callId: 'm1', name: 'mcp__fake__echo', arguments: '{"message":"hi"}' }] },
      { items: [{ type: 'text', text: 'Not allowed.' }] },
    );
    const run = await exec('--mcp-config', config, 'echo hi');
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      String(outputOf('m1')?.['output']),
      /declined this call to echo on the MCP server "fake": MCP tool calls need approval: rerun with --approve-mcp/,
    );
  });

  it('a server that crashes mid-call fails that call with one sentence, and the turn goes on', async () => {
    server.enqueue(
      { items: [{ type: 'function_call', callId: 'm1', name: 'mcp__fake__crash', arguments: '{}' }] },
      { items: [{ type: 'text', text: 'The server crashed.' }] },
    );
    const run = await exec('--mcp-config', config, '--approve-mcp', 'crash it');
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /codewright: The MCP server "fake" stopped while running crash \(its last output: fake-mcp: segfault in crash\)\./,
    );
    assert.match(String(outputOf('m1')?.['output']), /stopped while running crash.*The call was not completed\./);
    assert.match(run.stdout, /The server crashed\./);
  });

  it('exits 2 naming the file and the field when the config is wrong, or the file is missing', async () => {
    await fs.writeFile(config, JSON.stringify({ servers: { fake: { type: 'stdio', args: [] } } }));
    const wrong = await exec('--mcp-config', config, 'x');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, new RegExp(`codewright: ${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: servers\\.fake\\.command: `));
    const missing = await exec('--mcp-config', path.join(dir, 'nope.json'), 'x');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--mcp-config .*nope\.json cannot be read \(no such file\)\./);
    assert.equal(bodies().length, 0, 'nothing reached the model');
  });
});
