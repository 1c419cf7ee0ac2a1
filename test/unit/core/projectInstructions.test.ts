import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AGENTS_FILE, focusFromPrompt, loadProjectInstructions } from '../../../src/core/projectInstructions';

describe('Project instructions: AGENTS.md and the standing instructions', () => {
  let root: string;
  let other: string;

  async function write(base: string, relative: string, text: string): Promise<void> {
    const file = path.join(base, relative);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
  }

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-agents-'));
    other = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-agents-other-'));
    await write(root, AGENTS_FILE, 'Use pnpm. Run pnpm test before you finish.');
    await write(root, 'packages/api/AGENTS.md', 'In the API, run pnpm test --filter api instead.');
    await write(root, 'packages/api/src/routes/users.ts', 'export {};\n');
    await write(root, 'packages/web/AGENTS.md', 'The web app uses Vitest.');
    await write(root, 'packages/web/src/app.ts', 'export {};\n');
    await write(root, 'tools/scripts/run.sh', 'echo\n');
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(other, { recursive: true, force: true });
  });

  it('always applies the AGENTS.md at each workspace root, and only those without a focus', async () => {
    await write(other, AGENTS_FILE, 'The second root uses Go.');
    const result = await loadProjectInstructions({ roots: [root, other] });
    assert.deepEqual(
      result.files.map((f) => [f.path, f.label, f.truncated]),
      [
        [path.join(root, AGENTS_FILE), 'AGENTS.md', false],
        [path.join(other, AGENTS_FILE), 'AGENTS.md', false],
      ],
    );
    assert.match(result.text, /^## Project instructions \(AGENTS\.md\)\n/);
    assert.match(result.text, new RegExp(`## AGENTS\\.md \\(applies to the workspace root ${escape(root)}\\)\\nUse pnpm\\.`));
    assert.match(result.text, /The second root uses Go\./);
    assert.doesNotMatch(result.text, /--filter api|Vitest/);
  });

  it('adds the AGENTS.md of the folders the turn works in, outer first, and says the nearest wins', async () => {
    const result = await loadProjectInstructions({ roots: [root], focus: [path.join(root, 'packages/api/src/routes/users.ts')] });
    assert.deepEqual(
      result.files.map((f) => f.label),
      ['AGENTS.md', 'packages/api/AGENTS.md'],
    );
    const text = result.text;
    assert.ok(text.indexOf('Use pnpm.') < text.indexOf('--filter api'), 'the outer file comes first; the nearer one is later and wins');
    assert.match(text, /the deeper one wins for work in its folder; otherwise every file applies/);
    assert.match(text, /## packages\/api\/AGENTS\.md \(applies to packages\/api\/ in /);
    assert.doesNotMatch(text, /Vitest/, "a sibling package's file does not apply");
  });

  it('applies every folder the turn works in, a folder given as such, and nothing outside the roots', async () => {
    const result = await loadProjectInstructions({
      roots: [root],
      focus: [
        path.join(root, 'packages/web'),
        path.join(root, 'packages/api/src/routes/users.ts'),
        path.join(root, 'tools/scripts/run.sh'),
        path.join(other, 'x.ts'),
      ],
    });
    assert.deepEqual(
      result.files.map((f) => f.label),
      ['AGENTS.md', 'packages/api/AGENTS.md', 'packages/web/AGENTS.md'],
    );
  });

  it('appends the standing instructions after AGENTS.md, and sends them alone when AGENTS.md is not allowed', async () => {
    const both = await loadProjectInstructions({ roots: [root], standing: '  Answer in French.  ' });
    assert.ok(both.text.endsWith('## Standing instructions\nAnswer in French.'));
    assert.ok(both.text.indexOf('Use pnpm.') < both.text.indexOf('Answer in French.'));
    const untrusted = await loadProjectInstructions({
      roots: [root],
      focus: [path.join(root, 'packages/api')],
      standing: 'Answer in French.',
      readAgentsFiles: false,
    });
    assert.deepEqual(untrusted, { text: '## Standing instructions\nAnswer in French.', files: [] });
    assert.deepEqual(await loadProjectInstructions({ roots: [other] }), { text: '', files: [] });
  });

  it('caps all AGENTS.md text at 32 KB together, cutting with a note and naming what was left out', async () => {
    await write(root, AGENTS_FILE, `${'é'.repeat(20_000)}END-OF-ROOT`);
    const result = await loadProjectInstructions({
      roots: [root],
      focus: [path.join(root, 'packages/api'), path.join(root, 'packages/web')],
    });
    assert.deepEqual(
      result.files.map((f) => [f.label, f.truncated]),
      [
        ['AGENTS.md', true],
        ['packages/api/AGENTS.md', true],
        ['packages/web/AGENTS.md', true],
      ],
    );
    assert.doesNotMatch(result.text, /END-OF-ROOT|--filter api|Vitest/);
    assert.ok(!result.text.includes('\uFFFD'), 'no character is split');
    assert.ok(Buffer.byteLength(result.text.slice(0, result.text.indexOf('[AGENTS.md was cut')), 'utf8') < 32 * 1024 + 600);
    assert.match(
      result.text,
      /\[AGENTS\.md was cut here: all AGENTS\.md files together may take 32 KB\. Read the rest with the shell when you need it\.\]/,
    );
    assert.match(result.text, /\[Left out for lack of room \(32 KB in all\): packages\/api\/AGENTS\.md, packages\/web\/AGENTS\.md\./);
  });

  it('reads the files again at every call, so an edit applies to the next turn', async () => {
    assert.match((await loadProjectInstructions({ roots: [root] })).text, /Use pnpm\./);
    await write(root, AGENTS_FILE, 'Use yarn.');
    const next = (await loadProjectInstructions({ roots: [root] })).text;
    assert.match(next, /Use yarn\./);
    assert.doesNotMatch(next, /pnpm/);
  });

  it('finds the folders a prompt names, when they exist inside a root', async () => {
    const focus = await focusFromPrompt(
      [root],
      'fix `packages/api/src/routes/users.ts`, see @packages/web/ and ../outside/x.ts or https://x.dev/a/b and no/such/file.ts',
    );
    assert.deepEqual(focus.sort(), [path.join(root, 'packages/api/src/routes/users.ts'), path.join(root, 'packages/web')].sort());
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
