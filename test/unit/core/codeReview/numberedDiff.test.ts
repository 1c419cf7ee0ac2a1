import assert from 'node:assert/strict';
import { numberDiff } from '../../../../src/core/codeReview/numberedDiff';

// As `git -c core.quotePath=false diff --no-color --no-prefix HEAD` prints them.
const modified = `diff --git src/a.ts src/a.ts
index de98044..a7bc997 100644
--- src/a.ts
+++ src/a.ts
@@ -1,3 +1,4 @@
 a
-b
+B
 c
+d
@@ -20,2 +21,2 @@ function f() {
 x
-y
+z
\\ No newline at end of file
`;
const added = `diff --git new file.txt new file.txt
new file mode 100644
index 0000000..3e75765
--- /dev/null
+++ new file.txt\t
@@ -0,0 +1,2 @@
+one
+two
`;
const deleted = `diff --git old.txt old.txt
deleted file mode 100644
index 3e75765..0000000
--- old.txt
+++ /dev/null
@@ -1 +0,0 @@
-gone
`;
const renamed = `diff --git before.ts after.ts
similarity index 90%
rename from before.ts
rename to after.ts
index 1111111..2222222 100644
--- before.ts
+++ after.ts
@@ -1 +1 @@
-x
+y
`;
const modeOnly = `diff --git run.sh run.sh
old mode 100644
new mode 100755
`;
const binary = `diff --git logo.png logo.png
index 1111111..2222222 100644
Binary files logo.png and logo.png differ
`;

describe('numbered diff', () => {
  it("numbers added and context lines with the new file's line numbers, removed lines not at all", () => {
    const { files, text } = numberDiff(modified);
    assert.deepEqual(files, [{ path: 'src/a.ts', change: 'modified', shownLines: [1, 2, 3, 4, 21, 22] }]);
    assert.equal(
      text,
      [
        '=== src/a.ts (modified)',
        '@@ -1,3 +1,4 @@',
        ' 1   a',
        '   - b',
        ' 2 + B',
        ' 3   c',
        ' 4 + d',
        '@@ -20,2 +21,2 @@',
        '21   x',
        '   - y',
        '22 + z',
        '',
      ].join('\n'),
    );
  });

  it('tells added, deleted, renamed and binary files apart', () => {
    const { files, text } = numberDiff(modified + added + deleted + renamed);
    assert.deepEqual(
      files.map((f) => [f.path, f.change, f.oldPath, f.shownLines]),
      [
        ['src/a.ts', 'modified', undefined, [1, 2, 3, 4, 21, 22]],
        ['new file.txt', 'added', undefined, [1, 2]],
        ['old.txt', 'deleted', undefined, []],
        ['after.ts', 'renamed', 'before.ts', [1]],
      ],
    );

    assert.match(text, /=== after\.ts \(renamed from before\.ts\)/);
    assert.match(text, /=== new file\.txt \(added\)\n@@ -1,0 \+1,2 @@\n1 \+ one\n2 \+ two/);
  });

  it('only counts changes without text: binary files, mode changes, pure renames', () => {
    const pureRename = 'diff --git a.ts b.ts\nsimilarity index 100%\nrename from a.ts\nrename to b.ts\n';
    const { files, withoutText } = numberDiff(modified + binary + modeOnly + pureRename);
    assert.deepEqual(
      files.map((f) => f.path),
      ['src/a.ts'],
    );
    assert.equal(withoutText, 3);
  });

  it('is empty for an empty diff', () => {
    assert.deepEqual(numberDiff(''), { files: [], withoutText: 0, text: '' });
  });
});
