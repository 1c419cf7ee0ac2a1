import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitError, MAX_DIFF_CHARS, repositoryRoot, workingTreeChanges } from '../../../../src/core/codeReview/gitDiff';
import { numberDiff } from '../../../../src/core/codeReview/numberedDiff';

function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** Every file under .git with its content hash and mtime: any write git makes shows up here. */
function snapshot(dir: string): string {
  return fs
    .readdirSync(path.join(dir, '.git'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return `${path.relative(dir, file)} ${fs.statSync(file).mtimeMs} ${crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex')}`;
    })
    .sort()
    .join('\n');
}

describe('git diff of the working tree', function () {
  this.timeout(20_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-git-')));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows staged, unstaged and untracked changes against HEAD, and writes nothing in .git', async () => {
    sh(dir, 'init', '-q');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'one\ntwo\nthree\n');
    fs.writeFileSync(path.join(dir, 'b.txt'), 'bee\n');
    fs.writeFileSync(path.join(dir, 'same.txt'), 'unchanged\n');
    sh(dir, 'add', '.');
    sh(dir, 'commit', '-qm', 'first');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'one\nTWO\nthree\nfour\n');
    fs.writeFileSync(path.join(dir, 'b.txt'), 'bee staged\n');
    sh(dir, 'add', 'b.txt');
    fs.mkdirSync(path.join(dir, 'new dir'));
    fs.writeFileSync(path.join(dir, 'new dir', 'ünïcode.txt'), 'fresh\n');
    fs.writeFileSync(path.join(dir, '.gitignore'), 'ignored.log\n');
    fs.writeFileSync(path.join(dir, 'ignored.log'), 'noise\n');
    // A file touched but not changed makes the index's stat data stale, which tempts `git diff` into rewriting the index.
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dir, 'same.txt'), later, later);
    const before = snapshot(dir);

    const changes = await workingTreeChanges(dir);
    assert.equal(snapshot(dir), before, 'git wrote nothing');
    assert.deepEqual(changes.notes, []);
    const { files } = numberDiff(changes.diff);
    assert.deepEqual(
      files.map((f) => [f.path, f.change]),
      [
        ['a.txt', 'modified'],
        ['b.txt', 'modified'],
        ['.gitignore', 'added'],
        ['new dir/ünïcode.txt', 'added'],
      ],
    );
    assert.deepEqual(files[0]!.shownLines, [1, 2, 3, 4]);
  });

  it('diffs against the empty tree before the first commit', async () => {
    sh(dir, 'init', '-q');
    fs.writeFileSync(path.join(dir, 'staged.txt'), 'x\n');
    sh(dir, 'add', 'staged.txt');
    const { files } = numberDiff((await workingTreeChanges(dir)).diff);
    assert.deepEqual(
      files.map((f) => [f.path, f.change]),
      [['staged.txt', 'added']],
    );
  });

  it('is empty for a clean repository, and finds the root from a subfolder', async () => {
    sh(dir, 'init', '-q');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'x.txt'), 'x\n');
    sh(dir, 'add', '.');
    sh(dir, 'commit', '-qm', 'first');
    assert.equal(await repositoryRoot(path.join(dir, 'sub')), dir);
    assert.deepEqual(await workingTreeChanges(dir), { root: dir, diff: '', notes: [] });
  });

  it('names the folder when it is not in a repository', async () => {
    await assert.rejects(
      repositoryRoot(dir),
      (e: unknown) =>
        e instanceof GitError &&
        e.message === `${dir} is not inside a git repository, so there are no changes to review. Open a folder under git, or run git init.`,
    );
  });

  it('names untracked binary and large files instead of showing them', async () => {
    sh(dir, 'init', '-q');
    fs.writeFileSync(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    fs.writeFileSync(path.join(dir, 'huge.txt'), 'x'.repeat(200_000));
    fs.writeFileSync(path.join(dir, 'small.txt'), 'ok\n');
    const changes = await workingTreeChanges(dir);
    assert.deepEqual(
      numberDiff(changes.diff).files.map((f) => f.path),
      ['small.txt'],
    );
    assert.deepEqual(changes.notes, ['2 untracked files were not shown (too many, too large or binary): huge.txt, logo.png.']);
  });

  it('cuts a diff longer than the limit at a file boundary and says so', async () => {
    sh(dir, 'init', '-q');
    const names = Array.from({ length: 8 }, (_, i) => `f${i}.txt`);
    for (const name of names) fs.writeFileSync(path.join(dir, name), 'a\n');
    sh(dir, 'add', '.');
    sh(dir, 'commit', '-qm', 'first');
    for (const name of names) fs.writeFileSync(path.join(dir, name), `${'changed line\n'.repeat(4000)}`);
    const changes = await workingTreeChanges(dir);
    assert.ok(changes.diff.length <= MAX_DIFF_CHARS);
    assert.ok(changes.diff.endsWith('\n') && !changes.diff.endsWith('diff --git \n'));
    const files = numberDiff(changes.diff).files;
    assert.ok(files.length > 0 && files.length < names.length, `${files.length} of ${names.length} files kept`);
    assert.ok(
      files.every((f) => f.shownLines.length === 4000),
      'no file is cut in the middle',
    );
    assert.deepEqual(changes.notes, [`The diff was longer than ${MAX_DIFF_CHARS} characters; only its first part is shown.`]);
  });

  it('leaves out untracked files beyond the limit and says so', async () => {
    sh(dir, 'init', '-q');
    for (let i = 0; i < 22; i++) fs.writeFileSync(path.join(dir, `f${String(i).padStart(2, '0')}.txt`), `${i}\n`);
    const changes = await workingTreeChanges(dir);
    assert.equal(numberDiff(changes.diff).files.length, 20);
    assert.deepEqual(changes.notes, ['2 untracked files were not shown (too many, too large or binary): f20.txt, f21.txt.']);
  });
});
