// Reads the workspace folders into a checkpoint's state: every file (hashed, its bytes stored once), symlink (as a
// link, never followed) and folder, minus the excluded ones. A file whose lstat matches what the previous checkpoint
// saw is not read again; that is what keeps a checkpoint after a one-file change cheap. Nothing here writes into the
// workspace, and a file that cannot be read or stored is listed as omitted, never silently dropped.
import { createHash } from 'node:crypto';
import { promises as fs, readdirSync, readFileSync, lstatSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import { errorText } from '../../shared/errorText';
import type { BlobStore } from './blobStore';
import { entryKey, type Entry, type Omission } from './checkpointFiles';
import { Exclusion, type IgnoreLayer } from './exclusion';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export type State = Map<string, Entry>;

export interface ScanOptions {
  exclusion: Exclusion;
  maxFileBytes: number;
}

export interface ScanResult {
  state: State;
  omitted: Omission[];
  /** When the scan started from a copy of the previous state: the only keys that may differ from it. */
  touched?: ReadonlySet<string>;
}

/** A copy of a state that notes every key set or deleted after the copy: what a partial re-read may have changed. */
export class TouchedState extends Map<string, Entry> {
  readonly touched = new Set<string>();

  constructor(from: State) {
    super();
    for (const [key, entry] of from) super.set(key, entry);
  }

  override set(key: string, entry: Entry): this {
    this.touched.add(key);
    return super.set(key, entry);
  }

  override delete(key: string): boolean {
    this.touched.add(key);
    return super.delete(key);
  }
}

/** Walks the roots; reuses `previous` entries whose stat is unchanged, reads and stores the rest. */
export async function scanWorkspace(
  roots: readonly string[],
  previous: State,
  blobs: BlobStore,
  options: ScanOptions,
): Promise<ScanResult> {
  const sink = newSink(previous, options.maxFileBytes);
  roots.forEach((root, index) => walk(index, root, '', [], options.exclusion, sink));
  return storeFound(sink, blobs);
}

/** What a walk reports to a change tracker, so it can watch what was read and later re-read only part of it. */
export interface WalkHooks {
  /** Called before a folder is read: a watch armed here reports every change the read itself cannot see. */
  enter(root: number, dir: string): void;
  /** A folder read: the .gitignore layers it inherits and every name in it, excluded ones too. */
  listed(root: number, dir: string, layers: readonly IgnoreLayer[], names: readonly string[]): void;
  /** Whether to walk into a child folder; false when the state already holds it and nothing in it changed. */
  descend(root: number, rel: string, stat: Stats): boolean;
  /** A file with more than one name: a change through another name is reported on that name's folder only. */
  shared(root: number, rel: string): void;
}

export interface WalkSink {
  state: State;
  omitted: Omission[];
  toRead: Found[];
  previous: State;
  maxFileBytes: number;
  hooks?: WalkHooks;
}

export interface Found {
  root: number;
  rel: string;
  abs: string;
  stat: Stats;
}

export function newSink(previous: State, maxFileBytes: number, state: State = new Map(), hooks?: WalkHooks): WalkSink {
  return { state, omitted: [], toRead: [], previous, maxFileBytes, ...(hooks ? { hooks } : {}) };
}

/** Reads and stores what the walk found changed; a file that cannot be is listed as omitted. */
export async function storeFound(sink: WalkSink, blobs: BlobStore): Promise<ScanResult> {
  const { state, omitted } = sink;
  for (const found of sink.toRead) {
    const entry = await storeFile(found, blobs).catch((error: unknown) => {
      omitted.push({ root: found.root, path: found.rel, reason: `could not be recorded: ${errorText(error)}` });
      return undefined;
    });
    if (entry) state.set(entryKey(entry), entry);
  }
  // In path order, whichever folders were read: a scan that re-reads only some of them lists the same as a full walk.
  omitted.sort((a, b) => a.root - b.root || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return state instanceof TouchedState ? { state, omitted, touched: state.touched } : { state, omitted };
}

/**
 * Records the folder `dir` (root-relative, '' for the root) and, where `hooks.descend` allows, every folder below it.
 * `layers` are the .gitignore layers `dir` inherits. Synchronous on purpose: for ten thousand files the sync lstat loop
 * is about twice as fast as the promise API.
 */
export function walk(
  root: number,
  rootPath: string,
  dir: string,
  layers: readonly IgnoreLayer[],
  exclusion: Exclusion,
  sink: WalkSink,
): void {
  const absDir = dir === '' ? rootPath : path.join(rootPath, dir);
  const { hooks } = sink;
  hooks?.enter(root, dir);
  let names: string[];
  try {
    names = readdirSync(absDir);
  } catch (error) {
    if (dir !== '') sink.omitted.push({ root, path: dir, reason: `could not be read: ${errorText(error)}` });
    return;
  }
  hooks?.listed(root, dir, layers, names);
  let here = layers;
  if (names.includes('.gitignore')) {
    try {
      here = [...layers, Exclusion.layer(dir, readFileSync(path.join(absDir, '.gitignore'), 'utf8'))];
    } catch {
      // An unreadable .gitignore excludes nothing: recording too much is safe, too little is not.
    }
  }
  for (const name of names.sort()) {
    const rel = dir === '' ? name : `${dir}/${name}`;
    const abs = path.join(absDir, name);
    let stat: Stats;
    try {
      stat = lstatSync(abs);
    } catch (error) {
      sink.omitted.push({ root, path: rel, reason: `could not be read: ${errorText(error)}` });
      continue;
    }
    const verdict = exclusion.verdict(rel, stat.isDirectory(), here);
    if (verdict === 'excluded') continue;
    if (stat.isDirectory()) {
      sink.state.set(entryKey({ root, path: rel }), { kind: 'dir', root, path: rel, mode: stat.mode & 0o777 });
      if (!hooks || hooks.descend(root, rel, stat)) walk(root, rootPath, rel, verdict === 'forced' ? [] : here, exclusion, sink);
    } else if (stat.isSymbolicLink()) {
      try {
        sink.state.set(entryKey({ root, path: rel }), { kind: 'symlink', root, path: rel, target: readlinkSync(abs) });
      } catch (error) {
        sink.omitted.push({ root, path: rel, reason: `could not be read: ${errorText(error)}` });
      }
    } else if (stat.isFile()) {
      if (stat.nlink > 1) hooks?.shared(root, rel);
      if (stat.size > sink.maxFileBytes) {
        sink.omitted.push({
          root,
          path: rel,
          reason: `skipped: ${formatBytes(stat.size)}, over the ${formatBytes(sink.maxFileBytes)} size cap`,
        });
        continue;
      }
      const before = sink.previous.get(entryKey({ root, path: rel }));
      if (before?.kind === 'file' && unchanged(before, stat)) sink.state.set(entryKey(before), before);
      else sink.toRead.push({ root, rel, abs, stat });
    } else {
      sink.omitted.push({ root, path: rel, reason: 'skipped: not a regular file, folder or symlink' });
    }
  }
}

function unchanged(entry: Extract<Entry, { kind: 'file' }>, stat: Stats): boolean {
  return entry.size === stat.size && entry.mtimeMs === stat.mtimeMs && entry.ctimeMs === stat.ctimeMs && entry.ino === stat.ino;
}

async function storeFile(found: Found, blobs: BlobStore): Promise<Entry> {
  const content = await fs.readFile(found.abs);
  const hash = createHash('sha256').update(content).digest('hex');
  await blobs.put(hash, content);
  // The stat from before the read: if the file changes while it is read, the next checkpoint sees a new stat and reads it again.
  const { stat } = found;
  return {
    kind: 'file',
    root: found.root,
    path: found.rel,
    hash,
    size: content.length,
    mode: stat.mode & 0o777,
    mtimeMs: stat.mtimeMs,
    ctimeMs: stat.ctimeMs,
    ino: stat.ino,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
}
