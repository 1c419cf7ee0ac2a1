// How many lines a change adds and removes, for the edit cards and the turn's summary.
import { diffLines } from 'diff';

/** Added and removed lines between two versions of a file (null: the file does not exist on that side). */
export function lineCounts(before: string | null, after: string | null): { added: number; removed: number } {
  const changes = diffLines(before ?? '', after ?? '', { timeout: 500 });
  if (!changes) return { added: countLines(after), removed: countLines(before) };
  let added = 0;
  let removed = 0;
  for (const c of changes) {
    if (c.added) added += c.count;
    else if (c.removed) removed += c.count;
  }
  return { added, removed };
}

function countLines(text: string | null): number {
  if (!text) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
