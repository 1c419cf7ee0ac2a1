// Where a model-supplied path may be written: inside the workspace, not through a symbolic link that leads out of it,
// and never into Git's own files. Works for files that do not exist yet, by checking every existing parent.
import fs from 'node:fs';
import path from 'node:path';
import { PatchError } from './patchError';

function isOutside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

function refuseGitDir(root: string, target: string, relPath: string): void {
  const segments = path.relative(root, target).split(path.sep);
  // Case-insensitive: on macOS and Windows `.GIT/config` is the same file.
  if (segments.some((s) => s.toLowerCase() === '.git')) {
    throw new PatchError(
      `'${relPath}' is inside a .git folder; apply_patch does not edit Git's internal files. Use git commands for that.`,
    );
  }
}

/** The workspace folder's real path (symbolic links resolved), which every target is compared against. */
function realRoot(root: string): string {
  try {
    return fs.realpathSync.native(root);
  } catch {
    throw new PatchError(`The workspace folder '${root}' does not exist or cannot be read; open an existing folder and try again.`);
  }
}

/**
 * The real absolute path of `relPath` inside the workspace `root`, for files that exist and files to be created.
 * Throws PatchError for absolute paths, paths that leave the workspace (`..`, or a symbolic link of the file or of any
 * parent folder that leads outside), paths inside `.git/`, and paths whose parent is a file.
 */
export function resolveWorkspacePath(root: string, relPath: string): string {
  if (relPath.trim() === '' || relPath.includes('\0')) {
    throw new PatchError(`'${relPath}' is not a valid file path; give a path relative to the workspace root, such as 'src/index.ts'.`);
  }
  if (path.isAbsolute(relPath) || path.win32.isAbsolute(relPath)) {
    throw new PatchError(
      `'${relPath}' is an absolute path; apply_patch takes paths relative to the workspace root, such as 'src/index.ts'.`,
    );
  }
  const rootPath = realRoot(root);
  const target = path.resolve(rootPath, relPath);
  if (isOutside(rootPath, target)) {
    throw new PatchError(
      `'${relPath}' points outside the workspace; apply_patch only changes files inside it. Use a path relative to the workspace root without leaving it.`,
    );
  }
  if (target === rootPath) throw new PatchError(`'${relPath}' is the workspace folder itself, not a file; name a file inside it.`);
  refuseGitDir(rootPath, target, relPath);

  // Walk down from the root, resolving each existing component: a link anywhere on the way may lead out.
  let current = rootPath;
  const segments = path.relative(rootPath, target).split(path.sep);
  for (let i = 0; i < segments.length; i++) {
    const next = path.join(current, segments[i]!);
    const shown = segments.slice(0, i + 1).join('/');
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(next, { throwIfNoEntry: false });
    } catch {
      throw new PatchError(`'${relPath}' cannot be checked: '${shown}' is not readable. Check the folder's permissions.`);
    }
    if (stat === undefined) {
      // Nothing below a missing component exists yet, so no link can be there either.
      current = path.join(next, ...segments.slice(i + 1));
      break;
    }
    current = next;
    if (stat.isSymbolicLink()) {
      try {
        current = fs.realpathSync.native(next);
        stat = fs.statSync(current);
      } catch {
        throw new PatchError(
          `'${relPath}' goes through the symbolic link '${shown}', which points to nothing that exists (a missing target or a loop); apply_patch does not write through it.`,
        );
      }
      if (isOutside(rootPath, current)) {
        throw new PatchError(
          `'${relPath}' goes through the symbolic link '${shown}', which leads outside the workspace; apply_patch only changes files inside it.`,
        );
      }
    }
    if (i < segments.length - 1 && !stat.isDirectory()) {
      throw new PatchError(`'${relPath}' cannot be a file: '${shown}' is a file, not a folder.`);
    }
  }
  if (current === rootPath) throw new PatchError(`'${relPath}' is the workspace folder itself, not a file; name a file inside it.`);
  refuseGitDir(rootPath, current, relPath);
  return current;
}

/** `absolute` (inside `root`) as the workspace-relative, forward-slash path the rest of the product shows and stores. */
export function workspaceRelative(root: string, absolute: string): string {
  return path.relative(realRoot(root), absolute).split(path.sep).join('/');
}
