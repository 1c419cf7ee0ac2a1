// A sandboxed `true` (bubblewrap on Linux, sandbox-exec on macOS) next to a bare spawn of the same shell, through the
// same runner, interleaved. Budget: at most 25 ms more per command. Where no sandbox is available it says so.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProcess } from '../src/core/shell/processRunner';
import { detectSandbox, type SandboxPolicy } from '../src/core/shell/sandbox/sandbox';
import { printTable, report } from './report';

const RUNS = Number(process.env.CODEWRIGHT_BENCH_RUNS || 15);
const BUDGET_MS = 25;

async function main(): Promise<void> {
  const kind = await detectSandbox();
  if (!kind) {
    console.log('sandbox: no sandbox is available on this machine; nothing to measure');
    return;
  }
  const cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-bench-sandbox-'));
  const sandbox: SandboxPolicy = { kind, writable: [cwd], network: false };
  const once = async (sandboxed: boolean) => {
    const t0 = performance.now();
    const result = await runProcess('true', {
      callId: 'b',
      cwd,
      timeoutMs: 10_000,
      signal: new AbortController().signal,
      ...(sandboxed ? { sandbox } : {}),
    });
    if (result.outcome.type !== 'exit' || result.outcome.exitCode !== 0) throw new Error(`true failed: ${result.stderr}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i++) {
    await once(false);
    await once(true);
  }
  const bare: number[] = [];
  const boxed: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(await once(false));
    boxed.push(await once(true));
  }
  await fs.rm(cwd, { recursive: true, force: true });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const value = median(boxed);
  const reference = median(bare);
  report({
    bench: 'sandbox',
    metric: `run \`true\` under ${kind}`,
    unit: 'ms',
    value,
    reference: { label: 'bare spawn', value: reference },
    ratio: value / reference,
    budget: `<= +${BUDGET_MS} ms`,
    ok: value - reference <= BUDGET_MS,
  });
  printTable();
}

void main();
