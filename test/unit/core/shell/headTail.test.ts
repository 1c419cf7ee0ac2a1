import assert from 'node:assert/strict';
import { HeadTailBuffer } from '../../../../src/core/shell/headTail';
import { cutMarker } from '../../../../src/core/shell/outputLimit';

describe('HeadTailBuffer', () => {
  it('keeps everything while it fits', () => {
    const b = new HeadTailBuffer(10);
    b.append('abc');
    b.append('defg');
    assert.equal(b.toString(), 'abcdefg');
  });

  it('keeps the first and last halves and counts the cut, however the text arrives', () => {
    const text = Array.from({ length: 1000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    for (const size of [1, 3, 64, 1000]) {
      const b = new HeadTailBuffer(100);
      for (let i = 0; i < text.length; i += size) b.append(text.slice(i, i + size));
      assert.equal(b.toString(), text.slice(0, 50) + cutMarker(900) + text.slice(950), `chunks of ${size}`);
    }
  });

  it('never splits a surrogate pair at either cut', () => {
    const b = new HeadTailBuffer(6);
    b.append('ab😀' + 'x'.repeat(20) + '😀yz');
    const kept = b.toString();
    assert.doesNotMatch(kept, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    assert.ok(kept.startsWith('ab'));
    assert.ok(kept.endsWith('yz'));
  });
});
