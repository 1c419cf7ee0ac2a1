// Property: for random files and random edits, the V4A diff of the edit (rendered from the `diff` package's hunks with
// N lines of context) applies back to exactly the edited file, whatever its line endings, BOM and final newline.
import assert from 'node:assert/strict';
import { structuredPatch } from 'diff';
import fc from 'fast-check';
import { applyDiff } from '../../../../src/core/patch';
import { renderFile } from './corpus';

/** A few distinct lines, so files repeat lines and blocks as real code does and the cursor has to disambiguate. */
const lineArb = fc.constantFrom('', '{', '}', '  return x;', 'x = 1', 'x = 2', '\tindented', 'end', 'fn()');

const editArb = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.array(lineArb, { maxLength: 3 }) });

const caseArb = fc.record({
  lines: fc.array(lineArb, { maxLength: 40 }),
  edits: fc.array(editArb, { minLength: 1, maxLength: 4 }),
  context: fc.integer({ min: 1, max: 3 }),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  trailingSpaceInDiff: fc.boolean(),
});

function applyEdits(lines: readonly string[], edits: readonly { at: number; remove: number; insert: string[] }[]): string[] {
  const out = [...lines];
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    out.splice(at, e.remove, ...e.insert);
  }
  return out;
}

function firstExactMatch(lines: readonly string[], pattern: readonly string[], from: number): number {
  for (let i = from; i + pattern.length <= lines.length; i++) if (pattern.every((p, j) => lines[i + j] === p)) return i;
  return -1;
}

/**
 * Renders the hunks as V4A sections, the way a careful model would: when a section's lines would also match earlier
 * (between the previous section and the real place), it carries more leading context, up to where the previous
 * section ended, so the first match from the cursor is the intended one.
 */
function toV4A(original: readonly string[], hunks: ReturnType<typeof structuredPatch>['hunks'], trailingSpace: boolean): string {
  const out: string[] = [];
  let cursor = 0;
  for (const hunk of hunks) {
    const body = hunk.lines.filter((l) => !l.startsWith('\\'));
    const old = body.filter((l) => !l.startsWith('+')).map((l) => l.slice(1));
    const start = hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1;
    const extra =
      old.length > 0 && firstExactMatch(original, old, cursor) !== start ? original.slice(cursor, start).map((l) => ' ' + l) : [];
    // Trailing spaces on every context and removed line: no exact match anywhere, found at the next tolerance level.
    const drift = (l: string) => (trailingSpace && !l.startsWith('+') ? l + ' ' : l);
    out.push('@@', ...[...extra, ...body].map(drift));
    cursor = start + old.length;
  }
  return out.join('\n') + '\n';
}

describe('applyDiff: generated diffs apply back to the edited file (property)', () => {
  it('holds for random files, edits, context sizes, line endings, BOM and final newline', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        // One text, one shape: 'a\n' is ['a'] with a final newline (never ['a', ''] without), '' has no lines.
        const canonical = !c.finalNewline && c.lines.length > 0 && c.lines[c.lines.length - 1] === '';
        const lines = canonical ? c.lines.slice(0, -1) : c.lines;
        const finalNewline = c.finalNewline || canonical || lines.length === 0;
        const edited = applyEdits(lines, c.edits);
        // V4A has no way to say "remove the final newline", which an edited file ending in an empty line would need.
        fc.pre(finalNewline || edited.length === 0 || edited[edited.length - 1] !== '');
        const oldText = renderFile(lines, '\n', false, finalNewline);
        const newText = renderFile(edited, '\n', false, finalNewline);
        fc.pre(oldText !== newText);
        const { hunks } = structuredPatch('a', 'b', oldText, newText, undefined, undefined, { context: c.context });
        const diff = toV4A(lines, hunks, c.trailingSpaceInDiff);
        // A file without a line break has no line ending to keep: new lines get LF.
        const eol = lines.length > 1 || (lines.length === 1 && finalNewline) ? c.eol : '\n';
        assert.equal(applyDiff(renderFile(lines, eol, c.bom, finalNewline), diff), renderFile(edited, eol, c.bom, finalNewline));
      }),
      { numRuns: 400 },
    );
  });
});
