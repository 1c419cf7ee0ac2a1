// `npm run bench`: a production build, then every benchmark in bench/*.bench.ts, each printing JSON lines and a table
// of figures measured against a reference in the same run. Benchmarks, not tests: they report, they do not fail on timings.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const only = process.argv.slice(2);

const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
fs.mkdirSync(path.join('bench', 'results'), { recursive: true });
if (run(['scripts/package.mjs', '--out', path.join('bench', 'results', 'codewright.vsix')]) !== 0) process.exit(1);
if (run(['esbuild.mjs', '--only-tests']) !== 0) process.exit(1);

// What activation loads (extension.js) has a budget; the rest loads on first use.
const sizes = [
  ['dist/extension.js', 120],
  ['dist/features.js'],
  ['dist/agent.js'],
  ['dist/cli.js'],
  ['media/webview.js'],
  ['bench/results/codewright.vsix'],
];
for (const [file, budgetKb] of sizes) {
  if (!fs.existsSync(file)) continue;
  const value = Math.round(fs.statSync(file).size / 1024);
  const budget = budgetKb ? { budget: `≤ ${budgetKb} KB`, ok: value <= budgetKb } : {};
  console.log(JSON.stringify({ bench: 'size', metric: file, unit: 'KB', value, ...budget }));
}

let failed = 0;
const benches = fs
  .readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)));
for (const name of benches) {
  console.log(`\n=== ${name}`);
  if (run([path.join('out', 'bench', `${name}.js`)]) !== 0) failed++;
}
process.exit(failed ? 1 : 0);
