// One workspace's checkpoints on disk: blobs in objects/, one manifest per checkpoint in checkpoints/. A manifest holds
// only what changed since the checkpoint before it (a full one every FULL_EVERY), so the chain is read back to the
// nearest full manifest. Removing a checkpoint another builds on first rewrites that one in full; blobs no manifest
// names are then deleted. Everything lives outside the workspace, in the folder the host gives.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { errorText } from '../../shared/errorText';
import { describeSchemaError } from '../schemaError';
import { BlobStore } from './blobStore';
import {
  CHECKPOINT_FILE_VERSION,
  CheckpointIdSchema,
  ManifestSchema,
  entryKey,
  type Entry,
  type Manifest,
  type Omission,
} from './checkpointFiles';
import type { State } from './workspaceScan';

/** A full manifest at least this often, so reading one back never walks a long chain. */
const FULL_EVERY = 50;

export interface StoredCheckpoint {
  id: string;
  createdAt: string;
  state: State;
  omitted: Omission[];
}

export class CheckpointStoreError extends Error {}

export class CheckpointStore {
  readonly blobs: BlobStore;
  private readonly manifests: string;
  /** The newest checkpoint this process knows, kept whole so the next one is a diff against memory. */
  private latest: StoredCheckpoint | undefined;
  private chainLength = 0;
  /** Bytes of blobs and manifests, counted once and then kept up to date as this process writes. */
  private usage: number | undefined;
  /** The blob store's `written` when `usage` was last brought up to date. */
  private counted = 0;

  constructor(dir: string) {
    this.blobs = new BlobStore(path.join(dir, 'objects'));
    this.manifests = path.join(dir, 'checkpoints');
  }

  /** Checkpoint ids, oldest first (ids sort by creation time). */
  async ids(): Promise<string[]> {
    const names = await fs.readdir(this.manifests).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    return names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -5))
      .filter((id) => CheckpointIdSchema.safeParse(id).success)
      .sort();
  }

  /** The newest checkpoint on disk, whole; undefined when there is none. */
  async newest(): Promise<StoredCheckpoint | undefined> {
    const ids = await this.ids();
    const id = ids[ids.length - 1];
    if (id === undefined) return undefined;
    if (this.latest?.id === id) return this.latest;
    const loaded = await this.load(id);
    this.latest = loaded;
    this.chainLength = 0;
    return loaded;
  }

  /**
   * Writes a checkpoint of `state`, as the changes since the newest one. `touched`, when `state` was copied from the
   * checkpoint `touched.base`, names the only keys that can differ from it, so the rest are not compared.
   */
  async write(
    state: State,
    omitted: Omission[],
    roots: readonly string[],
    touched?: { base: string; keys: ReadonlySet<string> },
  ): Promise<StoredCheckpoint> {
    const base = await this.newest();
    const id = newId();
    const createdAt = new Date().toISOString();
    const full = base === undefined || this.chainLength >= FULL_EVERY;
    const keys = !full && touched?.base === base.id ? touched.keys : undefined;
    const changed = (entries: Iterable<Entry>) => [...entries].filter((entry) => !sameEntry(base?.state.get(entryKey(entry)), entry));
    const manifest: Manifest = {
      version: CHECKPOINT_FILE_VERSION,
      id,
      createdAt,
      roots: [...roots],
      base: full ? null : base.id,
      changed: full ? [...state.values()] : changed(keys ? [...keys].flatMap((key) => state.get(key) ?? []) : state.values()),
      removed: full ? [] : [...(keys ?? base.state.keys())].filter((key) => base.state.has(key) && !state.has(key)),
      omitted,
    };
    const manifestBytes = await this.save(manifest);
    if (this.usage !== undefined) this.usage += manifestBytes + this.blobs.written - this.counted;
    this.counted = this.blobs.written;
    this.latest = { id, createdAt, state, omitted };
    this.chainLength = full ? 0 : this.chainLength + 1;
    return this.latest;
  }

  /** A checkpoint read back whole. */
  async load(id: string): Promise<StoredCheckpoint> {
    if (this.latest?.id === id) return this.latest;
    const chain: Manifest[] = [];
    for (let next: string | null = id; next !== null;) {
      const manifest = await this.read(next);
      chain.push(manifest);
      next = manifest.base;
      if (chain.length > FULL_EVERY * 4)
        throw new CheckpointStoreError(`Checkpoint ${id} builds on a chain that never ends; its files are damaged.`);
    }
    const state: State = new Map();
    for (const manifest of chain.reverse()) {
      for (const key of manifest.removed) state.delete(key);
      for (const entry of manifest.changed) state.set(entryKey(entry), entry);
    }
    const top = chain[chain.length - 1]!;
    return { id, createdAt: top.createdAt, state, omitted: top.omitted };
  }

  /** Deletes checkpoints (those others build on are folded into them first) and the blobs nothing names any more. */
  async remove(ids: readonly string[]): Promise<void> {
    const doomed = new Set(ids);
    if (doomed.size === 0) return;
    const all = await this.ids();
    const kept = all.filter((id) => !doomed.has(id));
    for (const id of kept) {
      const manifest = await this.read(id);
      if (manifest.base === null || !doomed.has(manifest.base)) continue;
      const whole = await this.load(id);
      await this.save({ ...manifest, base: null, changed: [...whole.state.values()], removed: [] });
    }
    for (const id of doomed) await fs.rm(this.file(id), { force: true });
    if (this.latest && doomed.has(this.latest.id)) this.latest = undefined;
    await this.sweep(kept);
  }

  /** Removes the oldest checkpoints (never the newest) until blobs and manifests fit in `budgetBytes`; returns the ids removed. */
  async prune(budgetBytes: number): Promise<string[]> {
    const removed: string[] = [];
    for (;;) {
      const ids = await this.ids();
      if (this.usage === undefined) {
        this.usage = await this.size(ids);
        this.counted = this.blobs.written;
      }
      if (ids.length <= 1 || this.usage <= budgetBytes) return removed;
      const oldest = ids[0]!;
      await this.remove([oldest]);
      removed.push(oldest);
      this.usage = undefined;
    }
  }

  /** Bytes the store takes on disk. */
  async size(ids?: readonly string[]): Promise<number> {
    let total = await this.blobs.size();
    for (const id of ids ?? (await this.ids())) total += (await fs.stat(this.file(id)).catch(() => undefined))?.size ?? 0;
    return total;
  }

  private async sweep(kept: readonly string[]): Promise<void> {
    const hashes = new Set<string>();
    for (const id of kept) {
      for (const entry of (await this.read(id)).changed) if (entry.kind === 'file') hashes.add(entry.hash);
    }
    await this.blobs.sweep(hashes);
  }

  private file(id: string): string {
    return path.join(this.manifests, `${id}.json`);
  }

  private async read(id: string): Promise<Manifest> {
    let text: string;
    try {
      text = await fs.readFile(this.file(id), 'utf8');
    } catch (error) {
      throw new CheckpointStoreError(`Checkpoint ${id} could not be read (${errorText(error)}).`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CheckpointStoreError(`Checkpoint ${id} is damaged: its file is not JSON.`);
    }
    const parsed = ManifestSchema.safeParse(json);
    if (!parsed.success) throw new CheckpointStoreError(`Checkpoint ${id} is damaged: ${describeSchemaError(parsed.error)}.`);
    return parsed.data;
  }

  /** Writes the manifest atomically; returns its size in bytes. */
  private async save(manifest: Manifest): Promise<number> {
    await fs.mkdir(this.manifests, { recursive: true });
    const file = this.file(manifest.id);
    const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    const text = JSON.stringify(manifest);
    try {
      await fs.writeFile(temporary, text);
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
    return Buffer.byteLength(text);
  }
}

let lastStamp = 0;

/** Ids sort by creation time; two checkpoints in the same millisecond still sort in the order they were taken. */
function newId(): string {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return `${lastStamp.toString(36).padStart(10, '0')}-${randomBytes(4).toString('hex')}`;
}

function sameEntry(a: Entry | undefined, b: Entry): boolean {
  if (a === undefined) return false;
  if (a.kind === 'file' && b.kind === 'file') {
    return (
      a.hash === b.hash && a.mode === b.mode && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino
    );
  }
  if (a.kind === 'symlink' && b.kind === 'symlink') return a.target === b.target;
  if (a.kind === 'dir' && b.kind === 'dir') return a.mode === b.mode;
  return false;
}
