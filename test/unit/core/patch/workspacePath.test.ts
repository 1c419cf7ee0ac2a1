import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PatchError, resolveWorkspacePath } from '../../../../src/core/patch';

describe('resolveWorkspacePath', () => {
  let sandbox: string;
  let root: string;
  let outside: string;

  beforeEach(() => {
    // realpath: the temp folder itself may sit behind a link (macOS /var → /private/var).
    sandbox = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-paths-')));
    root = path.join(sandbox, 'workspace');
    outside = path.join(sandbox, 'outside');
    fs.mkdirSync(path.join(root, 'src', 'lib'), { recursive: true });
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(root, 'src', 'a.ts'), 'a\n');
    fs.writeFileSync(path.join(root, '.git', 'config'), '[core]\n');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret\n');
  });

  afterEach(() => fs.rmSync(sandbox, { recursive: true, force: true }));

  const refuses = (relPath: string, message: string) =>
    assert.throws(
      () => resolveWorkspacePath(root, relPath),
      (error: unknown) => {
        assert.ok(error instanceof PatchError, `expected a PatchError, got ${String(error)}`);
        assert.equal(error.message, message);
        return true;
      },
    );

  it('resolves an existing file', () => {
    assert.equal(resolveWorkspacePath(root, 'src/a.ts'), path.join(root, 'src', 'a.ts'));
  });

  it('resolves a file that does not exist yet, in folders that do not exist yet', () => {
    assert.equal(resolveWorkspacePath(root, 'src/new/deep/b.ts'), path.join(root, 'src', 'new', 'deep', 'b.ts'));
  });

  it('accepts .. that stays inside the workspace, and ./', () => {
    assert.equal(resolveWorkspacePath(root, 'src/lib/../a.ts'), path.join(root, 'src', 'a.ts'));
    assert.equal(resolveWorkspacePath(root, './src/a.ts'), path.join(root, 'src', 'a.ts'));
  });

  it('accepts names that only start like .git', () => {
    assert.equal(resolveWorkspacePath(root, '.github/workflows/ci.yml'), path.join(root, '.github', 'workflows', 'ci.yml'));
    assert.equal(resolveWorkspacePath(root, '.gitignore'), path.join(root, '.gitignore'));
  });

  it('resolves a link that stays inside the workspace to its real path', () => {
    fs.symlinkSync(path.join(root, 'src'), path.join(root, 'linked'));
    assert.equal(resolveWorkspacePath(root, 'linked/a.ts'), path.join(root, 'src', 'a.ts'));
  });

  it('works when the workspace folder itself is reached through a link', () => {
    const alias = path.join(sandbox, 'alias');
    fs.symlinkSync(root, alias);
    assert.equal(resolveWorkspacePath(alias, 'src/a.ts'), path.join(root, 'src', 'a.ts'));
  });

  it('refuses absolute paths', () => {
    const message = (p: string) =>
      `'${p}' is an absolute path; apply_patch takes paths relative to the workspace root, such as 'src/index.ts'.`;
    refuses('/etc/passwd', message('/etc/passwd'));
    refuses(path.join(root, 'src', 'a.ts'), message(path.join(root, 'src', 'a.ts')));
    refuses('C:\\Windows\\win.ini', message('C:\\Windows\\win.ini'));
    refuses('\\\\server\\share\\x', message('\\\\server\\share\\x'));
  });

  it('refuses .. escapes', () => {
    const message = (p: string) =>
      `'${p}' points outside the workspace; apply_patch only changes files inside it. Use a path relative to the workspace root without leaving it.`;
    refuses('../outside/secret.txt', message('../outside/secret.txt'));
    refuses('src/../../outside/x', message('src/../../outside/x'));
    refuses('..', message('..'));
  });

  it('refuses a link to a folder outside the workspace, for existing and new files', () => {
    fs.symlinkSync(outside, path.join(root, 'src', 'out'));
    const message = (p: string) =>
      `'${p}' goes through the symbolic link 'src/out', which leads outside the workspace; apply_patch only changes files inside it.`;
    refuses('src/out/secret.txt', message('src/out/secret.txt'));
    refuses('src/out/new/file.txt', message('src/out/new/file.txt'));
  });

  it('refuses a file that is a link to a file outside the workspace', () => {
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'secret.txt'));
    refuses(
      'secret.txt',
      "'secret.txt' goes through the symbolic link 'secret.txt', which leads outside the workspace; apply_patch only changes files inside it.",
    );
  });

  it('refuses a link whose target does not exist', () => {
    fs.symlinkSync(path.join(outside, 'missing.txt'), path.join(root, 'dangling.txt'));
    refuses(
      'dangling.txt',
      "'dangling.txt' goes through the symbolic link 'dangling.txt', which points to nothing that exists (a missing target or a loop); apply_patch does not write through it.",
    );
  });

  it('refuses anything inside .git, whatever its case or depth', () => {
    const message = (p: string) =>
      `'${p}' is inside a .git folder; apply_patch does not edit Git's internal files. Use git commands for that.`;
    refuses('.git/config', message('.git/config'));
    refuses('.git', message('.git'));
    refuses('.GIT/hooks/pre-commit', message('.GIT/hooks/pre-commit'));
    refuses('vendor/lib/.git/HEAD', message('vendor/lib/.git/HEAD'));
  });

  it('refuses a link inside the workspace that leads into .git', () => {
    fs.symlinkSync(path.join(root, '.git'), path.join(root, 'gitdir'));
    refuses(
      'gitdir/config',
      "'gitdir/config' is inside a .git folder; apply_patch does not edit Git's internal files. Use git commands for that.",
    );
  });

  it('refuses the workspace folder itself, empty paths and paths under a file', () => {
    refuses('.', "'.' is the workspace folder itself, not a file; name a file inside it.");
    refuses('src/..', "'src/..' is the workspace folder itself, not a file; name a file inside it.");
    refuses('', "'' is not a valid file path; give a path relative to the workspace root, such as 'src/index.ts'.");
    refuses('src/a.ts/b.ts', "'src/a.ts/b.ts' cannot be a file: 'src/a.ts' is a file, not a folder.");
  });

  it('refuses a workspace folder that does not exist', () => {
    assert.throws(
      () => resolveWorkspacePath(path.join(sandbox, 'missing'), 'a.ts'),
      (error: unknown) => {
        assert.ok(error instanceof PatchError);
        assert.equal(
          error.message,
          `The workspace folder '${path.join(sandbox, 'missing')}' does not exist or cannot be read; open an existing folder and try again.`,
        );
        return true;
      },
    );
  });
});
