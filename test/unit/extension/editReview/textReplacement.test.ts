import assert from 'node:assert/strict';
import fc from 'fast-check';
import { minimalReplacement } from '../../../../src/extension/editReview/textReplacement';

function apply(before: string, r: ReturnType<typeof minimalReplacement>): string {
  return r ? before.slice(0, r.start) + r.text + before.slice(r.end) : before;
}

describe('minimalReplacement', () => {
  it('rewrites only the changed middle', () => {
    assert.deepEqual(minimalReplacement('a\nb\nc\n', 'a\nB\nc\n'), { start: 2, end: 3, text: 'B' });
    assert.equal(minimalReplacement('same', 'same'), undefined);
    assert.deepEqual(minimalReplacement('', 'new'), { start: 0, end: 0, text: 'new' });
    assert.deepEqual(minimalReplacement('gone', ''), { start: 0, end: 4, text: '' });
  });

  it('never cuts a CRLF pair or a surrogate pair', () => {
    // A cut between \r and \n has no editor position; the replacement widens to keep the pair whole.
    const r = minimalReplacement('a\r\nb', 'a\rxb');
    assert.ok(r);
    assert.equal(r.start, 1);
    assert.equal(minimalReplacement('x\uD83D\uDE00', 'x\uD83D\uDE01')?.start, 1);
    assert.equal(minimalReplacement('\uD83D\uDE00y', '\uD83C\uDE00y')?.end, 2);
  });

  it('turns any text into any other text, without splitting pairs', () => {
    const chars = fc.constantFrom('a', 'b', '\r', '\n', '\r\n', '\uD83D\uDE00', '\uD83D\uDE01');
    const text = fc.array(chars, { maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const r = minimalReplacement(before, after);
        assert.equal(apply(before, r), after);
        if (!r) return;
        for (const at of [r.start, r.end]) {
          assert.ok(!(before[at - 1] === '\r' && before[at] === '\n'), `cut inside CRLF at ${at}`);
          const code = before.charCodeAt(at);
          assert.ok(!(code >= 0xdc00 && code <= 0xdfff), `cut inside a surrogate pair at ${at}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
