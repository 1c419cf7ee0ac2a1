// Read-only access to the workspace the demo model is shown, so its edits apply to the files as they are now. Paths are
// workspace-relative; nothing outside the folder is read, and dependency and VCS folders are not walked.
import fs from 'node:fs';
import path from 'node:path';

const SKIPPED = new Set(['node_modules', '.git', 'dist', 'out', '.vscode']);
const MAX_FILES = 200;
const MAX_BYTES = 256 * 1024;

export interface WorkspaceFiles {
  read(relative: string): string | undefined;
  /** Workspace-relative paths of the text-sized files, breadth first, at most 200. */
  list(): string[];
}

export function workspaceFiles(root: string | undefined): WorkspaceFiles {
  if (root === undefined) return { read: () => undefined, list: () => [] };
  const base = path.resolve(root);
  const inside = (relative: string): string | undefined => {
    const full = path.resolve(base, relative);
    return full.startsWith(base + path.sep) ? full : undefined;
  };
  return {
    read(relative) {
      const full = inside(relative);
      if (full === undefined) return undefined;
      try {
        const stat = fs.statSync(full);
        return stat.isFile() && stat.size <= MAX_BYTES ? fs.readFileSync(full, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
    list() {
      const found: string[] = [];
      const queue = [''];
      while (queue.length > 0 && found.length < MAX_FILES) {
        const dir = queue.shift() as string;
        let entries: fs.Dirent[];
        try {
          entries = fs.readdirSync(path.join(base, dir), { withFileTypes: true });
        } catch {
          continue;
        }
        for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
          const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
          if (entry.isDirectory() && !SKIPPED.has(entry.name)) queue.push(relative);
          else if (entry.isFile() && found.length < MAX_FILES) found.push(relative);
        }
      }
      return found;
    },
  };
}
