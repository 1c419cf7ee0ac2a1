import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cutMarker, limitOutput } from '../../../src/core/shell/outputLimit';

describe('limitOutput', () => {
  it('returns text that fits unchanged', () => {
    assert.equal(limitOutput('hello', 5), 'hello');
    assert.equal(limitOutput('', 0), '');
  });

  it('keeps the head and the tail and says how much was cut', () => {
    const text = 'A'.repeat(500) + 'M'.repeat(1000) + 'Z'.repeat(500);
    const out = limitOutput(text, 200);
    assert.ok(out.length <= 200);
    assert.ok(out.startsWith('AAAA'));
    assert.ok(out.endsWith('ZZZZ'));
    const m = /\[… (\d+) characters cut …\]/.exec(out);
    assert.ok(m, out);
    assert.equal(out.length - cutMarker(Number(m[1])).length + Number(m[1]), text.length);
  });

  it('never exceeds the limit and loses nothing but the counted middle', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.nat(300), (text, max) => {
        const out = limitOutput(text, max);
        assert.ok(out.length <= Math.max(max, 0));
        if (text.length <= max) return assert.equal(out, text);
        const m = /\n\[… (\d+) characters cut …\]\n/.exec(out);
        if (!m) return assert.ok(text.startsWith(out));
        const head = out.slice(0, m.index);
        const tail = out.slice(m.index + m[0].length);
        assert.ok(text.startsWith(head));
        assert.ok(text.endsWith(tail));
        assert.equal(head.length + Number(m[1]) + tail.length, text.length);
      }),
    );
  });

  it('does not split a surrogate pair at either cut', () => {
    const text = '😀'.repeat(300);
    const out = limitOutput(text, 101);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(out));
  });
});
