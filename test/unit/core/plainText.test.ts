import assert from 'node:assert/strict';
import { plainText } from '../../../src/core/plainText';

describe('model output as plain text (for notifications)', () => {
  it('drops emphasis, code marks, link targets and heading marks, keeping what a reader sees', () => {
    assert.equal(
      plainText('## Result\n\nThe **loop** in `parse()` is *fine*; see [the docs](https://example.com).\n\n- one\n- two'),
      'Result The loop in parse() is fine; see the docs. one two',
    );
  });

  it("keeps code blocks' code and images' descriptions, and joins lines with spaces", () => {
    assert.equal(
      plainText('Run:\n\n```sh\nnpm test\n```\n\n![a diagram](x.png)\nline one\nline two'),
      'Run: npm test a diagram line one line two',
    );
  });

  it('leaves raw HTML as the text it is, and plain text unchanged', () => {
    assert.equal(plainText('<b>not bold</b>'), '<b>not bold</b>');
    assert.equal(plainText('Nothing to change here.'), 'Nothing to change here.');
    assert.equal(plainText(''), '');
  });
});
