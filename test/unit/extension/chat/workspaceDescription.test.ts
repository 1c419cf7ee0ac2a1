import assert from 'node:assert/strict';
import { describeWorkspace } from '../../../../src/extension/chat/workspaceDescription';
import { WorkspaceSummarySchema } from '../../../../src/shared/protocol';

describe('what the empty chat knows of the workspace', () => {
  it('names the main languages by file count, the README, the manifest and an entry point, and sees the tests', () => {
    const summary = describeWorkspace('sample', [
      'README.md',
      'package.json',
      'tsconfig.json',
      'src/index.ts',
      'src/parser.ts',
      'src/lexer.ts',
      'scripts/build.js',
      'test/parser.test.ts',
    ]);
    assert.deepEqual(summary, {
      name: 'sample',
      languages: ['TypeScript', 'JavaScript'],
      files: ['README.md', 'package.json', 'src/index.ts'],
      hasTests: true,
    });
    assert.ok(WorkspaceSummarySchema.safeParse(summary).success, 'the host sends what the view accepts');
  });

  it('picks the shallowest source file when no file looks like an entry point, and never a test', () => {
    const summary = describeWorkspace('py', ['tests/test_calc.py', 'calc/core.py', 'calc/ops/add.py', 'test_main.py']);
    assert.deepEqual(summary.files, ['calc/core.py']);
    assert.deepEqual(summary.languages, ['Python']);
    assert.equal(summary.hasTests, true);
  });

  it('describes an empty or documentation-only workspace without inventing files', () => {
    assert.deepEqual(describeWorkspace('notes', ['notes.md', 'todo.txt']), { name: 'notes', languages: [], files: [], hasTests: false });
  });

  it('keeps within the limits the view checks, however many languages there are', () => {
    const paths = ['a.ts', 'b.py', 'c.go', 'd.rs', 'e.rb', 'f.java', 'g.php'];
    const summary = describeWorkspace('many', paths);
    assert.equal(summary.languages.length, 5);
    assert.ok(WorkspaceSummarySchema.safeParse(summary).success);
  });
});
