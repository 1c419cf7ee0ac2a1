import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AgentEventSchema, type AgentEvent } from '../../../src/shared/events';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';

// The CLI as its users run it: a separate node process, talking HTTP to the fake server.
const CLI = path.resolve(__dirname, '../../../src/cli/main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

type Item = Record<string, unknown>;

describe('codewright exec (the CLI as a process)', () => {
  let server: FakeServer;
  let dir: string;
  let root: string;
  let home: string;

  beforeEach(async () => {
    server = await startFakeServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-cli-'));
    root = path.join(dir, 'ws');
    home = path.join(dir, 'home');
    await fs.mkdir(root);
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  function cli(args: string[], env: Record<string, string> = {}, onStdout?: (child: ReturnType<typeof spawn>) => void): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: dir, CODEWRIGHT_HOME: home, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        onStdout?.(child);
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  // The fake is reached as a custom endpoint; these tests read the built-in tools' outputs (dialects: cliDialects.test.ts).
  const exec = (...args: string[]) => cli(['exec', '--base-url', server.url, '--dialect', 'builtin', '--cwd', root, ...args]);
  const bodies = () =>
    server.requests.filter((r) => r.path === '/v1/responses').map((r) => r.body as { input: Item[]; model: string; reasoning: Item });
  const outputOf = (callId: string) =>
    bodies()
      .at(-1)!
      .input.find((i) => String(i.type).endsWith('_output') && i.call_id === callId);

  it('prints help and exits 0', async () => {
    const run = await cli(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: codewright exec \[options\] "PROMPT"/);
    assert.match(run.stdout, /--approve-edits/);
  });

  it('exits 2 with usage on an unknown flag, a missing prompt, a bad effort or an unknown command', async () => {
    const cases: [string[], RegExp][] = [
      [['exec', '--frobnicate', 'x'], /Unknown option '--frobnicate'/],
      [['exec'], /Missing prompt/],
      [['exec', '--effort', 'extreme', 'x'], /Unknown effort 'extreme': use one of none, minimal, low, medium, high, xhigh, max\./],
      [['run', 'x'], /Unknown command 'run'/],
      [[], /Missing command/],
      [['exec', '--cwd', path.join(root, 'missing'), 'x'], /is not a directory/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
    assert.equal(server.requests.length, 0);
  });

  it('streams the answer to stdout, reports the session on stderr, and saves it', async () => {
    server.enqueue({
      items: [
        { type: 'reasoning', summary: ['Thinking.'] },
        { type: 'text', text: 'The answer is 42.' },
      ],
    });
    const run = await exec('--model', 'gpt-5.1-codex-mini', '--effort', 'low', 'What is the answer?');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'The answer is 42.\n');
    const id = /session ([\w-]+) \(continue with --resume \1\)/.exec(run.stderr)?.[1];
    assert.ok(id, run.stderr);
    const saved = JSON.parse(await fs.readFile(path.join(home, 'sessions', `${id}.json`), 'utf8')) as { title: string; history: unknown[] };
    assert.equal(saved.title, 'What is the answer?');
    assert.equal(saved.history.length, 3);
    const [body] = bodies();
    assert.equal(body!.model, 'gpt-5.1-codex-mini');
    assert.deepEqual(body!.reasoning, { effort: 'low', summary: 'auto' });
    assert.equal(server.requests[0]!.headers.authorization, undefined, 'a custom endpoint without a key gets no Authorization header');
  });

  it('prints one JSON AgentEvent per line with --json', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'Line one.' }] });
    const run = await exec('--json', 'hi');
    assert.equal(run.code, 0);
    const events = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => AgentEventSchema.parse(JSON.parse(line)) as AgentEvent);
    assert.equal(events[0]!.type, 'turn_started');
    assert.deepEqual(events.at(-1), { type: 'turn_finished', turnId: (events[0] as { turnId: string }).turnId, reason: 'completed' });
    assert.equal(
      events
        .filter((e) => e.type === 'text_delta')
        .map((e) => (e as { delta: string }).delta)
        .join(''),
      'Line one.',
    );
    assert.ok(events.some((e) => e.type === 'usage'));
  });

  it('writes edits with --approve-edits', async () => {
    server.enqueue(
      {
        items: [
          { type: 'apply_patch_call', callId: 'p', operation: { type: 'create_file', path: 'src/new.txt', diff: '+made by the agent\n' } },
        ],
      },
      { items: [{ type: 'text', text: 'Created it.' }] },
    );
    const run = await exec('--approve-edits', 'create a file');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await fs.readFile(path.join(root, 'src/new.txt'), 'utf8'), 'made by the agent\n');
    assert.deepEqual(outputOf('p'), {
      type: 'apply_patch_call_output',
      call_id: 'p',
      status: 'completed',
      output: 'Done: created src/new.txt.',
    });
    assert.match(run.stderr, /▸ apply_patch: create src\/new\.txt\n {2}✓ Created src\/new\.txt\n/);
  });

  it('without --approve-edits leaves the file untouched and tells the model why', async () => {
    await fs.writeFile(path.join(root, 'keep.txt'), 'original\n');
    server.enqueue(
      {
        items: [
          {
            type: 'apply_patch_call',
            callId: 'p',
            operation: { type: 'update_file', path: 'keep.txt', diff: '@@\n-original\n+changed\n' },
          },
        ],
      },
      { items: [{ type: 'text', text: 'I could not edit it.' }] },
    );
    const run = await exec('change it');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await fs.readFile(path.join(root, 'keep.txt'), 'utf8'), 'original\n');
    assert.deepEqual(outputOf('p'), {
      type: 'apply_patch_call_output',
      call_id: 'p',
      status: 'failed',
      output: 'The user rejected this change: edits need approval: rerun with --approve-edits',
    });
    assert.match(run.stderr, /✗ Rejected: edits need approval: rerun with --approve-edits/);
  });

  it('runs commands in --cwd with --approve-commands, honouring timeout_ms, and refuses denied ones anyway', async () => {
    server.enqueue(
      { items: [{ type: 'shell_call', callId: 'where', commands: ['pwd'] }] },
      { items: [{ type: 'shell_call', callId: 'slow', commands: ['sleep 600'], timeoutMs: 300 }] },
      { items: [{ type: 'shell_call', callId: 'danger', commands: ['git clean -fdx'] }] },
      { items: [{ type: 'text', text: 'Done.' }] },
    );
    // A sleep that outlives the test: the run ends only because its timeout stopped it.
    const run = await exec('--approve-commands', 'look around');
    assert.equal(run.code, 0, run.stderr);
    const all = bodies();
    const entry = (body: { input: Item[] }, id: string) =>
      (body.input.find((i) => i.call_id === id && i.type === 'shell_call_output') as { output: Item[] }).output[0]!;
    assert.deepEqual(entry(all[1]!, 'where'), {
      stdout: `${await fs.realpath(root)}\n`,
      stderr: '',
      outcome: { type: 'exit', exit_code: 0 },
    });
    assert.deepEqual(entry(all[2]!, 'slow').outcome, { type: 'timeout' });
    assert.match(String(entry(all[3]!, 'danger').stderr), /^This command was not run: /);
  });

  it('without --approve-commands runs nothing and tells the model why', async () => {
    server.enqueue(
      { items: [{ type: 'shell_call', callId: 'c', commands: ['touch made-by-command'] }] },
      { items: [{ type: 'text', text: 'OK.' }] },
    );
    const run = await exec('make a file');
    assert.equal(run.code, 0);
    await assert.rejects(fs.stat(path.join(root, 'made-by-command')));
    const output = outputOf('c') as { output: Item[] };
    assert.equal(output.output[0]!.stderr, 'The user rejected this command: commands need approval: rerun with --approve-commands');
  });

  it('exits 1 with the sentence on stderr when the model fails', async () => {
    const keyed = await startFakeServer({ apiKey: 'sk-right' });
    try {
      const run = await cli(['exec', '--cwd', root, 'hi'], { OPENAI_BASE_URL: keyed.url, OPENAI_API_KEY: 'sk-wrong' });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /rejected the API key \(HTTP 401\)\. Check the key, then set OPENAI_API_KEY \(or, for a local server/);
      // Without --model the CLI first reads GET /models to pick one; the model request itself is not retried on 401.
      assert.equal(keyed.requests.filter((r) => r.path === '/v1/responses').length, 1, 'no retry on 401; OPENAI_BASE_URL was used');
      assert.ok(!run.stderr.includes('sk-wrong'), 'the key is never printed');
    } finally {
      await keyed.close();
    }
    server.enqueue({
      items: [{ type: 'text', text: 'partial' }],
      fail: { kind: 'response_failed', code: 'server_error', message: 'Boom.' },
    });
    const failed = await exec('--json', 'hi');
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /had a server error: "Boom"\. Retry in a moment\./);
  });

  it('says how to set the key when there is none for OpenAI, names --base-url for local servers, and saves no session', async () => {
    const run = await cli(['exec', '--cwd', root, 'hi']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /No API key is set for OpenAI: set OPENAI_API_KEY \(or, for a local server that needs no key, pass its --base-url/,
    );
    assert.doesNotMatch(run.stderr, /--resume/, 'nothing was said to the model, so there is nothing to resume');
    const sessions = path.join(home, 'sessions');
    assert.deepEqual(await fs.readdir(sessions).catch(() => []), []);
  });

  it('continues a saved session with --resume, and refuses an unknown one', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'First.' }] }, { items: [{ type: 'text', text: 'Second.' }] });
    const first = await exec('--model', 'gpt-5.1-codex-max', 'remember the number 7');
    const id = /session ([\w-]+)/.exec(first.stderr)![1]!;
    const second = await exec('--resume', id, 'what was the number?');
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, 'Second.\n');
    const [, resumed] = bodies();
    assert.equal(resumed!.model, 'gpt-5.1-codex-max', 'the session keeps its model');
    assert.deepEqual(
      resumed!.input.map((i) => i.role),
      ['user', 'assistant', 'user'],
    );
    const unknown = await exec('--resume', 'no-such-session', 'hi');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /There is no session "no-such-session"/);
  });

  it('stops at once on Ctrl+C, exits 130 and keeps the session resumable', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'word '.repeat(500), chunks: 500 }], delayMs: 20 });
    let interrupted = false;
    const run = await cli(['exec', '--base-url', server.url, '--cwd', root, 'talk'], {}, (child) => {
      if (interrupted) return;
      interrupted = true;
      child.kill('SIGINT');
    });
    assert.equal(run.code, 130, run.stderr);
    assert.ok(run.stdout.length < 'word '.repeat(500).length, 'the answer was cut short');
    const id = /session ([\w-]+)/.exec(run.stderr)![1]!;
    const saved = JSON.parse(await fs.readFile(path.join(home, 'sessions', `${id}.json`), 'utf8')) as { history: Item[] };
    assert.deepEqual(
      saved.history.map((i) => i.role),
      ['user'],
    );
  });
});
