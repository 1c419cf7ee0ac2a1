// Command output sent back to the model is capped: the head (what ran) and the tail (the error, the summary line)
// are what matter, so the middle is cut and replaced by a marker that says how much was left out.

/** The marker that replaces the cut middle; `cut` is the number of characters removed. */
export function cutMarker(cut: number): string {
  return `\n[… ${cut} characters cut …]\n`;
}

/**
 * `text` unchanged when it fits in `max` characters; otherwise its head and tail around a marker, the whole at most `max`
 * characters long. When `max` is too small to hold even the marker, the head alone is kept.
 */
export function limitOutput(text: string, max: number): string {
  const limit = Math.max(0, Math.floor(max));
  if (text.length <= limit) return text;
  // The marker's length depends on the count it prints; the count is at most text.length, so size it for that.
  const room = limit - cutMarker(text.length).length;
  if (room <= 0) return text.slice(0, splitsPair(text, limit) ? limit - 1 : limit);
  const half = Math.ceil(room / 2);
  const headEnd = splitsPair(text, half) ? half - 1 : half;
  const tailFrom = text.length - (room - headEnd);
  const tailStart = splitsPair(text, tailFrom) ? tailFrom + 1 : tailFrom;
  return text.slice(0, headEnd) + cutMarker(tailStart - headEnd) + text.slice(tailStart);
}

/** Whether cutting at `index` would separate the halves of a surrogate pair (and so leave broken characters). */
function splitsPair(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return false;
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}
