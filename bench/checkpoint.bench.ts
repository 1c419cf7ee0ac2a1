// Checkpoints on a generated 10,000-file workspace: the first checkpoint, a checkpoint after a one-file change, and a
// restore, each next to copying the tree (`cp -r`) and `git stash create` (in a throwaway repository copy), in one run.
// Budget: a checkpoint after a one-file change under 50 ms and under 2% of a full copy. That checkpoint re-reads only
// the folders its watches saw change; the same figure with a walk of every file is shown beside it for the gain.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Checkpoints } from '../src/core/checkpoints/checkpoints';
import { medianMs, printTable, report } from './report';

const FILES = 10_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-bench-checkpoints-'));
const ws = path.join(work, 'ws');
const repo = path.join(work, 'repo');

function generate(): void {
  for (let i = 0; i < FILES; i++) {
    const dir = path.join(ws, `pkg${i % 40}`, `mod${i % 9}`);
    fs.mkdirSync(dir, { recursive: true });
    const body = `export const value${i} = ${i};\n`.repeat(20 + (i % 80));
    fs.writeFileSync(path.join(dir, `file${i}.ts`), body);
  }
}

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' },
  });
}

function cpR(): number {
  const target = path.join(work, `copy-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  execFileSync('cp', ['-r', ws, target]);
  const ms = performance.now() - t0;
  fs.rmSync(target, { recursive: true, force: true });
  return ms;
}

let edits = 0;
function touchOne(root: string): void {
  edits++;
  fs.appendFileSync(path.join(root, 'pkg3', 'mod3', 'edited.ts'), `// edit ${edits}\n`);
}

async function main(): Promise<void> {
  generate();
  fs.writeFileSync(path.join(ws, 'pkg3', 'mod3', 'edited.ts'), 'export {};\n');
  const copies: number[] = [];
  for (let i = 0; i < 3; i++) copies.push(cpR());
  const copyMs = copies.sort((a, b) => a - b)[1]!;

  execFileSync('cp', ['-r', ws, repo]);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'base');

  const checkpoints = new Checkpoints({ dir: path.join(work, 'store'), roots: [ws] });
  const turn = await checkpoints.beginTurn('bench', false);
  const t0 = performance.now();
  await checkpoints.checkpoint('bench', turn);
  const firstMs = performance.now() - t0;

  const stashMs = await medianMs(
    () => {
      touchOne(repo);
      git('stash', 'create');
    },
    5,
    1,
  );
  const oneFileMs = await medianMs(async () => {
    touchOne(ws);
    await checkpoints.checkpoint('bench', turn);
  });
  const walking = new Checkpoints({ dir: path.join(work, 'store-walk'), roots: [ws], trackChanges: false });
  await walking.checkpoint('bench', 1);
  const oneFileWalkMs = await medianMs(async () => {
    touchOne(ws);
    await walking.checkpoint('bench', 1);
  });
  await checkpoints.endTurn('bench', turn);
  const restoreMs = await medianMs(
    async () => {
      touchOne(ws);
      await checkpoints.restoreTurn('bench', turn, { overwrite: true });
    },
    5,
    1,
  );

  const versus = (metric: string, value: number, budget?: { text: string; ok: boolean }) => {
    report({
      bench: 'checkpoint',
      metric: `${metric} vs cp -r`,
      unit: 'ms',
      value,
      reference: { label: 'cp -r', value: copyMs },
      ratio: value / copyMs,
      ...(budget ? { budget: budget.text, ok: budget.ok } : {}),
    });
    report({
      bench: 'checkpoint',
      metric: `${metric} vs git stash create`,
      unit: 'ms',
      value,
      reference: { label: 'git stash create', value: stashMs },
      ratio: value / stashMs,
    });
  };
  versus(`first checkpoint (${FILES} files)`, firstMs);
  versus('checkpoint after a one-file change', oneFileMs, {
    text: '< 50 ms and < 2% of cp -r',
    ok: oneFileMs < 50 && oneFileMs / copyMs < 0.02,
  });
  versus('checkpoint after a one-file change (full walk)', oneFileWalkMs);
  versus('restore before a turn', restoreMs);
  checkpoints.dispose();
  printTable();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(work, { recursive: true, force: true }));
