import assert from 'node:assert/strict';
import { UserInputSchema, titleFrom, userMessage } from '../../../src/core/userInput';

describe('user input', () => {
  it('turns a prompt with attachments into one user message', () => {
    const message = userMessage({
      text: 'Why?',
      files: [{ path: 'a.md', content: 'has ``` inside' }],
      images: [{ dataUrl: 'data:image/jpeg;base64,/9j/4AAQ', name: 'shot.jpg' }],
    });
    assert.deepEqual(message, {
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: 'Why?' },
        { type: 'input_text', text: 'Attached file a.md:\n````\nhas ``` inside\n````' },
        { type: 'input_text', text: 'Attached image shot.jpg:' },
        { type: 'input_image', image_url: 'data:image/jpeg;base64,/9j/4AAQ', detail: 'auto' },
      ],
    });
  });

  it('accepts only inline images', () => {
    assert.equal(UserInputSchema.safeParse({ text: 'x', images: [{ dataUrl: 'https://example.com/cat.png' }] }).success, false);
    assert.equal(UserInputSchema.safeParse({ text: 'x', images: [{ dataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' }] }).success, false);
    assert.equal(UserInputSchema.safeParse({ text: 'x', images: [{ dataUrl: 'data:image/webp;base64,UklGRg==' }] }).success, true);
  });

  it('titles a session by the first line of its first prompt', () => {
    assert.equal(titleFrom('Fix the parser\nIt breaks on tabs.'), 'Fix the parser');
    assert.equal(titleFrom('   '), 'New session');
    const long = titleFrom('x'.repeat(100));
    assert.equal(long.length, 60);
    assert.ok(long.endsWith('…'));
  });
});
