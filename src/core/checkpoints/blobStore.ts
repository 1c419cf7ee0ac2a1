// File contents by their SHA-256, one file per distinct content: a checkpoint stores a file's bytes only the first time
// they are seen, so a checkpoint after a one-file change writes one blob. Written to a temporary name and renamed, so a
// crash or a full disk never leaves a half blob under a real hash.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export class BlobStore {
  private readonly dir: string;
  private readonly known = new Set<string>();
  private readonly shards = new Set<string>();
  private listed: Promise<void> | undefined;
  /** Bytes this process has written, for the store's running size. */
  written = 0;

  constructor(dir: string) {
    this.dir = dir;
  }

  private file(hash: string): string {
    return path.join(this.dir, hash.slice(0, 2), hash.slice(2));
  }

  /** Whether the blob is stored; the folder is listed once, not probed per blob (ten thousand stats on a first checkpoint). */
  async has(hash: string): Promise<boolean> {
    await this.list();
    return this.known.has(hash);
  }

  private list(): Promise<void> {
    this.listed ??= (async () => {
      for (const shard of await fs.readdir(this.dir).catch(() => [] as string[])) {
        this.shards.add(shard);
        for (const name of await fs.readdir(path.join(this.dir, shard)).catch(() => [] as string[])) {
          if (!name.endsWith('.tmp')) this.known.add(shard + name);
        }
      }
    })();
    return this.listed;
  }

  async put(hash: string, content: Uint8Array): Promise<void> {
    if (await this.has(hash)) return;
    const file = this.file(hash);
    if (!this.shards.has(hash.slice(0, 2))) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      this.shards.add(hash.slice(0, 2));
    }
    const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.writeFile(temporary, content);
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
    this.written += content.length;
    this.known.add(hash);
  }

  read(hash: string): Promise<Buffer> {
    return fs.readFile(this.file(hash));
  }

  /** Deletes every blob not in `keep`; returns the bytes freed. */
  async sweep(keep: ReadonlySet<string>): Promise<number> {
    let freed = 0;
    const shards = await fs.readdir(this.dir).catch(() => [] as string[]);
    for (const shard of shards) {
      const names = await fs.readdir(path.join(this.dir, shard)).catch(() => [] as string[]);
      for (const name of names) {
        if (keep.has(shard + name)) continue;
        const file = path.join(this.dir, shard, name);
        const stat = await fs.stat(file).catch(() => undefined);
        await fs.rm(file, { force: true });
        this.known.delete(shard + name);
        freed += stat?.size ?? 0;
      }
    }
    return freed;
  }

  /** Total bytes of the stored blobs. */
  async size(): Promise<number> {
    let total = 0;
    const shards = await fs.readdir(this.dir).catch(() => [] as string[]);
    for (const shard of shards) {
      const names = await fs.readdir(path.join(this.dir, shard)).catch(() => [] as string[]);
      for (const name of names) total += (await fs.stat(path.join(this.dir, shard, name)).catch(() => undefined))?.size ?? 0;
    }
    return total;
  }
}
