import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';
import { snapshotTree } from '../core/checkpoints/treeSnapshot';

// `codewright checkpoints` and `codewright restore` as their users run them: separate processes, after real exec runs.
const CLI = path.resolve(__dirname, '../../../src/cli/main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('codewright checkpoints and restore (the CLI as a process)', function () {
  // Each test starts several node processes one after another.
  this.timeout(120_000);
  let server: FakeServer;
  let dir: string;
  let root: string;
  let home: string;

  beforeEach(async () => {
    server = await startFakeServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-cli-cp-'));
    root = path.join(dir, 'ws');
    home = path.join(dir, 'home');
    await fs.mkdir(root);
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  function cli(args: string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: dir, CODEWRIGHT_HOME: home },
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

  const exec = (...args: string[]) =>
    cli(['exec', '--base-url', server.url, '--cwd', root, '--approve-edits', '--approve-commands', ...args]);
  const sessionOf = (run: Run) => /--resume ([A-Za-z0-9_-]+)/.exec(run.stderr)?.[1] ?? assert.fail(`no session id in: ${run.stderr}`);

  it('lists what each turn changed and restores the workspace to before a turn, byte for byte', async () => {
    await fs.writeFile(path.join(root, 'keep.txt'), 'keep\n');
    await fs.writeFile(path.join(root, 'doomed.txt'), 'doomed\n');
    await fs.writeFile(path.join(root, 'old.md'), '# old\n');
    const original = await snapshotTree(root);
    server.enqueue(
      { items: [{ type: 'shell_call', callId: 'c1', commands: ['rm doomed.txt', 'mv old.md new.md', "printf '\\000\\377' > data.bin"] }] },
      { items: [{ type: 'text', text: 'Reshaped.' }] },
    );
    const first = await exec('reshape');
    assert.equal(first.code, 0, first.stderr);
    const id = sessionOf(first);
    const afterFirst = await snapshotTree(root);
    server.enqueue(
      { items: [{ type: 'text', text: 'Nothing to do.' }] },
      {
        items: [
          { type: 'apply_patch_call', callId: 'p1', operation: { type: 'update_file', path: 'keep.txt', diff: '@@\n-keep\n+kept\n' } },
        ],
      },
      { items: [{ type: 'text', text: 'Edited.' }] },
    );
    assert.equal((await exec('--resume', id, 'just talk')).code, 0);
    assert.equal((await exec('--resume', id, 'edit keep.txt')).code, 0);

    const listed = await cli(['checkpoints', id]);
    assert.equal(listed.code, 0, listed.stderr);
    const lines = listed.stdout.split('\n').map((line) => line.replace(/\d{4}-\d\d-\d\d \d\d:\d\d/, 'WHEN'));
    assert.deepEqual(lines, [
      `Session ${id}: reshape`,
      'Turn 1  WHEN  4 files changed',
      '  A data.bin',
      '  D doomed.txt',
      '  A new.md',
      '  D old.md',
      'Turn 2  WHEN  no edits or commands',
      'Turn 3  WHEN  1 file changed',
      '  M keep.txt',
      '',
    ]);

    const toThree = await cli(['restore', id, '--turn', '3']);
    assert.equal(toThree.code, 0, toThree.stderr);
    assert.deepEqual(await snapshotTree(root), afterFirst);
    const toOne = await cli(['restore', id, '--turn', '1']);
    assert.equal(toOne.code, 0, toOne.stderr);
    assert.match(
      toOne.stdout,
      /^Restored the workspace to before turn 1 \(A added back, M changed back, D removed\):\n {2}D data\.bin\n {2}A doomed\.txt\n {2}D new\.md\n {2}A old\.md\n/,
    );
    assert.deepEqual(await snapshotTree(root), original);
  });

  it('lists files changed after the turn and restores them only with --force', async () => {
    await fs.writeFile(path.join(root, 'a.txt'), 'original\n');
    server.enqueue(
      { items: [{ type: 'shell_call', callId: 'c1', commands: ['echo agent > a.txt'] }] },
      { items: [{ type: 'text', text: 'ok' }] },
    );
    const id = sessionOf(await exec('change a'));
    await fs.writeFile(path.join(root, 'a.txt'), 'mine\n');
    const refused = await cli(['restore', id, '--turn', '1']);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /would overwrite them:\n {2}a\.txt\ncodewright: nothing was restored\. Rerun with --force to overwrite them\.\n$/,
    );
    assert.equal(await fs.readFile(path.join(root, 'a.txt'), 'utf8'), 'mine\n');
    const forced = await cli(['restore', id, '--turn', '1', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(await fs.readFile(path.join(root, 'a.txt'), 'utf8'), 'original\n');
  });

  it('exits 2 on an unknown session, an unknown turn or bad usage', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'hi' }] });
    const id = sessionOf(await exec('hello'));
    const unknownSession = await cli(['checkpoints', 'no-such-session']);
    assert.equal(unknownSession.code, 2);
    assert.match(unknownSession.stderr, /no-such-session/);
    assert.equal((await cli(['restore', 'no-such-session', '--turn', '1'])).code, 2);
    const unknownTurn = await cli(['restore', id, '--turn', '2']);
    assert.equal(unknownTurn.code, 2);
    assert.equal(unknownTurn.stderr, 'codewright: There is no turn 2 in this session.\n');
    for (const args of [
      ['restore', id],
      ['restore', id, '--turn', '0'],
      ['checkpoints', id, '--turn', '1'],
    ]) {
      const run = await cli(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /^codewright: .+\n\nUsage: codewright checkpoints SESSION_ID/);
    }
    const listed = await cli(['checkpoints', id]);
    assert.equal(listed.code, 0);
    assert.match(listed.stdout, /Turn 1 .* no edits or commands\n$/);
  });
});
