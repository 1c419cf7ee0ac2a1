import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Checkpoints, type CheckpointsOptions } from '../../../../src/core/checkpoints/checkpoints';
import { CheckpointStore } from '../../../../src/core/checkpoints/checkpointStore';
import { snapshotTree } from './treeSnapshot';

type Extra = Partial<Omit<CheckpointsOptions, 'dir' | 'roots'>>;

describe('Checkpoints: change tracking records what a full walk records', () => {
  let work: string;
  let root: string;
  const open: Checkpoints[] = [];
  let walks = 0;

  beforeEach(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-tracker-'));
    root = path.join(work, 'project');
    await fs.mkdir(root);
    await fs.mkdir(path.join(root, 'src/deep/er'), { recursive: true });
    await fs.mkdir(path.join(root, 'docs'));
    await fs.writeFile(path.join(root, 'src/a.ts'), 'export const a = 1;\n');
    await fs.writeFile(path.join(root, 'src/b.ts'), 'export const b = 2;\n');
    await fs.writeFile(path.join(root, 'src/deep/er/c.txt'), 'c');
    await fs.writeFile(path.join(root, 'docs/readme.md'), '# readme\n');
    await fs.writeFile(path.join(root, 'top.txt'), 'top');
    await fs.writeFile(path.join(root, 'notes.log'), 'a log');
  });
  afterEach(async () => {
    for (const cps of open.splice(0)) cps.dispose();
    await fs.rm(work, { recursive: true, force: true });
  });

  function checkpoints(store: string, extra: Extra = {}): Checkpoints {
    const cps = new Checkpoints({ dir: path.join(work, store), roots: [root], ...extra });
    open.push(cps);
    return cps;
  }

  async function recorded(store: string, id: string | null): Promise<{ entries: [string, unknown][]; omitted: unknown[] }> {
    assert.ok(id);
    const checkpoint = await new CheckpointStore(path.join(work, store)).load(id);
    return { entries: [...checkpoint.state.entries()].sort(([a], [b]) => a.localeCompare(b)), omitted: checkpoint.omitted };
  }

  /**
   * Checkpoints the workspace with tracking, applies `change`, checkpoints again; a fresh full walk of the same tree
   * must record the same state, and restoring the turn must put back the tree byte for byte.
   */
  async function sameAsFullWalk(change: () => Promise<void>, expected: 'tracked' | 'full', extra: Extra = {}): Promise<void> {
    const tracked = checkpoints('tracked', extra);
    const turn = await tracked.beginTurn('s1', false);
    await tracked.checkpoint('s1', turn);
    assert.equal(tracked.trackingStats()?.lastScan, 'full', 'the first checkpoint walks everything');
    const original = await snapshotTree(root);

    await change();
    const after = await tracked.checkpoint('s1', turn);
    assert.equal(tracked.trackingStats()?.lastScan, expected);
    const fullStore = `full-${++walks}`;
    const walked = await checkpoints(fullStore, { ...extra, trackChanges: false }).checkpoint('s1', 1);
    assert.deepEqual(await recorded('tracked', after.id), await recorded(fullStore, walked.id));

    await tracked.endTurn('s1', turn);
    const restored = await tracked.restoreTurn('s1', turn, { overwrite: true });
    assert.equal(restored.status, 'restored');
    assert.deepEqual(await snapshotTree(root), original);
  }

  it('a write into an existing file', () =>
    sameAsFullWalk(() => fs.writeFile(path.join(root, 'src/deep/er/c.txt'), 'changed, and longer'), 'tracked'));

  it('a file in a new nested folder, written right after mkdir -p', () =>
    sameAsFullWalk(async () => {
      await fs.mkdir(path.join(root, 'src/new/one/two'), { recursive: true });
      await fs.writeFile(path.join(root, 'src/new/one/two/x.ts'), 'new');
    }, 'tracked'));

  it('a deleted file', () => sameAsFullWalk(() => fs.rm(path.join(root, 'src/a.ts')), 'tracked'));

  it('a renamed file', () => sameAsFullWalk(() => fs.rename(path.join(root, 'src/a.ts'), path.join(root, 'docs/a-moved.ts')), 'tracked'));

  it('a renamed folder (a full walk: watches follow the folder)', () =>
    sameAsFullWalk(() => fs.rename(path.join(root, 'src/deep'), path.join(root, 'docs/shallow')), 'full'));

  it('chmod +x', () => sameAsFullWalk(() => fs.chmod(path.join(root, 'top.txt'), 0o755), 'tracked'));

  it('a file replaced by a symlink', () =>
    sameAsFullWalk(async () => {
      await fs.rm(path.join(root, 'src/b.ts'));
      await fs.symlink('a.ts', path.join(root, 'src/b.ts'));
    }, 'tracked'));

  it('a .gitignore edit that excludes a file, then one that brings it back', async () => {
    await sameAsFullWalk(() => fs.writeFile(path.join(root, '.gitignore'), '*.log\n'), 'full');
    await sameAsFullWalk(() => fs.writeFile(path.join(root, '.gitignore'), '# nothing\n'), 'full');
  });

  it('a change a child process makes right before the checkpoint', () =>
    sameAsFullWalk(async () => {
      execFileSync('sh', ['-c', 'echo x > src/deep/er/c.txt && echo y > docs/new.md'], { cwd: root });
    }, 'tracked'));

  it('a change a child process makes, awaited, right before the checkpoint', () =>
    sameAsFullWalk(async () => {
      await promisify(execFile)('sh', ['-c', 'echo x >> top.txt && mkdir -p n/m && echo z > n/m/z'], { cwd: root });
    }, 'tracked'));

  it('many changes in one go', () =>
    sameAsFullWalk(async () => {
      for (let i = 0; i < 40; i++) {
        const dir = path.join(root, `gen${i % 7}`, `sub${i % 3}`);
        await fs.mkdir(dir, { recursive: true });
        for (let j = 0; j < 8; j++) await fs.writeFile(path.join(dir, `f${i}-${j}.txt`), `${i} ${j}`);
      }
      await fs.rm(path.join(root, 'top.txt'));
      await fs.writeFile(path.join(root, 'src/a.ts'), 'rewritten');
      await fs.chmod(path.join(root, 'src/b.ts'), 0o700);
    }, 'tracked'));

  it('keeps the omissions of folders it does not read again', () =>
    sameAsFullWalk(() => fs.writeFile(path.join(root, 'top.txt'), 'new'), 'tracked', { maxFileBytes: 4 }));

  it('a checkpoint after a one-file change reads only that folder again', async () => {
    for (let d = 0; d < 12; d++) {
      await fs.mkdir(path.join(root, `pkg${d}`));
      for (let f = 0; f < 10; f++) await fs.writeFile(path.join(root, `pkg${d}`, `f${f}.ts`), `${d} ${f}`);
    }
    const cps = checkpoints('tracked');
    const turn = await cps.beginTurn('s1', false);
    await cps.checkpoint('s1', turn);
    const first = cps.trackingStats()!;
    assert.equal(first.lastScan, 'full');
    assert.equal(first.watched, 17, 'the root, src, src/deep, src/deep/er, docs and the 12 packages');
    await fs.appendFile(path.join(root, 'pkg7/f3.ts'), ' edited');
    await cps.checkpoint('s1', turn);
    assert.deepEqual(
      { lastScan: cps.trackingStats()?.lastScan, rescanned: cps.trackingStats()?.rescanned },
      { lastScan: 'tracked', rescanned: 1 },
    );
    await cps.checkpoint('s1', turn);
    assert.equal(cps.trackingStats()?.rescanned, 0, 'nothing changed: nothing is read again');
  });

  it('walks everything when another instance wrote the newest checkpoint', async () => {
    const mine = checkpoints('shared');
    const other = checkpoints('shared', { trackChanges: false });
    const turn = await mine.beginTurn('s1', false);
    await mine.checkpoint('s1', turn);
    await mine.checkpoint('s1', turn);
    assert.equal(mine.trackingStats()?.lastScan, 'tracked');
    await fs.writeFile(path.join(root, 'top.txt'), 'by the other');
    await other.checkpoint('s2', 1);
    await fs.writeFile(path.join(root, 'docs/readme.md'), 'changed after');
    const report = await mine.checkpoint('s1', turn);
    assert.equal(mine.trackingStats()?.lastScan, 'full');
    const walked = await checkpoints('fresh', { trackChanges: false }).checkpoint('s1', 1);
    assert.deepEqual(await recorded('shared', report.id), await recorded('fresh', walked.id));
    await mine.checkpoint('s1', turn);
    assert.equal(mine.trackingStats()?.lastScan, 'tracked', 'the full walk armed the watches again');
  });

  it('a folder excluded by the settings is neither watched nor read again', async () => {
    await fs.mkdir(path.join(root, 'node_modules/pkg'), { recursive: true });
    await fs.writeFile(path.join(root, 'node_modules/pkg/index.js'), 'dep');
    const cps = checkpoints('tracked');
    const turn = await cps.beginTurn('s1', false);
    await cps.checkpoint('s1', turn);
    const watched = cps.trackingStats()!.watched;
    assert.equal(watched, 5);
    await fs.writeFile(path.join(root, 'node_modules/pkg/index.js'), 'dep 2');
    await fs.mkdir(path.join(root, 'node_modules/other'));
    await cps.checkpoint('s1', turn);
    assert.deepEqual(
      { lastScan: cps.trackingStats()?.lastScan, rescanned: cps.trackingStats()?.rescanned },
      { lastScan: 'tracked', rescanned: 0 },
      'changes inside node_modules reach no watch',
    );
  });

  it('dispose closes every watch, and later checkpoints still record by walking', async () => {
    const cps = checkpoints('tracked');
    const turn = await cps.beginTurn('s1', false);
    await cps.checkpoint('s1', turn);
    assert.ok(cps.trackingStats()!.watched > 0);
    cps.dispose();
    assert.deepEqual({ watched: cps.trackingStats()?.watched, closed: cps.trackingStats()?.closed }, { watched: 0, closed: true });
    await fs.writeFile(path.join(root, 'top.txt'), 'after dispose');
    const report = await cps.checkpoint('s1', turn);
    assert.ok(report.id);
    assert.equal(cps.trackingStats()?.lastScan, 'full');
    assert.equal(cps.trackingStats()?.watched, 0);
  });

  it('does not track when told not to', async () => {
    const cps = checkpoints('plain', { trackChanges: false });
    await cps.checkpoint('s1', 1);
    assert.equal(cps.trackingStats(), undefined);
  });
});
