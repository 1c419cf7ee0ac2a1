import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';
import type { PersonaName } from '../../fake-openai/personas';

// The CLI as a process against the provider personas: which model it runs, what it says when that model is gone, and
// --provider.
const CLI = path.resolve(__dirname, '../../../src/cli/main.js');

describe('codewright exec: models and providers', () => {
  let server: FakeServer | undefined;
  let dir: string;
  let root: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-cli-models-'));
    root = path.join(dir, 'ws');
    await fs.mkdir(root);
  });
  afterEach(async () => {
    await server?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const start = async (persona: PersonaName) => {
    server = await startFakeServer({ persona });
    return server;
  };

  function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'exec', '--cwd', root, ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: dir, CODEWRIGHT_HOME: path.join(dir, 'home'), ...env },
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

  const models = (s: FakeServer) => s.requests.filter((r) => r.path === '/v1/responses').map((r) => (r.body as { model: string }).model);

  it('without --model picks the first preferred model the provider serves, and says so', async () => {
    const s = await start('retired');
    s.enqueue({ items: [{ type: 'text', text: 'Hello.' }] });
    const run = await cli(['--provider', 'openai', '--base-url', s.url, 'hi'], { OPENAI_API_KEY: 'sk-test' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /codewright: No model is configured, so Codewright uses gpt-6\.2-sol: the first of its preferred models that OpenAI serves/,
    );
    assert.deepEqual(models(s), ['gpt-6.2-sol']);
    const cache = JSON.parse(await fs.readFile(path.join(dir, 'home', 'models.json'), 'utf8')) as { providers: Record<string, unknown> };
    assert.deepEqual(Object.keys(cache.providers), [s.url], 'the list is cached in CODEWRIGHT_HOME');
  });

  it('keeps the seeded family where the provider still serves it', async () => {
    const s = await start('openai');
    s.enqueue({ items: [{ type: 'text', text: 'Hello.' }] });
    const run = await cli(['--base-url', s.url, 'hi']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(models(s), ['gpt-5.2-codex']);
  });

  it('names the shutdown date and the --model to pass when the model was retired', async () => {
    const s = await start('retired');
    const run = await cli(['--provider', 'openai', '--base-url', s.url, '--model', 'gpt-5.1-codex', 'hi'], { OPENAI_API_KEY: 'sk-test' });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /The model "gpt-5\.1-codex" was shut down on 2026-07-23, so OpenAI no longer serves it \(HTTP 404\): pass --model gpt-6\.1-sol\./,
    );
    assert.match(run.stderr, /codewright: OpenAI serves gpt-6\.1-sol, which replaces gpt-5\.1-codex: pass --model gpt-6\.1-sol\./);
  });

  it('retries a rejected effort with the nearest level and says so', async () => {
    const s = await start('effortStrict');
    s.enqueue({ items: [{ type: 'text', text: 'Done.' }] });
    const run = await cli(['--provider', 'openai', '--base-url', s.url, '--model', 'gpt-6.2-sol', '--effort', 'none', 'hi'], {
      OPENAI_API_KEY: 'sk-test',
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /gpt-6\.2-sol does not accept reasoning effort 'none' \(it accepts low, medium, high, xhigh, max\), so 'low' is used instead/,
    );
    const efforts = s.requests
      .filter((r) => r.path === '/v1/responses')
      .map((r) => (r.body as { reasoning: { effort: string } }).reasoning.effort);
    assert.deepEqual(efforts, ['none', 'low']);
  });

  it('takes a --provider preset, and refuses an unknown one or a custom one without a URL', async () => {
    const s = await start('openai');
    s.enqueue({ items: [{ type: 'text', text: 'Local.' }] });
    const local = await cli(['--provider', 'ollama', '--base-url', s.url, '--model', 'qwen3-coder', 'hi'], { OPENAI_API_KEY: '' });
    assert.equal(local.code, 0, local.stderr);
    assert.equal(s.requests.at(-1)?.headers.authorization, undefined, 'a local preset gets no key');
    const unknown = await cli(['--provider', 'bedrock', 'hi']);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /Unknown provider 'bedrock': use one of openai, azure, openrouter, cometapi, vercel, ollama, lmstudio, vllm, litellm, custom\./,
    );
    const custom = await cli(['--provider', 'custom', 'hi']);
    assert.equal(custom.code, 2);
    assert.match(custom.stderr, /A custom provider needs a base URL/);
  });
});
