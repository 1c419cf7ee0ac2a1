// Applying one operation's V4A diff to a file's content: locate every section first (anchors, then the section's
// context and removed lines, from a cursor that only moves forward), then write all edits at once, so a diff that
// fails anywhere changes nothing.
import { parseSections, splitDiffLines, type Section, type SectionLine } from './diffSections';
import { joinFileText, splitFileText, type Eol, type FileText } from './fileText';
import { closestPrefix, FileLines, seekBefore, seekLines } from './lineMatch';
import { PatchError } from './patchError';

export type DiffMode = 'update' | 'create';

export interface ApplyDiffOptions {
  /** The file's workspace-relative path, named in error messages (otherwise "the file"). */
  path?: string;
}

interface Edit {
  start: number;
  deleteCount: number;
  insert: readonly string[];
}

/**
 * Applies a V4A diff and returns the new content. `update`: the diff is the bare section body of an update_file
 * operation, applied to `original`. `create`: every line is '+'-prefixed and `original` is ignored.
 * Throws PatchError, never a partial result, when the diff is malformed or does not match.
 */
export function applyDiff(original: string, diff: string, mode: DiffMode = 'update', options: ApplyDiffOptions = {}): string {
  const lines = splitDiffLines(diff);
  if (mode === 'create') return renderNewFile(lines);
  const where = options.path ?? 'the file';
  const sections = diff.trim() === '' ? [] : parseSections(lines);
  if (sections.length === 0) {
    throw new PatchError(`The diff for ${where} is empty: an update_file diff needs at least one @@ section with '-' or '+' lines.`);
  }
  return applySections(original, sections, where);
}

function renderNewFile(lines: readonly string[]): string {
  const out = lines.map((line, i) => {
    // A blank line can only mean an empty line whose '+' was dropped.
    if (line.startsWith('+') || line === '') return line.slice(1);
    throw new PatchError(
      `Invalid line ${i + 1} of the create_file diff: '${line}'. Every line of a new file is written as '+' followed by ` +
        `the line's text; resend the operation that way.`,
    );
  });
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

function applySections(original: string, sections: readonly Section[], where: string): string {
  const text = splitFileText(original);
  const file = new FileLines(text.lines);
  const edits: Edit[] = [];
  let cursor = 0;
  for (const section of sections) {
    for (const anchor of section.anchors) cursor = seekAnchor(file, anchor.text, cursor, section, anchor.line, where);

    let body: readonly SectionLine[] = section.body;
    let old = oldLines(body);
    let at = old.length === 0 ? -1 : seekLines(file, old, cursor, section.endOfFile);
    if (at === -1 && old.length > 0 && old[old.length - 1] === '') {
      // A trailing empty context line usually stands for the file's final newline, which is not a line here.
      body = withoutLastOldLine(body);
      old = oldLines(body);
      at = old.length === 0 ? -1 : seekLines(file, old, cursor, section.endOfFile);
    }
    if (old.length === 0) {
      // Only additions: after the anchors when there are any, otherwise at the end of the file (as Codex's apply_patch does).
      // An anchor-less one leaves the cursor where it was, so a later section of the same file still matches after it.
      const position = section.anchors.length > 0 && !section.endOfFile ? cursor : file.length;
      edits.push({ start: position, deleteCount: 0, insert: body.map((l) => l.text) });
      if (section.endOfFile) cursor = position;
      continue;
    }
    if (at === -1) throw notFound(file, oldLines(section.body), cursor, section, where);
    collectEdits(body, at, edits);
    cursor = at + old.length;
  }
  return writeEdits(text, edits);
}

function oldLines(body: readonly SectionLine[]): string[] {
  const old: string[] = [];
  for (const l of body) if (l.kind !== '+') old.push(l.text);
  return old;
}

function withoutLastOldLine(body: readonly SectionLine[]): SectionLine[] {
  let last = body.length - 1;
  while (body[last]!.kind === '+') last--;
  return [...body.slice(0, last), ...body.slice(last + 1)];
}

/** Moves the cursor past the anchor line; an anchor the cursor has already passed keeps the section where it is. */
function seekAnchor(file: FileLines, anchor: string, cursor: number, section: Section, line: number, where: string): number {
  const found = seekLines(file, [anchor], cursor, false);
  if (found !== -1) return found + 1;
  // Several sections of one function often repeat its signature as their anchor: the earlier section already entered it.
  if (seekBefore(file, [anchor], cursor) !== -1) return cursor;
  const scope = cursor === 0 ? 'no line of the file matches it' : `no line at or after line ${cursor + 1} of the file matches it`;
  throw new PatchError(
    `Failed to find context '${anchor}' in ${where} (section ${section.number}, line ${line} of the diff): ${scope}. ` +
      `An @@ line must repeat one line of the file as it is now, such as a function or class signature; ` +
      `correct it or use a bare @@, then resend the patch.`,
  );
}

const SHOWN_LINES = 20;

function notFound(file: FileLines, old: readonly string[], cursor: number, section: Section, where: string): PatchError {
  const shown = old.slice(0, SHOWN_LINES).join('\n') + (old.length > SHOWN_LINES ? `\n… (${old.length - SHOWN_LINES} more lines)` : '');
  return new PatchError(
    `Failed to find expected lines in ${where} (section ${section.number}, line ${section.line} of the diff):\n${shown}\n` +
      `${explainMiss(file, old, cursor)} Read the file again and resend the patch with the context and '-' lines copied exactly from it.`,
  );
}

function explainMiss(file: FileLines, old: readonly string[], cursor: number): string {
  const earlier = seekBefore(file, old, cursor);
  if (earlier !== -1) {
    return (
      `These lines are at line ${earlier + 1}, before line ${cursor + 1} where the previous section left off: ` +
      `sections must follow the order of the file.`
    );
  }
  const closest = closestPrefix(file, old, cursor);
  if (closest === null) return `No line at or after line ${cursor + 1} of the file matches '${old[0]}'.`;
  const differs = closest.at + closest.matched;
  const actual = differs < file.length ? `line ${differs + 1} reads '${file.lines[differs]}'` : 'the file ends';
  const matching =
    closest.matched === 1
      ? `Line ${closest.at + 1} of the file matches the first of these lines`
      : `Lines ${closest.at + 1}-${differs} of the file match the first ${closest.matched} of these lines`;
  return `${matching}, but then ${actual} where the diff expects '${old[closest.matched]}'.`;
}

/** Turns a located section into edits: each run of removed and added lines between context lines is one edit. */
function collectEdits(body: readonly SectionLine[], at: number, edits: Edit[]): void {
  let offset = 0;
  let edit: { start: number; deleteCount: number; insert: string[] } | null = null;
  for (const line of body) {
    if (line.kind === ' ') {
      if (edit !== null) edits.push(edit);
      edit = null;
      offset++;
      continue;
    }
    edit ??= { start: at + offset, deleteCount: 0, insert: [] };
    if (line.kind === '-') {
      edit.deleteCount++;
      offset++;
    } else {
      edit.insert.push(line.text);
    }
  }
  if (edit !== null) edits.push(edit);
}

/** Context lines stay as they are in the file (they may differ in whitespace or punctuation); added lines as written. */
function writeEdits(text: FileText, edits: readonly Edit[]): string {
  const lines: string[] = [];
  const sourceEols = text.eols;
  const eols: Eol[] | null = sourceEols === null ? null : [];
  let next = 0;
  const keep = (end: number) => {
    for (let i = next; i < end; i++) lines.push(text.lines[i]!);
    if (eols !== null && sourceEols !== null) for (let i = next; i < end; i++) eols.push(sourceEols[i]!);
  };
  // Stable: edits at one position keep the order of their sections.
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    keep(edit.start);
    for (const l of edit.insert) lines.push(l);
    if (eols !== null) for (let i = 0; i < edit.insert.length; i++) eols.push(text.eol);
    next = edit.start + edit.deleteCount;
  }
  keep(text.lines.length);
  return joinFileText(text, lines, eols);
}
