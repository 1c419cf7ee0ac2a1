// Keeps a checkpoint after a small change cheap: lstat-ing every file of a large workspace is what a checkpoint costs,
// so one inotify watch per recorded folder (fs.watch on the folder, not recursive: Node's recursive watch on Linux
// watches every file, node_modules too) tells which folders' children may have changed, and only those are read again.
// Correctness comes first: whenever a watch could have missed something (a watch error, a moved or removed folder, a
// changed .gitignore, another process writing a checkpoint, a burst of events, any doubt), the next checkpoint walks
// the whole workspace again, as it would without tracking, and arms the watches anew.
import { promises as fsp, readFileSync, statfsSync, watch, type FSWatcher } from 'node:fs';
import type { BlobStore } from './blobStore';
import { entryKey } from './checkpointFiles';
import type { StoredCheckpoint } from './checkpointStore';
import type { IgnoreLayer } from './exclusion';
import { newSink, storeFound, TouchedState, walk, type ScanOptions, type ScanResult, type State, type WalkHooks } from './workspaceScan';

/** Above this many folders nothing is watched: watches are a per-user resource the editor's own file watcher needs too. */
const MAX_DIRS = 20_000;
/** More events than this between two checkpoints: a big change (a checkout, an install) that a full walk handles as well. */
const MAX_EVENTS = 5_000;
/**
 * A full walk at least this often. Inotify misses a few changes a walk sees (a write through a hard link made from
 * outside the workspace, a write through a shared memory mapping, events the kernel drops when its queue overflows,
 * which libuv does not report): this bounds how long such a change can go unrecorded.
 */
const MAX_TRACKED_MS = 2 * 60_000;
/** Local filesystems, where every change is made through this kernel and so reported (network and FUSE ones are not). */
const LOCAL_FILESYSTEMS = new Set([
  0xef53, // ext2, ext3, ext4
  0x58465342, // xfs
  0x9123683e, // btrfs
  0x01021994, // tmpfs
  0x794c7630, // overlayfs
  0x2fc12fc1, // zfs
  0xf2f52010, // f2fs
  0xca451a4e, // bcachefs
]);

/** How change tracking went, for tests and diagnostics. */
export interface TrackingStats {
  /** `tracked`: only `rescanned` folders were read again; `full`: the whole workspace was walked. */
  lastScan: 'none' | 'full' | 'tracked';
  rescanned: number;
  /** Folders watched now. */
  watched: number;
  /** Why the next scan will walk everything, if it will. */
  invalid: string | undefined;
  closed: boolean;
}

interface Folder {
  root: number;
  dir: string;
  /** The .gitignore layers the folder inherits: re-reading its children needs them for their verdicts. */
  layers: readonly IgnoreLayer[];
  names: readonly string[];
  ino: number;
}

/** Something looked other than the watches said: the tracked scan is abandoned for a full walk. */
class Doubt extends Error {}

export class ChangeTracker {
  private readonly watchers = new Map<string, FSWatcher>();
  private folders = new Map<string, Folder>();
  /** Folders whose children may have changed since the dirty set was last taken. */
  private dirty = new Set<string>();
  /** Folders read again at every checkpoint: what they hold is not fully told by their watch (omissions, hard links). */
  private volatile = new Set<string>();
  /** Files with several names, as of the last scan. */
  private shared = new Set<string>();
  private rootIds: ({ ino: number; dev: number } | undefined)[] = [];
  /** The checkpoint written from the last scan: the state the watches describe changes against. */
  private baseline: string | undefined;
  private invalid: string | undefined = 'nothing is watched yet';
  /** Why the last full walk did not arm watches; the next one only checks whether it could. */
  private unarmable: string | undefined;
  private events = 0;
  private fullAt = 0;
  private closed = false;
  private last: { kind: 'none' | 'full' | 'tracked'; rescanned: number } = { kind: 'none', rescanned: 0 };
  private mode: 'arm' | 'check' | 'tracked' = 'check';
  /** Leaves most of the user's watch limit to the editor's own file watcher and other tools. */
  private readonly maxDirs = Math.min(MAX_DIRS, Math.floor((watchLimit() ?? MAX_DIRS * 4) / 4));
  private confirmed = new Set<string>();
  private inos = new Map<string, number>();

  constructor(
    private readonly roots: readonly string[],
    private readonly options: ScanOptions,
  ) {}

  /**
   * The workspace's state now. Re-reads only the folders changed since `previous` when the watches describe it (it is
   * the checkpoint written from the last scan), else walks everything (also when `full`).
   */
  async scan(previous: StoredCheckpoint | undefined, blobs: BlobStore, full: boolean): Promise<ScanResult> {
    const baseline = this.baseline;
    this.baseline = undefined;
    await this.settle();
    let reason: string | undefined;
    if (this.closed) reason = 'closed';
    else if (full) reason = 'a full walk was asked for';
    else if (previous === undefined || previous.id !== baseline) reason = 'the newest checkpoint was not written from the watches';
    else if (this.invalid !== undefined) reason = this.invalid;
    else if (Date.now() - this.fullAt > MAX_TRACKED_MS) reason = 'the last full walk is too old';
    if (reason === undefined && previous) {
      // Taken before the scan starts: whatever changes while it runs counts for the next one.
      const dirty = this.dirty;
      this.dirty = new Set();
      this.events = 0;
      try {
        return await this.tracked(previous, dirty, blobs);
      } catch {
        // A doubt, or anything unexpected: a full walk is always right.
      }
    }
    return this.fullWalk(previous?.state ?? new Map<string, never>(), blobs);
  }

  /** The checkpoint just written from the last scan's state. */
  recorded(id: string): void {
    this.baseline = id;
  }

  stats(): TrackingStats {
    return {
      lastScan: this.last.kind,
      rescanned: this.last.rescanned,
      watched: this.watchers.size,
      invalid: this.invalid,
      closed: this.closed,
    };
  }

  /** Closes every watch; later scans walk everything. */
  dispose(): void {
    this.closed = true;
    this.invalidate('closed');
  }

  /**
   * Lets every change made before now reach the dirty set: inotify queues an event before the writing call returns,
   * but it is only read when the event loop polls. A file system round trip makes the loop poll after now, and the
   * watch callbacks of that poll run before a setImmediate scheduled behind it.
   */
  private async settle(): Promise<void> {
    const ids = await Promise.all(
      this.roots.map((root) =>
        fsp.stat(root).then(
          (stat) => ({ ino: stat.ino, dev: stat.dev }),
          () => undefined,
        ),
      ),
    );
    if (ids.some((id, i) => id === undefined || id.ino !== this.rootIds[i]?.ino || id.dev !== this.rootIds[i]?.dev)) {
      // A watch follows its folder: a workspace folder moved, or put in another's place, is no longer what is watched.
      this.invalidate('a workspace folder was moved or replaced');
    }
    this.rootIds = ids;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private async tracked(previous: StoredCheckpoint, dirty: ReadonlySet<string>, blobs: BlobStore): Promise<ScanResult> {
    const targets = [...new Set([...dirty, ...this.volatile])].sort();
    const previousShared = this.shared;
    this.volatile = new Set();
    this.shared = new Set();
    this.mode = 'tracked';
    const sink = newSink(previous.state, this.options.maxFileBytes, new TouchedState(previous.state), this.hooks(previousShared));
    let rescanned = 0;
    for (const key of targets) {
      const folder = this.folders.get(key);
      // A folder that is not recorded (its read failed) is read through its parent, which is then volatile.
      if (!folder) continue;
      const { root, dir, names } = folder;
      for (const name of names) sink.state.delete(entryKey({ root, path: dir === '' ? name : `${dir}/${name}` }));
      this.confirmed = new Set();
      walk(root, this.roots[root]!, dir, folder.layers, this.options.exclusion, sink);
      if (this.folders.get(key) === folder) throw new Doubt('a watched folder could not be read');
      for (const name of names) {
        const child = folderKey(root, dir === '' ? name : `${dir}/${name}`);
        // A watched child folder that is gone would have been reported on this folder: its absence is a doubt.
        if (this.folders.has(child) && !this.confirmed.has(child)) throw new Doubt('a watched folder disappeared');
      }
      rescanned++;
    }
    const result = await storeFound(sink, blobs);
    this.markVolatile(result);
    this.last = { kind: 'tracked', rescanned };
    return result;
  }

  private async fullWalk(previous: State, blobs: BlobStore): Promise<ScanResult> {
    this.closeWatchers();
    this.folders = new Map();
    this.dirty = new Set();
    this.volatile = new Set();
    this.shared = new Set();
    this.inos = new Map();
    this.events = 0;
    this.fullAt = Date.now();
    this.invalid = undefined;
    const unarmable = this.closed ? 'closed' : (this.unarmable ?? this.filesystemProblem());
    this.unarmable = undefined;
    // After a walk that could not arm, this one only checks (counts folders, looks for mounts) whether the next can.
    this.mode = unarmable === undefined ? 'arm' : 'check';
    const sink = newSink(previous, this.options.maxFileBytes, new Map(), this.hooks(new Set()));
    this.roots.forEach((root, index) => {
      const id = this.rootIds[index];
      if (id) this.inos.set(folderKey(index, ''), id.ino);
      walk(index, root, '', [], this.options.exclusion, sink);
    });
    if (this.mode === 'arm' && this.roots.some((_, index) => !this.folders.has(folderKey(index, '')))) {
      this.stopArming('a workspace folder could not be read');
    }
    for (const [key, watcher] of this.watchers) {
      if (!this.folders.has(key)) {
        watcher.close();
        this.watchers.delete(key);
      }
    }
    if (this.mode === 'check') this.invalidate(this.unarmable ?? unarmable ?? 'watches are not armed yet');
    const result = await storeFound(sink, blobs);
    this.markVolatile(result);
    this.last = { kind: 'full', rescanned: this.folders.size };
    return result;
  }

  private hooks(previousShared: ReadonlySet<string>): WalkHooks {
    return {
      enter: (root, dir) => {
        if (this.mode !== 'check' && !this.watchers.has(folderKey(root, dir))) this.arm(root, dir);
      },
      listed: (root, dir, layers, names) => {
        const key = folderKey(root, dir);
        if (this.mode !== 'check' && !this.watchers.has(key)) {
          // Read but not watched (the watch failed): its parent reads it again at every checkpoint.
          if (dir === '') this.stopArming('a workspace folder could not be watched');
          this.volatile.add(folderKey(root, parentOf(dir)));
          return;
        }
        this.folders.set(key, { root, dir, layers, names, ino: this.inos.get(key) ?? -1 });
        if (this.folders.size > this.maxDirs) this.stopArming('too many folders to watch');
      },
      descend: (root, rel, stat) => {
        const key = folderKey(root, rel);
        const known = this.mode === 'tracked' ? this.folders.get(key) : undefined;
        if (known) {
          if (known.ino !== stat.ino) throw new Doubt('a watched folder was replaced');
          this.confirmed.add(key);
          return false;
        }
        if (stat.dev !== this.rootIds[root]?.dev) this.stopArming('a folder of another file system is inside the workspace');
        this.inos.set(key, stat.ino);
        return true;
      },
      shared: (root, rel) => {
        const key = entryKey({ root, path: rel });
        // A new second name may sit in a folder that was not read again; only a full walk finds the other one.
        if (this.mode === 'tracked' && !previousShared.has(key)) throw new Doubt('a file got another name');
        this.shared.add(key);
        this.volatile.add(folderKey(root, parentOf(rel)));
      },
    };
  }

  private arm(root: number, dir: string): void {
    const key = folderKey(root, dir);
    const absDir = dir === '' ? this.roots[root]! : `${this.roots[root]!}/${dir}`;
    let watcher: FSWatcher;
    try {
      // Not persistent: a watch must never keep a process (the CLI, a test run) alive.
      watcher = watch(absDir, { persistent: false }, (_event, filename) => this.changed(root, dir, filename));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EMFILE' || code === 'ENFILE') this.stopArming(`no more watches can be made (${code})`);
      // Otherwise (unreadable, gone) the folder is not recorded as watched; if it can be read, its parent is volatile.
      return;
    }
    watcher.on('error', () => this.invalidate('a watch failed'));
    this.watchers.set(key, watcher);
  }

  private changed(root: number, dir: string, filename: string | null): void {
    if (this.invalid !== undefined) return;
    if (filename === null) return this.invalidate('a change was reported without a name');
    if (++this.events > MAX_EVENTS) return this.invalidate('too many changes at once');
    // A .gitignore changes what is excluded anywhere below it.
    if (filename === '.gitignore') return this.invalidate('a .gitignore changed');
    // A watch follows its folder's inode: a moved folder would go on reporting under its old path.
    if (this.folders.has(folderKey(root, dir === '' ? filename : `${dir}/${filename}`))) {
      return this.invalidate('a watched folder was moved, removed or changed');
    }
    this.dirty.add(folderKey(root, dir));
  }

  /** Folders with omissions are read again every time, as a full walk would retry them. */
  private markVolatile(result: ScanResult): void {
    for (const omission of result.omitted) this.volatile.add(folderKey(omission.root, parentOf(omission.path)));
  }

  private stopArming(reason: string): void {
    if (this.mode === 'tracked') throw new Doubt(reason);
    this.unarmable ??= reason;
    if (this.mode === 'arm') {
      this.mode = 'check';
      this.closeWatchers();
    }
  }

  private filesystemProblem(): string | undefined {
    if (process.platform !== 'linux') return 'changes are tracked on Linux only';
    for (const root of this.roots) {
      try {
        if (!LOCAL_FILESYSTEMS.has(statfsSync(root).type)) return 'a workspace folder is not on a local file system';
      } catch {
        return 'a workspace folder could not be examined';
      }
    }
    return undefined;
  }

  private invalidate(reason: string): void {
    this.invalid ??= reason;
    this.closeWatchers();
  }

  private closeWatchers(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}

function folderKey(root: number, dir: string): string {
  return `${root}:${dir}`;
}

function parentOf(rel: string): string {
  const slash = rel.lastIndexOf('/');
  return slash < 0 ? '' : rel.slice(0, slash);
}

function watchLimit(): number | undefined {
  try {
    return Number.parseInt(readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8'), 10) || undefined;
  } catch {
    return undefined;
  }
}
