// Loaded inside the VS Code extension host as the "tests" module: activates one extension and writes how long
// activation took (module load + activate() resolving) to the file named by CODEWRIGHT_BENCH_OUT.
import fs from 'node:fs';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const id = process.env.CODEWRIGHT_BENCH_EXTENSION;
  const out = process.env.CODEWRIGHT_BENCH_OUT;
  if (!id || !out) throw new Error('CODEWRIGHT_BENCH_EXTENSION and CODEWRIGHT_BENCH_OUT must be set');
  const ext = vscode.extensions.getExtension(id);
  if (!ext) throw new Error(`${id} is not loaded`);
  if (ext.isActive) throw new Error(`${id} was already active: the measurement would be empty`);
  // Let the window's own start-up (built-in extensions, the workbench's first requests) finish first: measured in
  // the middle of it, activation mostly measures the queue it waits in.
  await new Promise((r) => setTimeout(r, 3000));
  const t0 = performance.now();
  await ext.activate();
  fs.writeFileSync(out, String(performance.now() - t0));
}
