import assert from 'node:assert/strict';
import { applyDiff, PatchError } from '../../../../src/core/patch';

/** Lines joined with LF plus a final newline: most cases are easier to read as arrays. */
const text = (...lines: string[]) => lines.map((l) => l + '\n').join('');

interface Case {
  name: string;
  original: string;
  diff: string;
  expected: string;
}

const PY = text('class A:', '    def f(self):', '        return 1', '', 'class B:', '    def f(self):', '        return 1');

const matching: Case[] = [
  {
    name: 'exact lines',
    original: text('a', 'b', 'c', 'd'),
    diff: '@@\n a\n-b\n+B\n c\n',
    expected: text('a', 'B', 'c', 'd'),
  },
  {
    name: 'the first section may leave out its @@ line',
    original: text('a', 'b', 'c'),
    diff: ' a\n-b\n+B\n',
    expected: text('a', 'B', 'c'),
  },
  {
    name: 'trailing whitespace in the file, not in the diff (file context kept as it is)',
    original: text('a  ', 'b\t', 'c '),
    diff: '@@\n a\n-b\n+B\n c\n',
    expected: text('a  ', 'B', 'c '),
  },
  {
    name: 'trailing whitespace in the diff, not in the file',
    original: text('a', 'b', 'c'),
    diff: '@@\n a   \n-b \n+B\n c\t\n',
    expected: text('a', 'B', 'c'),
  },
  {
    name: 'leading whitespace drift (tabs in the file, spaces in the diff)',
    original: text('if (x) {', '\tcall();', '\treturn;', '}'),
    diff: '@@\n if (x) {\n-    call();\n+    callAgain();\n     return;\n',
    expected: text('if (x) {', '    callAgain();', '\treturn;', '}'),
  },
  {
    name: 'unicode punctuation in the file, ASCII in the diff',
    original: text('// it’s “quoted” — ok', 'x = a\u00A0– b', 'end'),
    diff: `@@\n // it's "quoted" - ok\n-x = a - b\n+x = a + b\n end\n`,
    expected: text('// it’s “quoted” — ok', 'x = a + b', 'end'),
  },
  {
    name: 'unicode punctuation in the diff, ASCII in the file',
    original: text(`say("it's")`, 'n = 1 - 2', 'end'),
    diff: '@@\n say(“it’s”)\n-n = 1 − 2\n+n = 3\n end\n',
    expected: text(`say("it's")`, 'n = 3', 'end'),
  },
  {
    name: 'every normalised character: dashes U+2010-2015 and U+2212, quotes U+2018-201F, unicode spaces',
    original: text('a-b-c-d-e-f-g', `'1' '2' '3' '4'`, '"1" "2" "3" "4"', 'x y z w v u t s r q p o n', 'keep'),
    diff:
      '@@\n' +
      '-a\u2010b\u2011c\u2012d\u2013e\u2014f\u2015g\n' +
      '-\u20181\u2019 \u201A2\u201B \u20183\u2019 \u20184\u2019\n' +
      '-\u201C1\u201D \u201E2\u201F \u201C3\u201D \u201C4\u201D\n' +
      '-x\u00A0y\u2002z\u2003w\u2004v\u2005u\u2006t\u2007s\u2008r\u2009q\u200Ap\u202Fo\u205Fn\n' +
      '+replaced\n' +
      ' keep\n',
    expected: text('replaced', 'keep'),
  },
  {
    name: 'U+2212 minus and U+3000 ideographic space',
    original: text('x = 1 - y', 'keep'),
    diff: '@@\n-x\u3000=\u30001\u3000\u2212\u3000y\n+x = 2\n keep\n',
    expected: text('x = 2', 'keep'),
  },
  {
    name: 'an exact match later wins over a whitespace-drifted one earlier',
    original: text('foo  ', 'x', 'foo', 'y'),
    diff: '@@\n-foo\n+bar\n',
    expected: text('foo  ', 'x', 'bar', 'y'),
  },
  {
    name: 'repeated identical blocks: the cursor moves past the first section, so the second edits the second copy',
    original: text('start', 'same', 'dup', 'mid', 'same', 'dup', 'end'),
    diff: '@@\n same\n-dup\n+first\n@@\n same\n-dup\n+second\n',
    expected: text('start', 'same', 'first', 'mid', 'same', 'second', 'end'),
  },
  {
    name: 'repeated identical blocks: the first match after the cursor, not a later one',
    original: text('same', 'dup', 'same', 'dup', 'same', 'dup'),
    diff: '@@\n same\n-dup\n+one\n@@\n same\n-dup\n+two\n',
    expected: text('same', 'one', 'same', 'two', 'same', 'dup'),
  },
  {
    name: 'an @@ anchor picks the block after it',
    original: PY,
    diff: '@@ class B:\n     def f(self):\n-        return 1\n+        return 2\n',
    expected: PY.replace(/return 1\n$/, 'return 2\n'),
  },
  {
    name: 'stacked anchors narrow down in order',
    original: text(
      'class A:',
      '    def g(self):',
      '        pass',
      'class B:',
      '    def f(self):',
      '        pass',
      '    def g(self):',
      '        pass',
    ),
    diff: '@@ class B:\n@@     def g(self):\n-        pass\n+        return 7\n',
    expected: text(
      'class A:',
      '    def g(self):',
      '        pass',
      'class B:',
      '    def f(self):',
      '        pass',
      '    def g(self):',
      '        return 7',
    ),
  },
  {
    name: 'an anchor with whitespace drift',
    original: PY,
    diff: '@@ class B:   \n@@ def f(self):\n-        return 1\n+        return 2\n',
    expected: PY.replace(/return 1\n$/, 'return 2\n'),
  },
  {
    name: 'an anchor with unicode drift',
    original: text('// “first”', 'x = 1', '// “second”', 'x = 1'),
    diff: '@@ // "second"\n-x = 1\n+x = 2\n',
    expected: text('// “first”', 'x = 1', '// “second”', 'x = 2'),
  },
  {
    name: 'an anchor repeated by a later section keeps that section inside the same scope',
    original: text('def f():', '    a = 1', '    b = 2', '    c = 3', 'def g():', '    c = 3'),
    diff: '@@ def f():\n-    a = 1\n+    a = 10\n@@ def f():\n-    c = 3\n+    c = 30\n',
    expected: text('def f():', '    a = 10', '    b = 2', '    c = 30', 'def g():', '    c = 3'),
  },
  {
    name: 'End of File: the last lines, although the same lines occur earlier',
    original: text('}', 'x', '}'),
    diff: '@@\n-}\n+};\n*** End of File\n',
    expected: text('}', 'x', '};'),
  },
  {
    name: 'End of File: falls back to the cursor when the lines are not the last ones',
    original: text('a', 'b', 'c'),
    diff: '@@\n-b\n+B\n*** End of File\n',
    expected: text('a', 'B', 'c'),
  },
  {
    name: 'End of File: adding lines after the last one',
    original: text('a', 'b'),
    diff: '@@\n b\n+c\n*** End of File\n',
    expected: text('a', 'b', 'c'),
  },
  {
    name: 'a section that only adds lines, after its anchor',
    original: text('class A:', '    x = 1', 'class B:', '    y = 2'),
    diff: '@@ class B:\n+    z = 3\n',
    expected: text('class A:', '    x = 1', 'class B:', '    z = 3', '    y = 2'),
  },
  {
    name: 'a section that only adds lines and has no anchor appends them at the end',
    original: text('a', 'b'),
    diff: '@@\n+c\n+d\n',
    expected: text('a', 'b', 'c', 'd'),
  },
  {
    name: 'adding lines to an empty file',
    original: '',
    diff: '@@\n+first\n+second\n',
    expected: text('first', 'second'),
  },
  {
    name: 'deleting the first lines',
    original: text('a', 'b', 'c', 'd'),
    diff: '@@\n-a\n-b\n c\n',
    expected: text('c', 'd'),
  },
  {
    name: 'deleting the last lines',
    original: text('a', 'b', 'c', 'd'),
    diff: '@@\n b\n-c\n-d\n',
    expected: text('a', 'b'),
  },
  {
    name: 'deleting every line',
    original: text('only'),
    diff: '@@\n-only\n',
    expected: '',
  },
  {
    name: 'inserting before the first line',
    original: text('a', 'b'),
    diff: '@@\n+zero\n a\n',
    expected: text('zero', 'a', 'b'),
  },
  {
    name: 'a trailing empty context line standing for the final newline is dropped on retry',
    original: text('a', 'b'),
    diff: '@@\n a\n-b\n+c\n \n',
    expected: text('a', 'c'),
  },
  {
    name: 'a trailing empty context line before added lines is dropped on retry',
    original: text('a', 'b'),
    diff: '@@\n b\n \n+c\n',
    expected: text('a', 'b', 'c'),
  },
  {
    name: 'an empty context line that exists in the file is matched, not dropped',
    original: text('a', '', 'b'),
    diff: '@@\n a\n \n-b\n+c\n',
    expected: text('a', '', 'c'),
  },
  {
    name: 'a blank diff line is an empty context line',
    original: text('a', '', 'b'),
    diff: '@@\n a\n\n-b\n+c\n',
    expected: text('a', '', 'c'),
  },
  {
    name: 'several changes in one section',
    original: text('a', 'b', 'c', 'd', 'e'),
    diff: '@@\n a\n-b\n+B\n c\n-d\n+D1\n+D2\n e\n',
    expected: text('a', 'B', 'c', 'D1', 'D2', 'e'),
  },
  {
    name: 'added lines are written as the diff has them, without re-indenting',
    original: text('\tif (x) {', '\t\told();', '\t}'),
    diff: '@@\n \tif (x) {\n-\t\told();\n+    new();\n',
    expected: text('\tif (x) {', '    new();', '\t}'),
  },
  {
    name: 'a unified-diff hunk header counts as a bare @@',
    original: text('a', 'b', 'c'),
    diff: '@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n',
    expected: text('a', 'B', 'c'),
  },
  {
    name: "'\\ No newline at end of file' markers are ignored",
    original: 'a\nb',
    diff: '@@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
    expected: 'a\nc',
  },
  {
    name: 'a diff written with CRLF line breaks',
    original: text('a', 'b', 'c'),
    diff: '@@\r\n a\r\n-b\r\n+B\r\n c\r\n',
    expected: text('a', 'B', 'c'),
  },
];

const fidelity: Case[] = [
  {
    name: 'CRLF file: new lines get CRLF too',
    original: 'a\r\nb\r\nc\r\n',
    diff: '@@\n a\n-b\n+B1\n+B2\n c\n',
    expected: 'a\r\nB1\r\nB2\r\nc\r\n',
  },
  {
    name: 'CRLF file without a final newline, appending after the last line',
    original: 'a\r\nb',
    diff: '@@\n b\n+c\n*** End of File\n',
    expected: 'a\r\nb\r\nc',
  },
  {
    name: 'mixed line endings: each kept line keeps its own, new lines take the prevailing one',
    original: 'a\r\nb\nc\r\nd\r\n',
    diff: '@@\n b\n-c\n+C\n+C2\n d\n',
    expected: 'a\r\nb\nC\r\nC2\r\nd\r\n',
  },
  {
    name: 'UTF-8 BOM kept when the first line changes',
    original: '\uFEFFfirst\nsecond\n',
    diff: '@@\n-first\n+FIRST\n second\n',
    expected: '\uFEFFFIRST\nsecond\n',
  },
  {
    name: 'UTF-8 BOM with CRLF',
    original: '\uFEFFa\r\nb\r\n',
    diff: '@@\n a\n-b\n+c\n',
    expected: '\uFEFFa\r\nc\r\n',
  },
  {
    name: 'no final newline: changing the last line',
    original: 'a\nb',
    diff: '@@\n a\n-b\n+c\n',
    expected: 'a\nc',
  },
  {
    name: 'no final newline: deleting the last line',
    original: 'a\nb',
    diff: '@@\n a\n-b\n',
    expected: 'a',
  },
  {
    name: 'final newline kept when lines are appended',
    original: 'a\n',
    diff: '@@\n a\n+b\n',
    expected: 'a\nb\n',
  },
  {
    name: 'a lone carriage return at the end of an unterminated last line is content',
    original: 'a\nb\r',
    diff: '@@\n-a\n+A\n',
    expected: 'A\nb\r',
  },
];

describe('applyDiff: matching', () => {
  for (const c of matching) {
    it(c.name, () => assert.equal(applyDiff(c.original, c.diff), c.expected));
  }
});

describe('applyDiff: file fidelity', () => {
  for (const c of fidelity) {
    it(c.name, () => assert.equal(applyDiff(c.original, c.diff), c.expected));
  }
});

describe('applyDiff: create mode', () => {
  const cases: { name: string; diff: string; expected: string }[] = [
    { name: "'+' lines become the file, ending with a newline", diff: '+a\n+b\n', expected: 'a\nb\n' },
    { name: 'a diff without a final newline', diff: '+a\n+b', expected: 'a\nb\n' },
    { name: "an empty '+' line and a blank line are both empty lines", diff: '+a\n+\n\n+b\n', expected: 'a\n\n\nb\n' },
    { name: 'lines are taken as written', diff: '+  indented\t\n+— dash\n', expected: '  indented\t\n— dash\n' },
    { name: 'an empty diff is an empty file', diff: '', expected: '' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(applyDiff('ignored', c.diff, 'create'), c.expected));
});

interface Failure {
  name: string;
  original: string;
  diff: string;
  mode?: 'update' | 'create';
  path?: string;
  message: string;
}

const failures: Failure[] = [
  {
    name: 'an anchor that is nowhere in the file',
    original: PY,
    diff: '@@ class C:\n-        return 1\n+        return 2\n',
    path: 'src/a.py',
    message:
      "Failed to find context 'class C:' in src/a.py (section 1, line 1 of the diff): no line of the file matches it. " +
      'An @@ line must repeat one line of the file as it is now, such as a function or class signature; ' +
      'correct it or use a bare @@, then resend the patch.',
  },
  {
    name: 'a second stacked anchor that is not inside the first one',
    original: PY,
    diff: '@@ class B:\n@@     def g(self):\n-        return 1\n+        return 2\n',
    path: 'src/a.py',
    message:
      "Failed to find context '    def g(self):' in src/a.py (section 1, line 2 of the diff): no line at or after line 6 of the file matches it. " +
      'An @@ line must repeat one line of the file as it is now, such as a function or class signature; ' +
      'correct it or use a bare @@, then resend the patch.',
  },
  {
    name: 'lines that differ from the file: the message shows where the closest match stops',
    original: PY,
    diff: '@@ class B:\n     def f(self):\n-        return 3\n+        return 2\n',
    path: 'src/a.py',
    message:
      'Failed to find expected lines in src/a.py (section 1, line 1 of the diff):\n' +
      '    def f(self):\n        return 3\n' +
      "Line 6 of the file matches the first of these lines, but then line 7 reads '        return 1' where the diff expects '        return 3'. " +
      "Read the file again and resend the patch with the context and '-' lines copied exactly from it.",
  },
  {
    name: 'several lines matching before the difference',
    original: text('a', 'b', 'c', 'd'),
    diff: '@@\n a\n b\n-x\n+y\n',
    message:
      'Failed to find expected lines in the file (section 1, line 1 of the diff):\na\nb\nx\n' +
      "Lines 1-2 of the file match the first 2 of these lines, but then line 3 reads 'c' where the diff expects 'x'. " +
      "Read the file again and resend the patch with the context and '-' lines copied exactly from it.",
  },
  {
    name: 'lines running past the end of the file',
    original: text('a', 'b'),
    diff: '@@\n a\n b\n-c\n',
    message:
      'Failed to find expected lines in the file (section 1, line 1 of the diff):\na\nb\nc\n' +
      "Lines 1-2 of the file match the first 2 of these lines, but then the file ends where the diff expects 'c'. " +
      "Read the file again and resend the patch with the context and '-' lines copied exactly from it.",
  },
  {
    name: 'no line of the file matches the first line',
    original: text('a', 'b'),
    diff: '@@\n-zzz\n+y\n',
    message:
      'Failed to find expected lines in the file (section 1, line 1 of the diff):\nzzz\n' +
      "No line at or after line 1 of the file matches 'zzz'. " +
      "Read the file again and resend the patch with the context and '-' lines copied exactly from it.",
  },
  {
    name: 'sections out of file order are not applied by guessing backwards',
    original: text('a', 'b', 'c', 'd'),
    diff: '@@\n c\n-d\n+D\n@@\n-a\n+A\n',
    message:
      'Failed to find expected lines in the file (section 2, line 5 of the diff):\na\n' +
      'These lines are at line 1, before line 5 where the previous section left off: sections must follow the order of the file. ' +
      "Read the file again and resend the patch with the context and '-' lines copied exactly from it.",
  },
  {
    name: 'a line without a prefix',
    original: text('a'),
    diff: '@@\n a\nb\n',
    message:
      "Invalid line 3 of the diff: 'b'. Every line of a section starts with ' ' (unchanged context), '-' (removed) or '+' (added), " +
      'and a section starts with an @@ line; add the missing prefix and resend.',
  },
  {
    name: 'a patch envelope inside an update diff',
    original: text('a'),
    diff: '*** Begin Patch\n*** Update File: a\n@@\n-a\n+b\n*** End Patch\n',
    message:
      "Invalid line 1 of the diff: '*** Begin Patch' is a patch envelope line, not part of a section. An update_file diff holds only " +
      "@@ sections of one file, without '*** Begin Patch' or file headers; resend it that way.",
  },
  {
    name: 'an empty update diff',
    original: text('a'),
    diff: '\n',
    path: 'a.txt',
    message: "The diff for a.txt is empty: an update_file diff needs at least one @@ section with '-' or '+' lines.",
  },
  {
    name: 'an @@ line with nothing under it',
    original: text('a'),
    diff: '@@\n-a\n+b\n@@ a\n',
    message:
      "Invalid section 2 at line 4 of the diff: it has an @@ line but no lines under it. Follow each @@ line with ' ' (context), " +
      "'-' (removed) and '+' (added) lines.",
  },
  {
    name: 'End of File closing nothing',
    original: text('a'),
    diff: '@@\n*** End of File\n',
    message: "Invalid line 2 of the diff: '*** End of File' must close a section that has lines.",
  },
  {
    name: 'lines after End of File without a new @@',
    original: text('a', 'b'),
    diff: '@@\n-b\n+c\n*** End of File\n-a\n',
    message: "Invalid line 5 of the diff: a new section must start with @@ after '*** End of File'.",
  },
  {
    name: "a create diff with a line that does not start with '+'",
    original: '',
    diff: '+a\nb\n',
    mode: 'create',
    message:
      "Invalid line 2 of the create_file diff: 'b'. Every line of a new file is written as '+' followed by the line's text; " +
      'resend the operation that way.',
  },
];

describe('applyDiff: failures', () => {
  for (const f of failures) {
    it(f.name, () => {
      assert.throws(
        () => applyDiff(f.original, f.diff, f.mode, f.path === undefined ? {} : { path: f.path }),
        (error: unknown) => {
          assert.ok(error instanceof PatchError, `expected a PatchError, got ${String(error)}`);
          assert.equal(error.message, f.message);
          return true;
        },
      );
    });
  }

  it('a diff whose later section fails changes nothing, even though the first section matched', () => {
    assert.throws(() => applyDiff(text('a', 'b'), '@@\n-a\n+A\n@@\n-zzz\n+y\n'), PatchError);
  });

  it('a long list of expected lines is shortened in the message', () => {
    const lines = Array.from({ length: 25 }, (_, i) => `line ${i}`);
    const diff = '@@\n' + lines.map((l) => '-' + l).join('\n') + '\n';
    assert.throws(
      () => applyDiff(text('other'), diff),
      (error: Error) => {
        assert.match(error.message, /line 19\n… \(5 more lines\)\n/);
        assert.doesNotMatch(error.message, /line 20/);
        return true;
      },
    );
  });
});
