import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FindingsError, matchToDiff, parseFindings, type Finding } from '../../../../src/core/codeReview/findings';
import type { DiffFile } from '../../../../src/core/codeReview/numberedDiff';

const finding: Finding = { path: 'src/a.ts', line: 3, severity: 'warning', title: 'Missing await', detail: 'save() returns a promise.' };

describe('review findings', () => {
  it('reads the findings from a ```json block, ignoring prose around it', () => {
    const answer = `Here is my review.\n\n\`\`\`json\n${JSON.stringify({ findings: [finding] }, null, 2)}\n\`\`\`\nThanks.`;
    assert.deepEqual(parseFindings(answer), { findings: [finding], dropped: 0 });
  });

  it('takes the last JSON block when the model wrote an example first', () => {
    const answer =
      '```json\n{"findings": [{"path": "x", "line": 1, "severity": "info", "title": "example", "detail": ""}]}\n```\nActually:\n```json\n{"findings": []}\n```';
    assert.deepEqual(parseFindings(answer), { findings: [], dropped: 0 });
  });

  it('accepts bare JSON, and JSON embedded in prose without a fence', () => {
    assert.equal(parseFindings(JSON.stringify({ findings: [finding] })).findings.length, 1);
    assert.equal(parseFindings(`Findings: ${JSON.stringify({ findings: [finding] })} done`).findings.length, 1);
  });

  it('keeps good findings and counts bad ones, tolerating common model spellings', () => {
    const answer = JSON.stringify({
      findings: [
        { ...finding, line: '7', severity: 'WARN' },
        { ...finding, severity: 'critical', detail: undefined },
        { ...finding, line: 0 },
        { ...finding, line: 2.5 },
        { ...finding, title: '   ' },
        { ...finding, severity: 'catastrophic' },
        'not an object',
      ],
    });
    const parsed = parseFindings(answer);
    assert.deepEqual(parsed.findings, [
      { ...finding, line: 7, severity: 'warning' },
      { ...finding, severity: 'error', detail: '' },
    ]);
    assert.equal(parsed.dropped, 5);
  });

  it('says what went wrong when there is no JSON, or JSON of the wrong shape', () => {
    assert.throws(
      () => parseFindings('Looks good to me!'),
      (e: unknown) => e instanceof FindingsError && /held no JSON findings/.test(e.message),
    );
    assert.throws(
      () => parseFindings('```json\n[1, 2]\n```'),
      (e: unknown) => e instanceof FindingsError && /not of the form \{"findings"/.test(e.message),
    );
  });

  it('never throws anything but a FindingsError, whatever the answer', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((j) => `\`\`\`json\n${j}\n\`\`\``),
        ),
        (answer) => {
          try {
            const parsed = parseFindings(answer);
            return parsed.findings.every((f) => Number.isInteger(f.line) && f.line > 0 && f.title.length > 0);
          } catch (error) {
            return error instanceof FindingsError;
          }
        },
      ),
    );
  });

  it('keeps only findings on files of the diff, matching a/ b/ and ./ prefixes to the diff path', () => {
    const files: DiffFile[] = [
      { path: 'src/a.ts', change: 'modified', shownLines: [1, 2, 3] },
      { path: 'src/gone.ts', change: 'deleted', shownLines: [] },
    ];
    const parsed = {
      findings: [
        finding,
        { ...finding, path: 'b/src/a.ts' },
        { ...finding, path: './src/a.ts' },
        { ...finding, path: 'src/other.ts' },
        { ...finding, path: 'src/gone.ts' },
      ],
      dropped: 1,
    };
    const matched = matchToDiff(parsed, files);
    assert.deepEqual(
      matched.findings.map((f) => f.path),
      ['src/a.ts', 'src/a.ts', 'src/a.ts'],
    );
    assert.equal(matched.dropped, 3);
  });
});
