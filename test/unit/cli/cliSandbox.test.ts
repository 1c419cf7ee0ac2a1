import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommandLine, USAGE } from '../../../src/cli/args';
import { CliHost, type CliSandbox } from '../../../src/cli/cliHost';

describe('CLI sandbox', () => {
  let root: string;
  let outside: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-cli-sandbox-'));
    outside = await fs.mkdtemp(path.join('/var/tmp', 'cw-cli-outside-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });

  const host = (sandbox: CliSandbox | undefined, notices: string[] = []) =>
    new CliHost({
      root,
      approveEdits: false,
      approveCommands: true,
      emit: () => undefined,
      notice: (m) => notices.push(m),
      ...(sandbox ? { sandbox } : {}),
    });
  const run = (h: CliHost, command: string) =>
    h.runCommand(command, { callId: 'c', cwd: root, timeoutMs: 20_000, signal: new AbortController().signal });

  for (const sandbox of [undefined, 'require'] as const) {
    it(`${sandbox ?? 'by default'}: runs commands sandboxed, tells the model why a write outside failed`, async () => {
      const notices: string[] = [];
      const h = host(sandbox, notices);
      const inside = await run(h, 'echo ok > here.txt');
      assert.deepEqual(inside.outcome, { type: 'exit', exitCode: 0 }, inside.stderr);
      assert.equal(await fs.readFile(path.join(root, 'here.txt'), 'utf8'), 'ok\n');
      const escaped = await run(h, `echo no > ${path.join(outside, 'x')}`);
      assert.match(escaped.stderr, /ran in a sandbox .* because it tried to write outside the workspace\. Rerun with --no-sandbox/);
      await assert.rejects(fs.stat(path.join(outside, 'x')), /ENOENT/);
      assert.deepEqual(notices, [], 'a sandbox was available, so nothing to say');
    });
  }

  it('--no-sandbox: runs commands as before', async () => {
    const result = await run(host('off'), `echo yes > ${path.join(outside, 'x')}`);
    assert.deepEqual(result.outcome, { type: 'exit', exitCode: 0 }, result.stderr);
    assert.equal(await fs.readFile(path.join(outside, 'x'), 'utf8'), 'yes\n');
  });
});

describe('CLI sandbox flags', () => {
  const options = (...argv: string[]) => {
    const parsed = parseCommandLine(['exec', ...argv, 'do it']);
    return parsed.kind === 'exec' ? parsed.options.sandbox : parsed;
  };
  it('sandboxes when available by default, requires it with --sandbox, turns it off with --no-sandbox', () => {
    assert.equal(options(), 'auto');
    assert.equal(options('--sandbox'), 'require');
    assert.equal(options('--no-sandbox'), 'off');
  });
  it('refuses both at once with a sentence', () => {
    assert.deepEqual(options('--sandbox', '--no-sandbox'), {
      kind: 'usage_error',
      message: '--sandbox and --no-sandbox contradict each other: give one.',
    });
  });
  it('lists both in the help', () => {
    assert.match(USAGE, /--sandbox {12}run commands only inside an OS sandbox/);
    assert.match(USAGE, /--no-sandbox {9}run commands as they would run in your own shell/);
  });
});
