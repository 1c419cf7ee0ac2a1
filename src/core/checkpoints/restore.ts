// Puts the workspace folders back to a checkpoint's state, byte for byte: contents, permission bits, symlinks (as links)
// and folders. Only what differs is touched; a file the checkpoint could not record, or that is excluded, is left as it
// is. Files are written to a temporary name beside them and renamed over, so a failed restore never leaves half a file.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { errorText } from '../../shared/errorText';
import type { BlobStore } from './blobStore';
import { entryKey, type Entry, type Omission } from './checkpointFiles';
import type { State } from './workspaceScan';

export type ChangeKind = 'added' | 'modified' | 'deleted';

/** One path a restore (or a turn) changes; `root` indexes the workspace folders. */
export interface PathChange {
  root: number;
  path: string;
  change: ChangeKind;
}

export interface RestorePlan {
  /** Entries to write (new, changed or of another kind than now). */
  write: Entry[];
  /** Current entries to take away (gone in the target, or in the way of an entry of another kind). */
  remove: Entry[];
  /** What the user sees: one line per path whose content, kind or mode changes. */
  changes: PathChange[];
}

/** The difference between two states, for lists ("what did this turn change"). */
export function diffStates(from: State, to: State): PathChange[] {
  const changes: PathChange[] = [];
  for (const [key, entry] of to) {
    const was = from.get(key);
    if (!was) changes.push({ root: entry.root, path: entry.path, change: 'added' });
    else if (!sameContent(was, entry)) changes.push({ root: entry.root, path: entry.path, change: 'modified' });
  }
  for (const [key, entry] of from) if (!to.has(key)) changes.push({ root: entry.root, path: entry.path, change: 'deleted' });
  // A folder is listed only when it is all that changed there: its files say the rest.
  return changes
    .filter((c) => !(isDir(c, from, to) && changes.some((other) => other.path.startsWith(`${c.path}/`) && other.root === c.root)))
    .sort(byPath);
}

/** What turns `current` into `target`, leaving alone every path either side could not record. */
export function planRestore(
  current: State,
  currentOmitted: readonly Omission[],
  target: State,
  targetOmitted: readonly Omission[],
): RestorePlan {
  const untouchable = [...currentOmitted, ...targetOmitted];
  const leaveAlone = (entry: { root: number; path: string }) =>
    untouchable.some((o) => o.root === entry.root && (o.path === entry.path || entry.path.startsWith(`${o.path}/`)));
  const write: Entry[] = [];
  const remove: Entry[] = [];
  for (const [key, entry] of target) {
    if (leaveAlone(entry)) continue;
    const now = current.get(key);
    if (now && sameContent(now, entry)) continue;
    if (now && now.kind !== entry.kind) remove.push(now);
    else if (now?.kind === 'symlink') remove.push(now);
    write.push(entry);
  }
  for (const [key, entry] of current) if (!target.has(key) && !leaveAlone(entry)) remove.push(entry);
  const changes = diffStates(current, target).filter((c) => !leaveAlone(c));
  return { write, remove, changes };
}

/** Carries out a plan; returns a sentence for each path it could not put back (the rest is done regardless). */
export async function applyRestore(roots: readonly string[], plan: RestorePlan, blobs: BlobStore): Promise<string[]> {
  const problems: string[] = [];
  const where = (entry: { root: number; path: string }) => path.join(roots[entry.root]!, ...entry.path.split('/'));
  const attempt = async (entry: { root: number; path: string }, verb: string, action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      problems.push(`${entry.path} could not be ${verb}: ${errorText(error)}`);
    }
  };
  const deepestFirst = (a: Entry, b: Entry) => b.path.split('/').length - a.path.split('/').length;
  for (const entry of plan.remove.filter((e) => e.kind !== 'dir'))
    await attempt(entry, 'removed', () => fs.rm(where(entry), { force: true }));
  for (const entry of plan.remove.filter((e) => e.kind === 'dir').sort(deepestFirst)) {
    // Not recursive: a folder that still holds excluded files (node_modules, ignored output) keeps them.
    await attempt(entry, 'removed (it holds files checkpoints leave out)', () => fs.rmdir(where(entry)));
  }
  const writes = [...plan.write].sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  for (const entry of writes) {
    if (entry.root >= roots.length) {
      problems.push(`${entry.path} belongs to a workspace folder that is no longer open`);
      continue;
    }
    const target = where(entry);
    await attempt(entry, 'restored', async () => {
      await insideRoot(roots[entry.root]!, path.dirname(target));
      switch (entry.kind) {
        case 'dir':
          await fs.mkdir(target, { recursive: true });
          await fs.chmod(target, entry.mode);
          return;
        case 'symlink':
          await fs.mkdir(path.dirname(target), { recursive: true });
          await fs.rm(target, { force: true });
          await fs.symlink(entry.target, target);
          return;
        case 'file': {
          await fs.mkdir(path.dirname(target), { recursive: true });
          const temporary = path.join(
            path.dirname(target),
            `.${path.basename(target)}.${randomBytes(4).toString('hex')}.codewright-restore`,
          );
          try {
            await fs.writeFile(temporary, await blobs.read(entry.hash), { mode: entry.mode });
            await fs.chmod(temporary, entry.mode);
            await fs.rename(temporary, target);
          } catch (error) {
            await fs.rm(temporary, { force: true });
            throw error;
          }
        }
      }
    });
  }
  return problems;
}

/** Refuses to write through a folder that resolves outside its workspace folder (a symlink put there since). */
async function insideRoot(root: string, dir: string): Promise<void> {
  const realRoot = await fs.realpath(root);
  let existing = dir;
  for (;;) {
    const real = await fs.realpath(existing).catch(() => undefined);
    if (real !== undefined) {
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw new Error('its folder leads outside the workspace');
      return;
    }
    const parent = path.dirname(existing);
    if (parent === existing) return;
    existing = parent;
  }
}

function sameContent(a: Entry, b: Entry): boolean {
  if (a.kind === 'file' && b.kind === 'file') return a.hash === b.hash && a.mode === b.mode;
  if (a.kind === 'symlink' && b.kind === 'symlink') return a.target === b.target;
  if (a.kind === 'dir' && b.kind === 'dir') return a.mode === b.mode;
  return false;
}

function isDir(change: PathChange, from: State, to: State): boolean {
  const key = entryKey(change);
  return (to.get(key) ?? from.get(key))?.kind === 'dir';
}

function byPath(a: PathChange, b: PathChange): number {
  return a.root - b.root || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
