import assert from 'node:assert/strict';
import { lineCounts } from '../../../src/core/lineCounts';

describe('lineCounts', () => {
  it('counts the lines a change adds and removes, a missing side counting as empty', () => {
    assert.deepEqual(lineCounts('a\nb\nc\n', 'a\nB\nc\nd\n'), { added: 2, removed: 1 });
    assert.deepEqual(lineCounts(null, 'one\ntwo\n'), { added: 2, removed: 0 });
    assert.deepEqual(lineCounts('one\ntwo\nthree', null), { added: 0, removed: 3 });
    assert.deepEqual(lineCounts('same\n', 'same\n'), { added: 0, removed: 0 });
  });
});
