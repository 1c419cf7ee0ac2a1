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
}

interface Found {
  root: number;
  rel: string;
  abs: string;
  stat: Stats;
}

/** Walks the roots; reuses `previous` entries whose stat is unchanged, reads and stores the rest. */
export async function scanWorkspace(
  roots: readonly string[],
  previous: State,
  blobs: BlobStore,
  options: ScanOptions,
): Promise<ScanResult> {
  const state: State = new Map();
  const omitted: Omission[] = [];
  const toRead: Found[] = [];
  roots.forEach((root, index) =>
    walk(index, root, '', [], options.exclusion, { state, omitted, toRead, previous, maxFileBytes: options.maxFileBytes }),
  );
  for (const found of toRead) {
    const entry = await storeFile(found, blobs).catch((error: unknown) => {
      omitted.push({ root: found.root, path: found.rel, reason: `could not be recorded: ${errorText(error)}` });
      return undefined;
    });
    if (entry) state.set(entryKey(entry), entry);
  }
  return { state, omitted };
}

interface WalkSink {
  state: State;
  omitted: Omission[];
  toRead: Found[];
  previous: State;
  maxFileBytes: number;
}

// Synchronous on purpose: for ten thousand files the sync lstat loop is about twice as fast as the promise API.
function walk(root: number, rootPath: string, dir: string, layers: readonly IgnoreLayer[], exclusion: Exclusion, sink: WalkSink): void {
  const absDir = dir === '' ? rootPath : path.join(rootPath, dir);
  let names: string[];
  try {
    names = readdirSync(absDir);
  } catch (error) {
    if (dir !== '') sink.omitted.push({ root, path: dir, reason: `could not be read: ${errorText(error)}` });
    return;
  }
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
      walk(root, rootPath, rel, verdict === 'forced' ? [] : here, exclusion, sink);
    } else if (stat.isSymbolicLink()) {
      try {
        sink.state.set(entryKey({ root, path: rel }), { kind: 'symlink', root, path: rel, target: readlinkSync(abs) });
      } catch (error) {
        sink.omitted.push({ root, path: rel, reason: `could not be read: ${errorText(error)}` });
      }
    } else if (stat.isFile()) {
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
