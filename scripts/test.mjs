// `npm test`: builds, typechecks, lints, then runs every layer: unit (Node), webview (Chromium), integration (a real VS
// Code extension host, on each supported VS Code) and e2e (the real workbench in Chromium). Installs the Debian packages
// (when root; otherwise it says which apt-get line to run) and the offline VS Code hosts on first use. Exits non-zero
// when any step fails and ends with one `N passed, N failed, N skipped` line for the whole run. A layer that ran no test,
// a focused test (`.only`) and a skipped one each fail the run: none of them is a pass.
// `npm test -- lint|unit|webview|integration|e2e` runs only those steps. CODEWRIGHT_VSCODE_HOSTS=1.139 picks hosts.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const LAYERS = ['lint', 'unit', 'webview', 'integration', 'e2e'];
const wanted = process.argv.slice(2).filter((a) => LAYERS.includes(a));
const layers = wanted.length ? wanted : LAYERS;
const mochaBin = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const results = [];

function step(label, command, args, env) {
  const t0 = Date.now();
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`[test] ${label}: ${r.status === 0 ? 'ok' : `failed (exit ${r.status})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

/** Runs a command, echoing its output, and returns the exit code and everything it printed. */
function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (stream) => (d) => {
      out += d;
      stream.write(d);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Counts from mocha's spec reporter ("N passing", "N failing", "N pending") or from our own "N passed, N failed, N skipped" line. */
function counts(out) {
  const own = [...out.matchAll(/^(\d+) passed, (\d+) failed, (\d+) skipped$/gm)].pop();
  if (own) return { passed: Number(own[1]), failed: Number(own[2]), skipped: Number(own[3]) };
  const count = (word) => Number(new RegExp(`^\\s*(\\d+) ${word}`, 'm').exec(out)?.[1] ?? 0);
  return { passed: count('passing'), failed: count('failing'), skipped: count('pending') };
}

/** A layer that ran nothing, or skipped a test, did not pass: say so and count it as a failure. */
function judge(name, c, crashed) {
  const result = { name, ...c };
  if (crashed && c.failed === 0) {
    result.failed = 1;
    result.note = 'exited with an error before reporting a failure';
  } else if (c.passed + c.failed + c.skipped === 0) {
    result.failed = 1;
    result.note = 'no tests ran';
  } else if (c.skipped > 0 && c.failed === 0) {
    result.failed = 1;
    result.note = 'skipped tests are not passes';
  }
  results.push(result);
}

function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => String(f).endsWith('.test.js'))
    .map((f) => path.join(dir, String(f)))
    .sort();
}

async function mochaLayer(name, dir, env = {}) {
  const files = testFiles(dir);
  if (files.length === 0) {
    results.push({ name, passed: 0, failed: 1, skipped: 0, note: 'no test files found' });
    return;
  }
  const args = [mochaBin, '--ui', 'bdd', '--timeout', '20000', '--reporter', 'spec', '--forbid-only', '--forbid-pending', ...files];
  const { code, out } = await run(process.execPath, args, env);
  judge(name, counts(out), code !== 0);
}

function freshWorkspace(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `codewright-ws-${label}-`));
  fs.cpSync(path.join(root, 'test', 'fixtures', 'workspace'), dir, { recursive: true });
  return dir;
}

/** `suite` is a folder of out/test holding an index.js; `restricted` keeps workspace trust on (Restricted Mode). */
async function integrationLayer(version, suite = 'integration', restricted = false) {
  const name = `${restricted ? 'restricted mode' : 'integration'} (VS Code ${version})`;
  // The real @vscode/test-electron entry point, with our offline host standing in for the downloaded VS Code.
  const { runTests } = await import('@vscode/test-electron');
  const workspace = freshWorkspace(version);
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    out += chunk;
    return write(chunk, ...rest);
  };
  let failed = false;
  try {
    await runTests({
      vscodeExecutablePath: path.join(root, 'test', 'host', 'run-vscode-tests.mjs'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', suite, 'index'),
      launchArgs: [workspace],
      extensionTestsEnv: {
        CODEWRIGHT_VSCODE_HOST: version,
        CODEWRIGHT_TEST_WORKSPACE: workspace,
        CODEWRIGHT_WORKSPACE_TRUST: restricted ? 'on' : 'off',
      },
    });
  } catch (error) {
    console.error(String(error));
    failed = true;
  } finally {
    process.stdout.write = write;
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  judge(name, counts(out), failed);
}

/** Every Debian package the layers need, before the first of them; without root, the apt-get line to run. */
async function systemPackages() {
  const { ensureSystemPackages } = await import('../test/host/systemPackages.mjs');
  try {
    ensureSystemPackages();
    return true;
  } catch (error) {
    console.error(`[test] ${error.message}`);
    results.push({ name: 'system packages', passed: 0, failed: 1, skipped: 0, note: 'see above' });
    return false;
  }
}

/** ESLint (the layers, the bug-catching rules) and Prettier's check of the style: each is one check of the run. */
function lint() {
  const bin = (pkg, file) => path.join(root, 'node_modules', pkg, 'bin', file);
  for (const [name, args] of [
    ['lint (eslint)', [bin('eslint', 'eslint.js'), '.']],
    ['format (prettier --check)', [bin('prettier', 'prettier.cjs'), '--check', '.']],
  ]) {
    const ok = step(name, process.execPath, args);
    results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
  }
}

const started = Date.now();
// Tests run from out/, file by file: start clean so a deleted test cannot linger there and still run.
fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
if (!step('build', process.execPath, ['esbuild.mjs', '--tests'])) process.exit(1);
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
// Node code, the webview (DOM typings) and the webview's Chromium tests each have their own project.
const typesOk = ['.', 'src/webview', 'test/webview']
  .map((p) => step(`typecheck ${p}`, process.execPath, [tsc, '-p', p, '--noEmit']))
  .every(Boolean);
if (!typesOk) results.push({ name: 'typecheck', passed: 0, failed: 1, skipped: 0 });
if (layers.includes('lint')) lint();

const testLayers = layers.filter((l) => l !== 'lint');
const ready = testLayers.length === 0 || (await systemPackages());
if (ready && layers.includes('unit')) await mochaLayer('unit', 'out/test/unit');
if (ready && layers.includes('webview')) await mochaLayer('webview (Chromium)', 'out/test/webview');
if (ready && (layers.includes('integration') || layers.includes('e2e'))) {
  const { hostVersions } = await import('../test/host/server.mjs');
  const { installHost } = await import('../test/host/install.mjs');
  const versions = hostVersions();
  for (const v of versions) await installHost(v);
  if (layers.includes('integration')) {
    for (const v of versions) {
      await integrationLayer(v);
      await integrationLayer(v, 'restricted', true);
    }
  }
  if (layers.includes('e2e')) await mochaLayer('e2e (workbench)', 'out/test/e2e', { CODEWRIGHT_VSCODE_HOSTS: versions.join(',') });
}

console.log('\n[test] summary');
for (const r of results) {
  console.log(`[test]   ${r.name.padEnd(28)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${r.note ? ` (${r.note})` : ''}`);
}
const sum = (key) => results.reduce((n, r) => n + r[key], 0);
const [passed, failed, skipped] = [sum('passed'), sum('failed'), sum('skipped')];
console.log(`[test] took ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
