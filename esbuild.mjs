// Builds the extension's bundles: node --watch / --production / --tests (also transpile tests into out/).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const production = args.has('--production');
const withTests = args.has('--tests') || args.has('--only-tests');
const onlyTests = args.has('--only-tests');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

// ESM entry points first: a UMD build (jsonc-parser's) hides its modules behind a runtime require esbuild cannot follow.
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], mainFields: ['module', 'main'] };

const bundles = [
  // Activation loads only the entry points (extension.js). The features (features.js) are required when one is first
  // used, and the agent core with the openai SDK (agent.js) when the first request needs it.
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' },
  { ...node, entryPoints: ['src/extension/activation/features.ts'], outfile: 'dist/features.js' },
  { ...node, entryPoints: ['src/core/index.ts'], outfile: 'dist/agent.js' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'media',
    loader: { '.ttf': 'file' },
  },
];

function listTs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.includes('node_modules') && !f.startsWith(path.join('test', 'host')));
}

// Tests run against the sources file by file (no bundling), so a failure points at the real module.
const tests = {
  entryPoints: [...listTs('src').filter((f) => !f.startsWith(path.join('src', 'webview'))), ...listTs('test'), ...listTs('bench')],
  outdir: 'out',
  outbase: '.',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
};

// Codicons ship as a font + stylesheet; the webview loads them from media/ like its own resources.
function copyCodicons() {
  fs.mkdirSync('media/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf'])
    fs.copyFileSync(path.join('node_modules/@vscode/codicons/dist', f), path.join('media/codicons', f));
}

const configs = [...(onlyTests ? [] : bundles), ...(withTests ? [tests] : [])];
// out/ is not wiped here (several test runs may share it); the test runner starts from a clean one.
if (!onlyTests) {
  // A production build starts clean so nothing stale reaches the .vsix; dev builds overwrite in place, which keeps a
  // concurrently running test host from seeing an empty dist/.
  if (production) {
    fs.rmSync('dist', { recursive: true, force: true });
    fs.rmSync('media/webview.js.map', { force: true });
  }
  copyCodicons();
}

if (watch) {
  for (const c of configs) await (await esbuild.context(c)).watch();
  console.log('[esbuild] watching for changes');
} else {
  const started = Date.now();
  await Promise.all(configs.map((c) => esbuild.build(c)));
  console.log(`[esbuild] built ${configs.length} target(s)${production ? ' (production)' : ''} in ${Date.now() - started} ms`);
}
