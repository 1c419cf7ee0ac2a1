// The smallest single text replacement between two versions of a file (pure: no `vscode`, unit-tested in Node).

/**
 * The smallest single replacement turning `before` into `after`: only the changed middle is rewritten, so cursors,
 * folds and breakpoints outside it stay where they were. Undefined when nothing changes.
 */
export function minimalReplacement(before: string, after: string): { start: number; end: number; text: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Never split a CRLF pair or a surrogate pair.
  while (start > 0 && (isLowSurrogate(before.charCodeAt(start)) || (before[start] === '\n' && before[start - 1] === '\r'))) start--;
  let end = 0;
  const maxEnd = max - start;
  while (end < maxEnd && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  while (
    end > 0 &&
    (isLowSurrogate(before.charCodeAt(before.length - end)) ||
      (before[before.length - end] === '\n' && before[before.length - end - 1] === '\r'))
  )
    end--;
  return { start, end: before.length - end, text: after.slice(start, after.length - end) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
