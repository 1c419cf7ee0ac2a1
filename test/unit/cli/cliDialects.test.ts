import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PersonaName } from '../../fake-openai/personas';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';

// `codewright exec` in every dialect, as a separate process against the provider personas of the fake server.
const CLI = path.resolve(__dirname, '../../../src/cli/main.js');

type Item = Record<string, unknown>;

describe('codewright exec in every tool dialect', () => {
  let server: FakeServer;
  let dir: string;
  let root: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-cli-dialects-'));
    root = path.join(dir, 'ws');
    await fs.mkdir(root);
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function run(persona: PersonaName, ...args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [CLI, 'exec', '--base-url', server.url, '--cwd', root, '--approve-edits', '--approve-commands', ...args],
        {
          env: { PATH: process.env.PATH ?? '', HOME: dir, CODEWRIGHT_HOME: path.join(dir, 'home') },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr: `${persona}: ${stderr}` }));
    });
  }

  const script = () =>
    server.enqueue(
      { items: [{ type: 'apply_patch_call', callId: 'p', operation: { type: 'create_file', path: 'made.txt', diff: '+made\n' } }] },
      { items: [{ type: 'shell_call', callId: 's', commands: ['cat made.txt'] }] },
      { items: [{ type: 'text', text: 'Done.' }] },
    );

  it('auto on a vLLM endpoint: function tools on /responses edit the file and run the command', async () => {
    server = await startFakeServer({ persona: 'vllm' });
    script();
    const result = await run('vllm', 'make it');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await fs.readFile(path.join(root, 'made.txt'), 'utf8'), 'made\n');
    const last = server.requests.filter((r) => r.path === '/v1/responses').at(-1)!.body as { input: Item[] };
    const shell = last.input.find((i) => i.type === 'function_call_output' && i.call_id === 's')!;
    assert.deepEqual(JSON.parse(String(shell.output)), { command: 'cat made.txt', exit_code: 0, stdout: 'made\n', stderr: '' });
  });

  it('auto on a Chat Completions-only endpoint falls back to /chat/completions, and the next run goes there at once', async () => {
    server = await startFakeServer({ persona: 'chat-only' });
    script();
    const first = await run('chat-only', 'make it');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(await fs.readFile(path.join(root, 'made.txt'), 'utf8'), 'made\n');
    const tool = (server.requests.at(-1)!.body as { messages: Item[] }).messages.find((m) => m.role === 'tool' && m.tool_call_id === 's')!;
    assert.equal(JSON.parse(String(tool.content)).stdout, 'made\n');
    const before = server.requests.filter((r) => r.path === '/v1/responses').length;
    server.enqueue({ items: [{ type: 'text', text: 'Hi.' }] });
    assert.equal((await run('chat-only', 'hi')).code, 0);
    assert.equal(server.requests.filter((r) => r.path === '/v1/responses').length, before, 'the fallback was remembered');
  });

  it('--dialect chat talks Chat Completions to a server that has both', async () => {
    server = await startFakeServer();
    script();
    const result = await run('openai', '--dialect', 'chat', 'make it');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(server.requests.filter((r) => r.path === '/v1/responses').length, 0);
    assert.equal(server.requests.filter((r) => r.path === '/v1/chat/completions').length, 3);
  });

  it('rejects an unknown --dialect with a usage line and exit code 2', async () => {
    server = await startFakeServer();
    const result = await run('openai', '--dialect', 'xml', 'hi');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown dialect 'xml': use auto, builtin, function or chat\./);
  });
});
