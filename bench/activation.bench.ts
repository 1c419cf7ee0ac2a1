// Activation cost of the extension inside a real VS Code extension host, next to an empty extension activated the
// same way on the same host in the same run: each sample is a fresh server and window. Budget: at most 15 ms more.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable, report } from './report';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.CODEWRIGHT_BENCH_RUNS || 5);
const VERSION = process.env.CODEWRIGHT_VSCODE_HOST || '1.139';

function emptyExtension(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-empty-ext-'));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'empty',
      publisher: 'codewright',
      version: '0.0.1',
      engines: { vscode: '^1.100.0' },
      main: './extension.js',
      activationEvents: [],
    }),
  );
  fs.writeFileSync(path.join(dir, 'extension.js'), 'exports.activate = function () {};\n');
  return dir;
}

function activationMs(extensionPath: string, id: string, workspace: string): number {
  const out = path.join(os.tmpdir(), `codewright-activation-${process.pid}-${Date.now()}.txt`);
  const r = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'test', 'host', 'run-vscode-tests.mjs'),
      `--extensionDevelopmentPath=${extensionPath}`,
      `--extensionTestsPath=${path.join(ROOT, 'out', 'bench', 'activationProbe')}`,
      workspace,
    ],
    {
      env: { ...process.env, CODEWRIGHT_VSCODE_HOST: VERSION, CODEWRIGHT_BENCH_EXTENSION: id, CODEWRIGHT_BENCH_OUT: out },
      encoding: 'utf8',
    },
  );
  if (r.status !== 0 || !fs.existsSync(out))
    throw new Error(`activation probe for ${id} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  const ms = Number(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const empty = emptyExtension();
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-bench-ws-'));
const ours: number[] = [];
const reference: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so a machine that is busier at one moment slows both sides alike.
    ours.push(activationMs(ROOT, 'codewright.codewright', workspace));
    reference.push(activationMs(empty, 'codewright.empty', workspace));
  }
} finally {
  fs.rmSync(empty, { recursive: true, force: true });
  fs.rmSync(workspace, { recursive: true, force: true });
}
const added = median(ours) - median(reference);
report({
  bench: 'activation',
  metric: `activate() in VS Code ${VERSION} (median of ${RUNS} fresh starts)`,
  unit: 'ms',
  value: median(ours),
  reference: { label: 'empty extension', value: median(reference) },
  ratio: median(ours) / Math.max(median(reference), 0.001),
  budget: '≤ +15 ms',
  ok: added <= 15,
});
report({ bench: 'activation', metric: 'added over the empty extension', unit: 'ms', value: added, budget: '≤ 15 ms', ok: added <= 15 });
printTable();
