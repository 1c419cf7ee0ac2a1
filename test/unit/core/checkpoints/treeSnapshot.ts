// Everything a tree holds, for byte-for-byte comparisons: each path's kind, permission bits, and bytes or link target.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export type TreeSnapshot = Record<string, string>;

export async function snapshotTree(root: string, options: { skip?: (rel: string) => boolean } = {}): Promise<TreeSnapshot> {
  const out: TreeSnapshot = {};
  async function walk(dir: string): Promise<void> {
    for (const name of (await fs.readdir(path.join(root, dir))).sort()) {
      const rel = dir === '' ? name : `${dir}/${name}`;
      if (options.skip?.(rel)) continue;
      const abs = path.join(root, rel);
      const stat = await fs.lstat(abs);
      const mode = (stat.mode & 0o777).toString(8);
      if (stat.isSymbolicLink()) out[rel] = `link -> ${await fs.readlink(abs)}`;
      else if (stat.isDirectory()) {
        out[rel] = `dir ${mode}`;
        await walk(rel);
      } else out[rel] = `file ${mode} ${(await fs.readFile(abs)).toString('base64')}`;
    }
  }
  await walk('');
  return out;
}
