import assert from 'node:assert/strict';
import { buildInstructions } from '../../../src/core/instructions';

describe('buildInstructions', () => {
  it('names the roots, the OS and the shell, and how to use both tools', () => {
    const text = buildInstructions({ workspaceRoots: ['/home/u/app', '/home/u/lib'], platform: 'linux', context: { shell: '/bin/zsh' } });
    assert.match(text, /Workspace root: \/home\/u\/app\. Commands run with this directory as their working directory/);
    assert.match(text, /Also open: \/home\/u\/lib/);
    assert.match(text, /Operating system: Linux\. Shell: \/bin\/zsh\./);
    assert.match(text, /V4A/);
    assert.match(text, /relative to the workspace root/);
    assert.match(text, /non-interactive/);
    assert.match(text, /Never run destructive git commands/);
    assert.doesNotMatch(text, /Editor state/, 'no editor section without editor context');
  });

  it("describes the editor state and the user's own instructions when there are some", () => {
    const text = buildInstructions({
      workspaceRoots: ['C:\\work'],
      platform: 'win32',
      context: {
        activeFile: 'src/a.ts',
        openFiles: ['src/a.ts', 'src/b.ts'],
        selection: { path: 'src/a.ts', startLine: 3, endLine: 4, text: 'let x = 1;\nlet y = 2;' },
      },
      extra: 'Always answer in French.',
    });
    assert.match(text, /Operating system: Windows\. Shell: cmd\.exe\./);
    assert.match(text, /Active file: src\/a\.ts/);
    assert.match(text, /Open files: src\/a\.ts, src\/b\.ts/);
    assert.match(text, /Selected in src\/a\.ts, lines 3-4:\n```\nlet x = 1;\nlet y = 2;\n```/);
    assert.ok(text.trimEnd().endsWith('Always answer in French.'));
  });

  it('says when no folder is open', () => {
    assert.match(buildInstructions({ workspaceRoots: [], platform: 'darwin', context: {} }), /No folder is open/);
  });
});
