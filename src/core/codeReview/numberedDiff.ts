// A `git diff` rewritten for the model: each file's hunks with the new file's line numbers in a left column, so a
// finding can name the exact line to put a comment on. Parsing is the `diff` package's (Git dialect included).
import { parsePatch } from 'diff';

export type FileChange = 'added' | 'modified' | 'deleted' | 'renamed';

export interface DiffFile {
  /** Path in the new version, relative to the repository root (the old path for a deletion). */
  path: string;
  oldPath?: string;
  change: FileChange;
  /** New-version line numbers the diff shows (added and context lines). */
  shownLines: number[];
}

export interface NumberedDiff {
  files: DiffFile[];
  /** Files changed without text to review (binary files, mode changes, pure renames): only counted. */
  withoutText: number;
  text: string;
}

/**
 * `diffText` must come from `git diff --no-prefix` (paths without the a/ b/ prefixes).
 */
export function numberDiff(diffText: string): NumberedDiff {
  const files: DiffFile[] = [];
  const out: string[] = [];
  let withoutText = 0;
  for (const patch of parsePatch(diffText)) {
    const oldName = cleanName(patch.oldFileName);
    const newName = cleanName(patch.newFileName);
    // Without hunks the parser has only the ambiguous `diff --git` line to name the file by, and there is no code to review.
    if (patch.hunks.length === 0) {
      if (patch.isGit) withoutText++;
      continue;
    }
    if (oldName === undefined && newName === undefined) continue;
    const change: FileChange =
      newName === undefined ? 'deleted' : oldName === undefined ? 'added' : oldName !== newName ? 'renamed' : 'modified';
    const path = (newName ?? oldName)!;
    const file: DiffFile = { path, change, shownLines: [], ...(change === 'renamed' ? { oldPath: oldName! } : {}) };
    files.push(file);
    out.push(`=== ${path} (${change === 'renamed' ? `renamed from ${oldName}` : change})`);
    const width = String(Math.max(1, ...patch.hunks.map((h) => h.newStart + h.newLines))).length;
    for (const hunk of patch.hunks) {
      out.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
      let line = hunk.newStart;
      for (const raw of hunk.lines) {
        const mark = raw[0];
        const body = raw.slice(1);
        if (mark === '\\') continue;
        if (mark === '-') {
          out.push(`${' '.repeat(width)} - ${body}`);
          continue;
        }
        if (change !== 'deleted') file.shownLines.push(line);
        out.push(`${String(line).padStart(width)} ${mark === '+' ? '+' : ' '} ${body}`);
        line++;
      }
    }
    out.push('');
  }
  return { files, withoutText, text: out.join('\n') };
}

/** `/dev/null` means the file does not exist on that side; git quotes nothing when core.quotePath is off. */
function cleanName(name: string | undefined): string | undefined {
  if (name === undefined || name === '/dev/null' || name === '') return undefined;
  return name.replace(/\t.*$/, '');
}
