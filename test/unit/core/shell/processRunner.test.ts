import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProcess, type ProcessRunOptions } from '../../../../src/core/shell/processRunner';
import { isAlive } from '../../../../src/core/shell/processTree';

function options(extra: Partial<ProcessRunOptions> = {}): ProcessRunOptions {
  return { callId: 'call_test', cwd: os.tmpdir(), timeoutMs: 60_000, signal: new AbortController().signal, ...extra };
}

/** Pids the command printed as "pid:<n>" lines. */
function pidsIn(text: string): number[] {
  return [...text.matchAll(/pid:(\d+)/g)].map((m) => Number(m[1]));
}

async function allGone(pids: number[]): Promise<boolean> {
  return !(await Promise.all(pids.map(isAlive))).includes(true);
}

describe('runProcess', function () {
  this.timeout(30_000);

  it('captures stdout, stderr and the exit code', async () => {
    const r = await runProcess('echo out; echo err >&2; exit 3', options());
    assert.deepEqual(r, { stdout: 'out\n', stderr: 'err\n', outcome: { type: 'exit', exitCode: 3 } });
  });

  it('reports success as exit 0', async () => {
    const r = await runProcess('printf "a\\nb"', options());
    assert.deepEqual(r, { stdout: 'a\nb', stderr: '', outcome: { type: 'exit', exitCode: 0 } });
  });

  it('captures a very fast command, every time', async () => {
    for (let i = 0; i < 20; i++) {
      assert.deepEqual(await runProcess('true', options()), { stdout: '', stderr: '', outcome: { type: 'exit', exitCode: 0 } });
      assert.equal((await runProcess(`echo ${i}`, options())).stdout, `${i}\n`);
    }
  });

  it('runs in the given folder with a non-interactive environment', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cw-run-')));
    try {
      const r = await runProcess('pwd; echo "$GIT_TERMINAL_PROMPT $PAGER $GIT_PAGER"', options({ cwd: dir }));
      assert.equal(r.stdout, `${dir}\n0 cat cat\n`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives a command reading stdin end-of-file instead of waiting', async () => {
    const r = await runProcess('read answer; echo "read exit $? [$answer]"; cat; echo done', options({ timeoutMs: 20_000 }));
    assert.deepEqual(r.outcome, { type: 'exit', exitCode: 0 });
    assert.equal(r.stdout, 'read exit 1 []\ndone\n');
  });

  it('streams stripped output chunks as they arrive, in order', async () => {
    const chunks: string[] = [];
    const r = await runProcess('printf "\\033[31mred\\033[0m\\n"; echo two', options({ onOutput: (c) => chunks.push(c) }));
    assert.equal(chunks.join(''), 'red\ntwo\n');
    assert.equal(r.stdout, 'red\ntwo\n');
  });

  it('reports a signal death as 128 + the signal number', async () => {
    const r = await runProcess('kill -TERM $$', options());
    assert.deepEqual(r.outcome, { type: 'exit', exitCode: 143 });
  });

  it('kills the whole tree on timeout and reports a timeout', async () => {
    const r = await runProcess(
      'sleep 600 & echo "pid:$!"; sh -c \'echo "pid:$$"; exec sleep 600\'',
      options({ timeoutMs: 2000, killGraceMs: 500 }),
    );
    assert.deepEqual(r.outcome, { type: 'timeout' });
    const pids = pidsIn(r.stdout);
    assert.equal(pids.length, 2, `both sleeps started: ${r.stdout}`);
    assert.ok(await allGone(pids), `children ${pids.join(', ')} are gone`);
  });

  it('kills children that ignore SIGTERM after the grace period', async () => {
    const r = await runProcess(
      'sh -c \'trap "" TERM; echo "pid:$$"; while :; do sleep 1; done\'',
      options({ timeoutMs: 1500, killGraceMs: 300 }),
    );
    assert.deepEqual(r.outcome, { type: 'timeout' });
    const pids = pidsIn(r.stdout);
    assert.equal(pids.length, 1);
    assert.ok(await allGone(pids), 'the TERM-ignoring child was SIGKILLed');
  });

  it('kills a child that left the process group (setsid)', async () => {
    const r = await runProcess('setsid sh -c \'echo "pid:$$"; exec sleep 600\' & wait', options({ timeoutMs: 1500, killGraceMs: 300 }));
    assert.deepEqual(r.outcome, { type: 'timeout' });
    const pids = pidsIn(r.stdout);
    assert.equal(pids.length, 1);
    assert.ok(await allGone(pids));
  });

  it('on abort kills the tree and rejects with an AbortError', async () => {
    const controller = new AbortController();
    let seen = '';
    const run = runProcess(
      'sleep 600 & echo "pid:$!"; sleep 600',
      options({
        signal: controller.signal,
        killGraceMs: 300,
        onOutput: (c) => {
          seen += c;
          if (pidsIn(seen).length === 1) controller.abort();
        },
      }),
    );
    await assert.rejects(run, (e: Error) => e.name === 'AbortError' && /stopped/.test(e.message));
    assert.ok(await allGone(pidsIn(seen)));
  });

  it('rejects at once when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(runProcess('echo never', options({ signal: controller.signal })), { name: 'AbortError' });
  });

  it('does not wait for a background child that keeps the output pipes open', async () => {
    // The child sleeps far past the test's timeout: resolving at all means the shell's exit was enough.
    const r = await runProcess('sleep 600 & echo "pid:$!"; echo main done', options());
    assert.deepEqual(r.outcome, { type: 'exit', exitCode: 0 });
    assert.match(r.stdout, /main done/);
    for (const pid of pidsIn(r.stdout)) process.kill(pid, 'SIGKILL');
  });

  it('keeps huge output bounded: head and tail with the cut counted', async () => {
    const lines = 200_000; // "line N\n" ≈ 1.8 MB
    const r = await runProcess(`i=0; while [ $i -lt ${lines} ]; do echo "line $i"; i=$((i+1)); done`, options({ captureLimit: 10_000 }));
    assert.ok(r.stdout.length < 10_100, `bounded: ${r.stdout.length}`);
    assert.ok(r.stdout.startsWith('line 0\nline 1\n'));
    assert.ok(r.stdout.endsWith(`line ${lines - 1}\n`));
    const cut = Number(/\[… (\d+) characters cut …\]/.exec(r.stdout)?.[1]);
    let total = 0;
    for (let i = 0; i < lines; i++) total += `line ${i}\n`.length;
    const marker = `\n[… ${cut} characters cut …]\n`;
    assert.equal(r.stdout.length - marker.length + cut, total, 'kept + cut = everything printed');
  });

  it('ends with exit 127 and a sentence when the folder does not exist', async () => {
    const r = await runProcess('echo hi', options({ cwd: path.join(os.tmpdir(), 'no-such-dir-codewright') }));
    assert.deepEqual(r.outcome, { type: 'exit', exitCode: 127 });
    assert.match(r.stderr, /does not exist\. Run it from an existing folder/);
  });

  it('ends with exit 127 when the shell cannot be started', async () => {
    const r = await runProcess('echo hi', options({ shell: '/no/such/shell' }));
    assert.deepEqual(r.outcome, { type: 'exit', exitCode: 127 });
    assert.match(r.stderr, /Could not start the shell \/no\/such\/shell/);
  });

  it('uses the shell it is given', async () => {
    const r = await runProcess('echo "$0"', options({ shell: '/bin/sh' }));
    assert.equal(r.stdout, '/bin/sh\n');
  });
});
