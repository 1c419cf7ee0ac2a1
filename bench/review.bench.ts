// Review Changes' own cost before the model is asked, each figure next to a reference in the same run:
// (a) reading the changes: workingTreeChanges (diff-index, ls-files and one `git diff --no-index` per untracked file)
//     next to a bare `git diff HEAD`, on a repository with 40 modified and 20 untracked files;
// (b) numbering a 300,000-character diff for the model next to the `diff` package's parsePatch alone;
// (c) parsing a 50-finding answer next to a bare JSON.parse of the same block.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePatch } from 'diff';
import { parseFindings } from '../src/core/codeReview/findings';
import { MAX_DIFF_CHARS, workingTreeChanges } from '../src/core/codeReview/gitDiff';
import { numberDiff } from '../src/core/codeReview/numberedDiff';
import { medianMs, printTable, report } from './report';

const RUNS = Number(process.env.CODEWRIGHT_BENCH_RUNS || 9);

function repository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-bench-review-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=b@example.com', '-c', 'user.name=b', ...args], { cwd: dir });
  git('init', '-q');
  const body = (n: number, changed: boolean) =>
    Array.from({ length: 200 }, (_, i) => `line ${i} of file ${n}${changed && i % 25 === 0 ? ' changed' : ''}`).join('\n');
  for (let n = 0; n < 40; n++) fs.writeFileSync(path.join(dir, `tracked${n}.txt`), body(n, false));
  git('add', '.');
  git('commit', '-qm', 'base');
  for (let n = 0; n < 40; n++) fs.writeFileSync(path.join(dir, `tracked${n}.txt`), body(n, true));
  for (let n = 0; n < 20; n++) fs.writeFileSync(path.join(dir, `untracked${n}.txt`), body(100 + n, false));
  return dir;
}

async function main(): Promise<void> {
  const repo = repository();
  try {
    const ours = await medianMs(() => workingTreeChanges(repo), RUNS);
    const bare = await medianMs(() => execFileSync('git', ['diff', '--no-color', 'HEAD'], { cwd: repo, maxBuffer: 64 << 20 }), RUNS);
    report({
      bench: 'review',
      metric: 'read changes: 40 modified + 20 untracked files',
      unit: 'ms',
      value: ours,
      reference: { label: 'git diff HEAD (tracked only)', value: bare },
      ratio: ours / bare,
    });

    const diff = (await workingTreeChanges(repo)).diff;
    let big = diff;
    while (big.length < MAX_DIFF_CHARS) big += diff;
    const numbered = await medianMs(() => numberDiff(big), RUNS);
    const parsed = await medianMs(() => parsePatch(big), RUNS);
    report({
      bench: 'review',
      metric: `number a ${Math.round(big.length / 1000)}k-character diff`,
      unit: 'ms',
      value: numbered,
      reference: { label: 'parsePatch alone', value: parsed },
      ratio: numbered / parsed,
    });
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }

  const findings = Array.from({ length: 50 }, (_, i) => ({
    path: `src/file${i}.ts`,
    line: i + 1,
    severity: 'warning',
    title: `Finding ${i}`,
    detail: 'x'.repeat(400),
  }));
  const json = JSON.stringify({ findings }, null, 2);
  const answer = `Here is the review.\n\n\`\`\`json\n${json}\n\`\`\`\n`;
  const ours = await medianMs(() => {
    for (let i = 0; i < 100; i++) parseFindings(answer);
  }, RUNS);
  const bare = await medianMs(() => {
    for (let i = 0; i < 100; i++) JSON.parse(json);
  }, RUNS);
  report({
    bench: 'review',
    metric: 'parse and check a 50-finding answer (per answer)',
    unit: 'ms',
    value: ours / 100,
    reference: { label: 'JSON.parse alone', value: bare / 100 },
    ratio: ours / bare,
  });
  printTable();
}

void main();
