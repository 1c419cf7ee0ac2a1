// The syntax of a V4A diff body: sections that start with `@@` (optionally naming anchor lines, stacked to narrow
// down), then lines marked ' ' (context), '-' (removed) or '+' (added), optionally closed by `*** End of File`.
import { PatchError } from './patchError';

export interface SectionLine {
  kind: ' ' | '-' | '+';
  text: string;
}

export interface Anchor {
  text: string;
  /** 1-based line of the `@@` line in the diff (or patch) text. */
  line: number;
}

export interface Section {
  /** 1-based position among the diff's sections. */
  number: number;
  /** 1-based line where the section starts in the diff (or patch) text. */
  line: number;
  anchors: Anchor[];
  body: SectionLine[];
  endOfFile: boolean;
}

const END_OF_FILE = '*** End of File';

// Models trained on unified diffs sometimes write git's hunk header; its line numbers carry nothing V4A needs.
const UNIFIED_HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;
const NO_NEWLINE_MARKER = '\\ No newline at end of file';

/** The diff's lines: LF or CRLF separated, the newline after the last line is not an extra empty line. */
export function splitDiffLines(diff: string): string[] {
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (!diff.includes('\r')) return lines;
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** The anchor an `@@` line names, or null for a bare `@@` (or a unified-diff hunk header). */
function anchorOf(header: string): string | null {
  if (UNIFIED_HUNK_HEADER.test(header)) return null;
  const text = header.startsWith('@@ ') ? header.slice(3) : header.slice(2);
  return text.trim() === '' ? null : text;
}

/**
 * Parses the sections of a diff body. `firstLine` is the 1-based number of `lines[0]` in the text the user or model
 * wrote, and `source` names that text ("the diff", "the patch"), so errors point at the right place.
 */
export function parseSections(lines: readonly string[], firstLine = 1, source = 'the diff'): Section[] {
  const sections: Section[] = [];
  let current: Section | null = null;

  const close = () => {
    if (current === null) return;
    if (current.body.length === 0) {
      throw new PatchError(
        `Invalid section ${current.number} at line ${current.line} of ${source}: it has an @@ line but no lines under it. ` +
          `Follow each @@ line with ' ' (context), '-' (removed) and '+' (added) lines.`,
      );
    }
    sections.push(current);
    current = null;
  };
  const open = (line: number): Section => ({ number: sections.length + 1, line, anchors: [], body: [], endOfFile: false });

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = firstLine + i;
    if (raw.startsWith('@@')) {
      const anchor = anchorOf(raw);
      // A header right after another one (no lines between) narrows the same section down: `@@ class A` / `@@ def f():`.
      if (current === null || current.body.length > 0) {
        close();
        current = open(lineNo);
      }
      if (anchor !== null) current.anchors.push({ text: anchor, line: lineNo });
      continue;
    }
    if (raw.trimEnd() === END_OF_FILE) {
      if (current === null || current.body.length === 0) {
        throw new PatchError(`Invalid line ${lineNo} of ${source}: '${END_OF_FILE}' must close a section that has lines.`);
      }
      current.endOfFile = true;
      close();
      continue;
    }
    if (raw.startsWith('***')) {
      throw new PatchError(
        `Invalid line ${lineNo} of ${source}: '${raw}' is a patch envelope line, not part of a section. An update_file diff ` +
          `holds only @@ sections of one file, without '*** Begin Patch' or file headers; resend it that way.`,
      );
    }
    if (raw === NO_NEWLINE_MARKER) continue;
    const kind = raw === '' ? ' ' : raw[0];
    if (kind !== ' ' && kind !== '-' && kind !== '+') {
      throw new PatchError(
        `Invalid line ${lineNo} of ${source}: '${raw}'. Every line of a section starts with ' ' (unchanged context), ` +
          `'-' (removed) or '+' (added), and a section starts with an @@ line; add the missing prefix and resend.`,
      );
    }
    if (current === null) {
      // Only the first section may leave out its @@ line; after `*** End of File` a new section needs one.
      if (sections.length > 0) {
        throw new PatchError(`Invalid line ${lineNo} of ${source}: a new section must start with @@ after '${END_OF_FILE}'.`);
      }
      current = open(lineNo);
    }
    current.body.push({ kind, text: raw.slice(1) });
  }
  close();
  return sections;
}
