// `npm run package`: a production build, then a .vsix from @vscode/vsce holding only what runs (.vscodeignore).
// Prints the size and fails when it exceeds the 1.5 MB budget. `--out FILE` chooses where it goes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUDGET_BYTES = 1.5 * 1024 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join(root, `${manifest.name}-${manifest.version}.vsix`));

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['esbuild.mjs', '--production']);
// The bundles carry their dependencies, so node_modules stays out. The repository is private (no repository field), so
// README links stay relative: VS Code resolves them inside the installed extension, where docs/images/ is packaged.
run(process.execPath, [
  path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  '--out',
  out,
]);
const size = fs.statSync(out).size;
console.log(`${path.relative(process.cwd(), out)}: ${(size / 1024).toFixed(0)} KB (budget ${(BUDGET_BYTES / 1024).toFixed(0)} KB)`);
if (size > BUDGET_BYTES) {
  console.error('the .vsix is over its 1.5 MB budget');
  process.exit(1);
}
