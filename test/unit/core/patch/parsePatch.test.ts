import assert from 'node:assert/strict';
import { ApplyPatchOperationSchema } from '../../../../src/shared/events';
import { applyDiff, parsePatch, PatchError } from '../../../../src/core/patch';

const patch = (...lines: string[]) => lines.join('\n') + '\n';

describe('parsePatch', () => {
  it('returns the operations in the shape of apply_patch_call.operation', () => {
    const ops = parsePatch(
      patch(
        '*** Begin Patch',
        '*** Add File: src/new.ts',
        '+export const a = 1;',
        '+',
        '*** Update File: src/old.ts',
        '*** Move to: src/renamed.ts',
        '@@ class A {',
        '-  x = 1;',
        '+  x = 2;',
        '*** End of File',
        '*** Delete File: src/gone.ts',
        '*** Update File: README.md',
        ' intro',
        '-old',
        '+new',
        '*** End Patch',
      ),
    );
    assert.deepEqual(ops, [
      { type: 'create_file', path: 'src/new.ts', diff: '+export const a = 1;\n+\n' },
      { type: 'update_file', path: 'src/old.ts', diff: '@@ class A {\n-  x = 1;\n+  x = 2;\n*** End of File\n', move_to: 'src/renamed.ts' },
      { type: 'delete_file', path: 'src/gone.ts' },
      { type: 'update_file', path: 'README.md', diff: ' intro\n-old\n+new\n' },
    ]);
    for (const op of ops) assert.ok(ApplyPatchOperationSchema.safeParse(op).success);
  });

  it('yields diffs that applyDiff applies', () => {
    const [create, update] = parsePatch(
      patch('*** Begin Patch', '*** Add File: a', '+x', '+y', '*** Update File: b', '@@', ' p', '-q', '+r', '*** End Patch'),
    );
    assert.ok(create?.type === 'create_file' && update?.type === 'update_file');
    assert.equal(applyDiff('', create.diff, 'create'), 'x\ny\n');
    assert.equal(applyDiff('p\nq\n', update.diff), 'p\nr\n');
  });

  it('accepts CRLF, surrounding blank lines, trailing spaces on markers and a blank line for an empty added line', () => {
    const text = '\r\n*** Begin Patch  \r\n*** Add File:  a.txt \r\n+one\r\n\r\n+three\r\n\r\n*** End Patch\r\n\r\n';
    assert.deepEqual(parsePatch(text), [{ type: 'create_file', path: 'a.txt', diff: '+one\n+\n+three\n' }]);
  });

  it('reads an update with only a move as a rename', () => {
    assert.deepEqual(parsePatch(patch('*** Begin Patch', '*** Update File: a', '*** Move to: b', '*** End Patch')), [
      { type: 'update_file', path: 'a', diff: '', move_to: 'b' },
    ]);
  });

  it('reads an empty added file', () => {
    assert.deepEqual(parsePatch(patch('*** Begin Patch', '*** Add File: empty', '*** End Patch')), [
      { type: 'create_file', path: 'empty', diff: '' },
    ]);
  });

  const failures: { name: string; text: string; message: string }[] = [
    {
      name: 'no Begin Patch',
      text: patch('*** Update File: a', '@@', '-x', '*** End Patch'),
      message: "Invalid patch at line 1: the first line must be '*** Begin Patch', found '*** Update File: a'.",
    },
    {
      name: 'an empty text',
      text: '\n\n',
      message: "Invalid patch at line 1: the first line must be '*** Begin Patch' (the patch is empty).",
    },
    {
      name: 'no End Patch (a cut-off patch)',
      text: patch('*** Begin Patch', '*** Update File: a', '@@', '-x'),
      message: "Invalid patch at line 4: the last line must be '*** End Patch'; the patch may have been cut off, so resend it whole.",
    },
    {
      name: 'a line that is not a file header',
      text: patch('*** Begin Patch', '*** Modify File: a', '*** End Patch'),
      message:
        "Invalid patch at line 2: '*** Modify File: a' is not a file header; expected '*** Add File: <path>', '*** Delete File: <path>' or '*** Update File: <path>'.",
    },
    {
      name: 'an added file line without +',
      text: patch('*** Begin Patch', '*** Add File: a', '+ok', 'oops', '*** End Patch'),
      message: "Invalid patch at line 4: 'oops' is not part of the new file 'a': every line of an added file starts with '+'.",
    },
    {
      name: 'a delete with content',
      text: patch('*** Begin Patch', '*** Delete File: a', '-x', '*** End Patch'),
      message: "Invalid patch at line 3: '*** Delete File: a' takes no lines, found '-x'.",
    },
    {
      name: 'an update without changes',
      text: patch('*** Begin Patch', '*** Update File: a', '', '*** End Patch'),
      message:
        "Invalid patch at line 2: '*** Update File: a' has no changes; add @@ sections with '-' and '+' lines, or '*** Move to: <path>'.",
    },
    {
      name: 'a header without a path',
      text: patch('*** Begin Patch', '*** Delete File: ', '*** End Patch'),
      message: "Invalid patch at line 2: '*** Delete File:' names no file; write the path relative to the workspace root after it.",
    },
    {
      name: 'End Patch before the end',
      text: patch('*** Begin Patch', '*** Delete File: a', '*** End Patch', '*** Delete File: b', '*** End Patch'),
      message: "Invalid patch at line 3: '*** End Patch' appears before the end of the patch; remove what follows it or put it last.",
    },
    {
      name: 'a bad section line, reported with its line in the patch',
      text: patch('*** Begin Patch', '*** Update File: a', '*** Move to: b', '@@', ' ok', 'bad', '*** End Patch'),
      message:
        "Invalid line 6 of the patch: 'bad'. Every line of a section starts with ' ' (unchanged context), '-' (removed) or '+' (added), " +
        'and a section starts with an @@ line; add the missing prefix and resend.',
    },
    {
      name: 'a patch without files',
      text: patch('*** Begin Patch', '', '*** End Patch'),
      message: 'Invalid patch at line 1: the patch changes no file; add at least one file section.',
    },
  ];
  for (const f of failures) {
    it(`refuses ${f.name}`, () => {
      assert.throws(
        () => parsePatch(f.text),
        (error: unknown) => {
          assert.ok(error instanceof PatchError);
          assert.equal(error.message, f.message);
          return true;
        },
      );
    });
  }
});

describe('parsePatch: the leniency of the reference implementations, never a guess', () => {
  const UPDATE = ['*** Begin Patch', '*** Update File: a.txt', '@@', '-a', '+A', '*** End Patch'];

  it('reads file headers written with leading whitespace', () => {
    const ops = parsePatch(
      patch(
        '*** Begin Patch',
        '  *** Update File: a.txt',
        '  *** Move to: b.txt',
        '@@',
        '-a',
        '+A',
        '\t*** Add File: c.txt',
        '+c',
        '*** End Patch',
      ),
    );
    assert.deepEqual(ops, [
      { type: 'update_file', path: 'a.txt', diff: '@@\n-a\n+A\n', move_to: 'b.txt' },
      { type: 'create_file', path: 'c.txt', diff: '+c\n' },
    ]);
  });

  for (const opener of ["<<'EOF'", '<<"EOF"', '<<EOF', "apply_patch <<'EOF'", 'apply_patch <<EOF']) {
    it(`unwraps an envelope inside a shell heredoc opened with ${opener}`, () => {
      assert.deepEqual(parsePatch(patch(opener, ...UPDATE, 'EOF')), parsePatch(patch(...UPDATE)));
    });
  }

  it('refuses a heredoc that is not closed by its own delimiter, saying what to send', () => {
    assert.throws(
      () => parsePatch(patch("apply_patch <<'PATCH'", ...UPDATE, 'EOF')),
      (error: unknown) =>
        error instanceof PatchError &&
        error.message ===
          "Invalid patch at line 8: the patch opens a heredoc with 'apply_patch <<'PATCH'' but does not end with its 'PATCH' line; send the patch alone, from '*** Begin Patch' to '*** End Patch'.",
    );
  });

  it('applies an anchor-less pure addition and then a later section of the same file', () => {
    const [op] = parsePatch(patch('*** Begin Patch', '*** Update File: a.txt', '+appended', '@@', ' b', '-c', '+C', '*** End Patch'));
    assert.ok(op?.type === 'update_file');
    assert.equal(applyDiff('a\nb\nc\n', op.diff, 'update'), 'a\nb\nC\nappended\n');
  });
});
