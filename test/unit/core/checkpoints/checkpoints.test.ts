import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Checkpoints } from '../../../../src/core/checkpoints/checkpoints';
import { CheckpointStore } from '../../../../src/core/checkpoints/checkpointStore';
import { snapshotTree } from './treeSnapshot';

const BINARY = Buffer.from([0, 1, 2, 255, 254, 0, 10, 13, 10, 0x89, 0x50, 0x4e, 0x47]);

describe('Checkpoints: record and restore a workspace', () => {
  let work: string;
  let root: string;
  let store: string;

  beforeEach(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-checkpoints-'));
    root = path.join(work, 'project');
    store = path.join(work, 'store');
    await fs.mkdir(root);
  });
  afterEach(async () => {
    await fs.rm(work, { recursive: true, force: true });
  });

  /** Every kind of file a checkpoint must cover. */
  async function fillWorkspace(): Promise<void> {
    await fs.mkdir(path.join(root, 'src/nested'), { recursive: true });
    await fs.mkdir(path.join(root, 'empty-dir'));
    await fs.writeFile(path.join(root, 'src/a.ts'), 'export const a = 1;\n');
    await fs.writeFile(path.join(root, 'src/nested/b.txt'), 'line one\r\nline two\n');
    await fs.writeFile(path.join(root, 'empty.txt'), '');
    await fs.writeFile(path.join(root, 'image.png'), BINARY);
    await fs.writeFile(path.join(root, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    await fs.chmod(path.join(root, 'run.sh'), 0o755);
    await fs.symlink('src/a.ts', path.join(root, 'link-to-a'));
    await fs.symlink('does/not/exist', path.join(root, 'dangling'));
  }

  /** A turn's worth of damage: deletes, renames, binary writes, a new folder, a flipped executable bit, a retargeted link. */
  async function wreckWorkspace(): Promise<void> {
    await fs.rm(path.join(root, 'src/a.ts'));
    await fs.rename(path.join(root, 'src/nested'), path.join(root, 'moved'));
    await fs.writeFile(path.join(root, 'image.png'), Buffer.from([9, 9, 9]));
    await fs.writeFile(path.join(root, 'new.bin'), BINARY);
    await fs.mkdir(path.join(root, 'fresh/deeper'), { recursive: true });
    await fs.writeFile(path.join(root, 'fresh/deeper/x.txt'), 'x');
    await fs.chmod(path.join(root, 'run.sh'), 0o644);
    await fs.rm(path.join(root, 'link-to-a'));
    await fs.symlink('image.png', path.join(root, 'link-to-a'));
    await fs.writeFile(path.join(root, 'empty.txt'), 'not empty any more');
    await fs.rm(path.join(root, 'empty-dir'), { recursive: true });
  }

  function checkpoints(extra: Partial<ConstructorParameters<typeof Checkpoints>[0]> = {}): Checkpoints {
    return new Checkpoints({ dir: store, roots: [root], ...extra });
  }

  it('puts back every file kind byte for byte in a plain folder, and the restore can be undone', async () => {
    await fillWorkspace();
    const original = await snapshotTree(root);
    const cps = checkpoints();
    const turn = await cps.beginTurn('s1', false);
    assert.equal(turn, 1);
    const report = await cps.checkpoint('s1', turn);
    assert.ok(report.id);
    assert.deepEqual(report.omitted, []);
    await wreckWorkspace();
    await cps.endTurn('s1', turn);
    const wrecked = await snapshotTree(root);

    const [summary] = (await cps.turns('s1'))!;
    assert.equal(summary?.status, 'recorded');
    assert.deepEqual(
      summary?.changes.map((c) => `${c.change} ${c.path}`),
      [
        'deleted empty-dir',
        'modified empty.txt',
        'added fresh/deeper/x.txt',
        'modified image.png',
        'modified link-to-a',
        'added moved/b.txt',
        'added new.bin',
        'modified run.sh',
        'deleted src/a.ts',
        'deleted src/nested/b.txt',
      ],
      'a folder is listed only when nothing inside it is',
    );

    const restored = await cps.restoreTurn('s1', 1, { overwrite: false });
    assert.equal(restored.status, 'restored');
    assert.deepEqual(await snapshotTree(root), original);

    assert.ok(restored.status === 'restored');
    const undone = await cps.restoreCheckpoint('s1', restored.undo);
    assert.equal(undone.status, 'restored');
    assert.deepEqual(await snapshotTree(root), wrecked);
  });

  it('never touches a git repository: .git stays byte-identical, ignored files are left alone', async () => {
    await fillWorkspace();
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
      });
    git('init', '-q');
    await fs.writeFile(path.join(root, '.gitignore'), 'build/\n*.log\n');
    git('add', '-A');
    git('commit', '-qm', 'first');
    await fs.mkdir(path.join(root, 'build'));
    await fs.writeFile(path.join(root, 'build/out.js'), 'built');
    await fs.writeFile(path.join(root, 'debug.log'), 'log 1');
    await fs.mkdir(path.join(root, 'node_modules/pkg'), { recursive: true });
    await fs.writeFile(path.join(root, 'node_modules/pkg/index.js'), 'dep');
    const gitBefore = await snapshotTree(path.join(root, '.git'));
    const statusBefore = git('status', '--porcelain');
    const checkpointed = (rel: string) =>
      !(rel === '.git' || rel.startsWith('.git/') || rel.startsWith('build') || rel.endsWith('.log') || rel.startsWith('node_modules'));
    const original = await snapshotTree(root, { skip: (rel) => !checkpointed(rel) });

    const cps = checkpoints();
    const turn = await cps.beginTurn('s1', false);
    await cps.checkpoint('s1', turn);
    await wreckWorkspace();
    await fs.writeFile(path.join(root, 'debug.log'), 'log 2');
    await fs.writeFile(path.join(root, 'build/out.js'), 'rebuilt');
    await cps.endTurn('s1', turn);
    const result = await cps.restoreTurn('s1', turn, { overwrite: false });
    assert.equal(result.status, 'restored');

    assert.deepEqual(await snapshotTree(path.join(root, '.git')), gitBefore);
    assert.equal(git('status', '--porcelain'), statusBefore);
    assert.equal(git('stash', 'list'), '');
    assert.equal(await fs.readFile(path.join(root, 'debug.log'), 'utf8'), 'log 2', 'an ignored file is not restored');
    assert.equal(await fs.readFile(path.join(root, 'build/out.js'), 'utf8'), 'rebuilt');
    assert.equal(await fs.readFile(path.join(root, 'node_modules/pkg/index.js'), 'utf8'), 'dep');
    assert.deepEqual(await snapshotTree(root, { skip: (rel) => !checkpointed(rel) }), original);
  });

  it('stores only what changed: a checkpoint after a one-file change writes one blob and a small manifest', async () => {
    for (let i = 0; i < 200; i++) await fs.writeFile(path.join(root, `f${i}.txt`), `file ${i}\n`.repeat(50));
    const cps = checkpoints();
    const turn = await cps.beginTurn('s1', false);
    await cps.checkpoint('s1', turn);
    const blobsAfterFirst = await countFiles(path.join(store, 'objects'));
    assert.equal(blobsAfterFirst, 200);
    await fs.writeFile(path.join(root, 'f7.txt'), 'changed');
    const second = await cps.checkpoint('s1', turn);
    assert.equal(await countFiles(path.join(store, 'objects')), 201);
    const manifest = JSON.parse(await fs.readFile(path.join(store, 'checkpoints', `${second.id}.json`), 'utf8')) as {
      changed: { path: string }[];
    };
    assert.deepEqual(
      manifest.changed.map((e) => e.path),
      ['f7.txt'],
    );
  });

  it('skips a file over the size cap, says so, and a restore leaves it as it is', async () => {
    await fs.writeFile(path.join(root, 'small.txt'), 'small');
    await fs.writeFile(path.join(root, 'big.bin'), Buffer.alloc(2048, 1));
    const cps = checkpoints({ maxFileBytes: 1024 });
    const turn = await cps.beginTurn('s1', false);
    const report = await cps.checkpoint('s1', turn);
    assert.deepEqual(report.omitted, [{ root: 0, path: 'big.bin', reason: 'skipped: 2.0 KB, over the 1.0 KB size cap' }]);
    await fs.writeFile(path.join(root, 'big.bin'), Buffer.alloc(4096, 2));
    await fs.writeFile(path.join(root, 'small.txt'), 'changed');
    await cps.endTurn('s1', turn);
    const [summary] = (await cps.turns('s1'))!;
    assert.deepEqual(summary?.omitted, [
      'big.bin skipped: 2.0 KB, over the 1.0 KB size cap',
      'big.bin skipped: 4.0 KB, over the 1.0 KB size cap',
    ]);
    assert.equal((await cps.restoreTurn('s1', turn, { overwrite: false })).status, 'restored');
    assert.equal(await fs.readFile(path.join(root, 'small.txt'), 'utf8'), 'small');
    assert.equal((await fs.readFile(path.join(root, 'big.bin'))).length, 4096);
  });

  it('honours codewright.checkpoints.exclude patterns and lets a ! pattern bring back what .gitignore leaves out', async () => {
    await fs.writeFile(path.join(root, '.gitignore'), 'dist/\n');
    await fs.mkdir(path.join(root, 'dist'));
    await fs.writeFile(path.join(root, 'dist/app.js'), 'v1');
    await fs.mkdir(path.join(root, 'tmp'));
    await fs.writeFile(path.join(root, 'tmp/scratch'), 'v1');
    const cps = checkpoints({ exclude: ['node_modules/', 'tmp/', '!dist/'] });
    const turn = await cps.beginTurn('s1', false);
    await cps.checkpoint('s1', turn);
    await fs.writeFile(path.join(root, 'dist/app.js'), 'v2');
    await fs.writeFile(path.join(root, 'tmp/scratch'), 'v2');
    await cps.endTurn('s1', turn);
    await cps.restoreTurn('s1', turn, { overwrite: false });
    assert.equal(await fs.readFile(path.join(root, 'dist/app.js'), 'utf8'), 'v1');
    assert.equal(await fs.readFile(path.join(root, 'tmp/scratch'), 'utf8'), 'v2');
  });

  it('asks before overwriting files changed after the turn, and overwrites only when told to', async () => {
    await fs.writeFile(path.join(root, 'agent.txt'), 'original');
    await fs.writeFile(path.join(root, 'mine.txt'), 'original');
    const cps = checkpoints();
    const t1 = await cps.beginTurn('s1', false);
    await cps.checkpoint('s1', t1);
    await fs.writeFile(path.join(root, 'agent.txt'), 'by the agent');
    await fs.writeFile(path.join(root, 'mine.txt'), 'by the agent');
    await cps.endTurn('s1', t1);
    await fs.writeFile(path.join(root, 'mine.txt'), 'by the user, after the turn');

    const asked = await cps.restoreTurn('s1', t1, { overwrite: false });
    assert.equal(asked.status, 'confirm');
    assert.ok(asked.status === 'confirm');
    assert.deepEqual(
      asked.userChanged.map((c) => c.path),
      ['mine.txt'],
    );
    assert.equal(await fs.readFile(path.join(root, 'agent.txt'), 'utf8'), 'by the agent', 'nothing is written before the user answers');

    const done = await cps.restoreTurn('s1', t1, { overwrite: true });
    assert.equal(done.status, 'restored');
    assert.equal(await fs.readFile(path.join(root, 'mine.txt'), 'utf8'), 'original');
    assert.ok(done.status === 'restored');
    await cps.restoreCheckpoint('s1', done.undo);
    assert.equal(
      await fs.readFile(path.join(root, 'mine.txt'), 'utf8'),
      'by the user, after the turn',
      "the undo brings the user's edit back",
    );
  });

  it('numbers turns by prompt: a retry continues its turn, and a turn that changed nothing restores nothing', async () => {
    await fs.writeFile(path.join(root, 'a.txt'), 'one');
    const cps = checkpoints();
    assert.equal(await cps.beginTurn('s1', false), 1);
    assert.equal(await cps.beginTurn('s1', true), 1);
    assert.equal(await cps.beginTurn('s1', false), 2);
    const none = await cps.restoreTurn('s1', 2, { overwrite: false });
    assert.equal(none.status, 'nothing');
    await assert.rejects(cps.restoreTurn('s1', 3, { overwrite: false }), /no turn 3 in this session/);
    assert.equal(await cps.turns('unknown'), undefined);
    assert.deepEqual(
      (await cps.turns('s1'))!.map((t) => [t.turn, t.status]),
      [
        [1, 'unchanged'],
        [2, 'unchanged'],
      ],
    );
  });

  it('restoring an earlier turn also takes back the later turns, and several folders restore together', async () => {
    const second = path.join(work, 'second');
    await fs.mkdir(second);
    await fs.writeFile(path.join(root, 'a.txt'), 'a0');
    await fs.writeFile(path.join(second, 'b.txt'), 'b0');
    const cps = checkpoints({ roots: [root, second] });
    const t1 = await cps.beginTurn('s1', false);
    await cps.checkpoint('s1', t1);
    await fs.writeFile(path.join(root, 'a.txt'), 'a1');
    await cps.endTurn('s1', t1);
    const t2 = await cps.beginTurn('s1', false);
    await cps.checkpoint('s1', t2);
    await fs.writeFile(path.join(second, 'b.txt'), 'b2');
    await cps.endTurn('s1', t2);
    const turns = (await cps.turns('s1'))!;
    assert.deepEqual(
      turns.map((t) => t.changes.map((c) => cps.display(c))),
      [['project/a.txt'], ['second/b.txt']],
    );
    assert.equal((await cps.restoreTurn('s1', 1, { overwrite: false })).status, 'restored');
    assert.equal(await fs.readFile(path.join(root, 'a.txt'), 'utf8'), 'a0');
    assert.equal(await fs.readFile(path.join(second, 'b.txt'), 'utf8'), 'b0');
  });

  it('forgets the turns of messages the chat went back before: the next turn takes their number, their files go with the session', async () => {
    await fs.writeFile(path.join(root, 'a.txt'), 'a0');
    const cps = checkpoints();
    for (const content of ['a1', 'a2']) {
      const turn = await cps.beginTurn('s1', false);
      await cps.checkpoint('s1', turn);
      await fs.writeFile(path.join(root, 'a.txt'), content);
      await cps.endTurn('s1', turn);
    }
    await cps.forgetLastTurns('s1', 1);
    assert.deepEqual(
      (await cps.turns('s1'))!.map((t) => t.turn),
      [1],
    );
    const again = await cps.beginTurn('s1', false);
    assert.equal(again, 2, 'the message sent in place of the forgotten one is turn 2 again');
    await cps.checkpoint('s1', again);
    await fs.writeFile(path.join(root, 'a.txt'), 'a2-edited');
    await cps.endTurn('s1', again);
    assert.deepEqual(
      (await cps.turns('s1'))!.map((t) => [t.turn, t.changes.map((c) => c.path)]),
      [
        [1, ['a.txt']],
        [2, ['a.txt']],
      ],
    );
    // Before the new turn 2 the file held what the forgotten turn left (the files were not restored with the chat).
    assert.equal((await cps.restoreTurn('s1', 2, { overwrite: true })).status, 'restored');
    assert.equal(await fs.readFile(path.join(root, 'a.txt'), 'utf8'), 'a2');
    assert.equal((await cps.restoreTurn('s1', 1, { overwrite: true })).status, 'restored');
    assert.equal(await fs.readFile(path.join(root, 'a.txt'), 'utf8'), 'a0');
    await cps.removeSession('s1');
    assert.equal(await countFiles(path.join(store, 'checkpoints')), 0, 'the forgotten turns’ checkpoints went with the session');
  });

  it("removes a session's checkpoints and blobs with the session, keeping other sessions'", async () => {
    await fs.writeFile(path.join(root, 'a.txt'), 'shared');
    const cps = checkpoints();
    await cps.checkpoint('keep', await cps.beginTurn('keep', false));
    await fs.writeFile(path.join(root, 'only-doomed.txt'), 'doomed content');
    const t = await cps.beginTurn('doomed', false);
    await cps.checkpoint('doomed', t);
    await fs.rm(path.join(root, 'only-doomed.txt'));
    await cps.endTurn('doomed', t);
    await cps.removeSession('doomed');
    assert.equal(await cps.turns('doomed'), undefined);
    assert.equal(await countFiles(path.join(store, 'checkpoints')), 1);
    assert.equal(await countFiles(path.join(store, 'objects')), 1, 'only the blob the kept session needs is left');
    await fs.writeFile(path.join(root, 'a.txt'), 'changed');
    assert.equal((await cps.restoreTurn('keep', 1, { overwrite: true })).status, 'restored');
    assert.equal(await fs.readFile(path.join(root, 'a.txt'), 'utf8'), 'shared');
  });

  it('prunes the oldest checkpoints to the size budget, and says a pruned turn cannot be restored', async () => {
    const cps = checkpoints({ budgetBytes: 6000 });
    for (let turn = 1; turn <= 4; turn++) {
      assert.equal(await cps.beginTurn('s1', false), turn);
      await fs.writeFile(path.join(root, `t${turn}.bin`), Buffer.alloc(2500, turn));
      await cps.checkpoint('s1', turn);
    }
    // Each state holds every earlier file, so only the newest checkpoint fits.
    assert.deepEqual(
      (await cps.turns('s1'))!.map((t) => t.status),
      ['pruned', 'pruned', 'pruned', 'unfinished'],
    );
    assert.ok((await new CheckpointStore(store).ids()).length === 1);
    await assert.rejects(cps.restoreTurn('s1', 1, { overwrite: true }), /removed to keep checkpoints within their size budget/);
  });

  it('says what it could not record when the store cannot be written, and never throws', async () => {
    await fs.writeFile(path.join(root, 'a.txt'), 'a');
    await fs.mkdir(store);
    // A file where the blob folder should be: every blob write fails, as on a full or broken disk.
    await fs.writeFile(path.join(store, 'objects'), 'in the way');
    const cps = checkpoints();
    const turn = await cps.beginTurn('s1', false);
    const report = await cps.checkpoint('s1', turn);
    assert.equal(report.omitted.length, 1);
    assert.match(report.omitted[0]!.reason, /^could not be recorded: .*(ENOTDIR|EEXIST)/);
    await fs.rm(path.join(store, 'checkpoints'), { recursive: true });
    await fs.writeFile(path.join(store, 'checkpoints'), 'in the way');
    const failed = await cps.checkpoint('s1', turn);
    assert.equal(failed.id, null);
    assert.match(failed.problem ?? '', /could not record a checkpoint .*this change cannot be restored/);
  });

  it('reports a damaged checkpoint file instead of restoring from it', async () => {
    await fs.writeFile(path.join(root, 'a.txt'), 'a');
    const cps = checkpoints();
    const turn = await cps.beginTurn('s1', false);
    const { id } = await cps.checkpoint('s1', turn);
    await fs.writeFile(
      path.join(store, 'checkpoints', `${id}.json`),
      JSON.stringify({ version: 1, id, changed: [{ kind: 'file', path: '../escape' }] }),
    );
    const fresh = checkpoints();
    await fs.writeFile(path.join(root, 'a.txt'), 'b');
    await assert.rejects(fresh.restoreTurn('s1', turn, { overwrite: true }), /is damaged/);
    assert.equal(await fs.readFile(path.join(root, 'a.txt'), 'utf8'), 'b');
  });
});

async function countFiles(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    total += entry.isDirectory() ? await countFiles(path.join(dir, entry.name)) : entry.name.endsWith('.tmp') ? 0 : 1;
  }
  return total;
}
