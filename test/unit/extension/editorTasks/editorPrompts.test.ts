import assert from 'node:assert/strict';
import {
  explainPrompt,
  fenced,
  findingFixPrompt,
  fixPrompt,
  refactorPrompt,
  reviewPrompt,
  surroundingRange,
  testsPrompt,
} from '../../../../src/extension/editorTasks/editorPrompts';

const span = {
  path: 'src/math.ts',
  startLine: 3,
  endLine: 5,
  text: 'function add(a, b) {\n  return a + b;\n}\n',
  languageId: 'typescript',
};

describe('editor prompts', () => {
  it('a refactor names the file, the lines and the instruction, quotes the selection and asks for apply_patch', () => {
    const prompt = refactorPrompt('  use arrow functions \n', span);
    assert.ok(prompt.startsWith('Refactor lines 3-5 of src/math.ts: use arrow functions\n'));
    assert.ok(
      prompt.includes('```typescript\nfunction add(a, b) {\n  return a + b;\n}\n```'),
      'the selection is fenced once, without a trailing blank line',
    );
    assert.match(prompt, /apply_patch on src\/math\.ts/);
  });

  it('fences code that itself contains fences with a longer fence, and leaves plaintext without an info string', () => {
    assert.equal(fenced({ text: 'a ```` b', languageId: 'markdown' }), '`````markdown\na ```` b\n`````');
    assert.equal(fenced({ text: 'x', languageId: 'plaintext' }), '```\nx\n```');
  });

  it('a fix carries the message, position, origin, related places and the code around the problem', () => {
    const prompt = fixPrompt(
      {
        message: "Cannot find name 'sum'.",
        line: 4,
        column: 10,
        severity: 'error',
        source: 'ts',
        code: '2304',
        related: [{ path: 'src/b.ts', line: 2, message: 'declared here' }],
      },
      { ...span, startLine: 1, endLine: 6 },
    );
    assert.ok(
      prompt.startsWith(
        "Fix this error in src/math.ts at line 4, column 10 (ts 2304):\nCannot find name 'sum'.\n- related, src/b.ts:2: declared here\n",
      ),
    );
    assert.match(prompt, /lines 1-6; the problem is on line 4/);
    assert.match(prompt, /apply_patch on src\/math\.ts/);
  });

  it('a fix without source or code has no empty parentheses', () => {
    const prompt = fixPrompt({ message: 'bad', line: 1, column: 1, severity: 'warning' }, span);
    assert.ok(prompt.startsWith('Fix this warning in src/math.ts at line 1, column 1:\nbad\n'));
  });

  it('explain asks for no changes; tests ask to follow the project conventions', () => {
    assert.match(explainPrompt(span), /lines 3-5/);
    assert.match(explainPrompt(span), /Do not change any files/);
    const tests = testsPrompt('src/math.ts', 'typescript');
    assert.match(tests, /^Write tests for src\/math\.ts\./);
    assert.match(tests, /standard choice for typescript/);
  });

  it('a review asks for exactly one JSON block, explains the line numbers and turns tools off', () => {
    const prompt = reviewPrompt('=== a.ts (modified)\n', '/repo', ['2 untracked files were left out.']);
    assert.match(prompt, /exactly one ```json code block/);
    assert.match(prompt, /"findings": \[\{"path"/);
    assert.match(prompt, /left column of the diff/);
    assert.match(prompt, /Tools are turned off/);
    assert.match(prompt, /Note: 2 untracked files were left out\./);
    assert.ok(prompt.endsWith('=== a.ts (modified)\n'));
  });

  it('a finding fix quotes the finding and lets the model decline a mistaken one', () => {
    const prompt = findingFixPrompt(
      { path: 'src/math.ts', line: 4, severity: 'warning', title: 'Overflow ', detail: ' Use BigInt. ' },
      span,
    );
    assert.ok(prompt.startsWith('Fix this review finding in src/math.ts at line 4 (warning): Overflow\nUse BigInt.\n'));
    assert.match(prompt, /If the finding is mistaken, change nothing/);
  });

  it('the surrounding range stays inside the file', () => {
    assert.deepEqual(surroundingRange(3, 100), { startLine: 1, endLine: 11 });
    assert.deepEqual(surroundingRange(50, 52, 51), { startLine: 42, endLine: 52 });
    assert.deepEqual(surroundingRange(1, 0), { startLine: 1, endLine: 1 });
  });
});
