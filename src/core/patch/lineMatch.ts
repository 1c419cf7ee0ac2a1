// Finding a diff's lines in a file the way the reference apply_patch tools do: from a cursor that only moves forward,
// exact lines first, then ever more tolerant comparisons. A looser level is tried only when no position at all matched
// at the stricter one, so a faithful copy of the lines always wins over a near miss earlier in the file.

/** exact, trailing whitespace ignored, leading and trailing whitespace ignored, unicode punctuation normalised. */
const MATCH_LEVELS = [0, 1, 2, 3] as const;
type MatchLevel = (typeof MATCH_LEVELS)[number];

// Typographic characters models and editors swap for their ASCII forms (and back).
const PUNCTUATION = /[\u00A0\u2002-\u200A\u2010-\u2015\u2018-\u201F\u202F\u205F\u2212\u3000]/g;
const NON_ASCII = /[^\x00-\x7F]/;

function asciiPunctuation(char: string): string {
  const code = char.charCodeAt(0);
  if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212) return '-';
  if (code >= 0x2018 && code <= 0x201b) return "'";
  if (code >= 0x201c && code <= 0x201f) return '"';
  return ' ';
}

function normaliseLine(line: string, level: MatchLevel): string {
  switch (level) {
    case 0:
      return line;
    case 1:
      return line.trimEnd();
    case 2:
      return line.trim();
    case 3: {
      const trimmed = line.trim();
      return NON_ASCII.test(trimmed) ? trimmed.replace(PUNCTUATION, asciiPunctuation) : trimmed;
    }
  }
}

/** A file's lines with each tolerance level's normalised copy computed once, on first use, for all sections. */
export class FileLines {
  private readonly levels: (readonly string[] | undefined)[];

  constructor(readonly lines: readonly string[]) {
    this.levels = [lines];
  }

  get length(): number {
    return this.lines.length;
  }

  at(level: MatchLevel): readonly string[] {
    let normalised = this.levels[level];
    if (normalised === undefined) {
      // Each level builds on the previous one, which is cheaper than normalising from the raw line.
      const previous = this.at((level - 1) as MatchLevel);
      normalised =
        level === 1 ? previous.map((l) => l.trimEnd()) : level === 2 ? previous.map((l) => l.trimStart()) : previous.map(punctuationOnly);
      this.levels[level] = normalised;
    }
    return normalised;
  }
}

function punctuationOnly(trimmed: string): string {
  return NON_ASCII.test(trimmed) ? trimmed.replace(PUNCTUATION, asciiPunctuation) : trimmed;
}

function matchesAt(lines: readonly string[], pattern: readonly string[], at: number): boolean {
  for (let j = 0; j < pattern.length; j++) if (lines[at + j] !== pattern[j]) return false;
  return true;
}

function seekAtLevel(file: FileLines, pattern: readonly string[], start: number, level: MatchLevel): number {
  const lines = file.at(level);
  const wanted = level === 0 ? pattern : pattern.map((l) => normaliseLine(l, level));
  const last = lines.length - wanted.length;
  const first = wanted[0]!;
  // indexOf is native: it skips quickly to the candidates whose first line agrees.
  for (let i = lines.indexOf(first, start); i !== -1 && i <= last; i = lines.indexOf(first, i + 1)) {
    if (matchesAt(lines, wanted, i)) return i;
  }
  return -1;
}

/**
 * The first position at or after `start` where `pattern` (non-empty) matches, trying each level in turn; -1 if none.
 * `atEnd`: the lines were marked `*** End of File`, so the last lines of the file are tried first, then the cursor.
 */
export function seekLines(file: FileLines, pattern: readonly string[], start: number, atEnd: boolean): number {
  if (atEnd) {
    const end = file.length - pattern.length;
    if (end >= start) {
      for (const level of MATCH_LEVELS) {
        const lines = file.at(level);
        if (pattern.every((l, j) => lines[end + j] === normaliseLine(l, level))) return end;
      }
    }
  }
  for (const level of MATCH_LEVELS) {
    const found = seekAtLevel(file, pattern, start, level);
    if (found !== -1) return found;
  }
  return -1;
}

/** The last position before `end` where `pattern` starts, at the loosest level, or -1: to explain failures. */
export function seekBefore(file: FileLines, pattern: readonly string[], end: number): number {
  const lines = file.at(3);
  const wanted = pattern.map((l) => normaliseLine(l, 3));
  for (let i = Math.min(end - 1, lines.length - wanted.length); i >= 0; i--) if (matchesAt(lines, wanted, i)) return i;
  return -1;
}

/** The position at or after `start` where the longest run of `pattern`'s first lines matches (loosest level), for messages. */
export function closestPrefix(file: FileLines, pattern: readonly string[], start: number): { at: number; matched: number } | null {
  const lines = file.at(3);
  const wanted = pattern.map((l) => normaliseLine(l, 3));
  let best: { at: number; matched: number } | null = null;
  for (let i = lines.indexOf(wanted[0]!, start); i !== -1; i = lines.indexOf(wanted[0]!, i + 1)) {
    let matched = 1;
    while (matched < wanted.length && i + matched < lines.length && lines[i + matched] === wanted[matched]) matched++;
    if (best === null || matched > best.matched) best = { at: i, matched };
  }
  return best;
}
