// Starts the VS Code server (from the code-server npm package) offline, and opens its workbench in headless
// Debian Chromium. Shared by the integration runner, the e2e tests, `npm start` and the activation benchmark.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hosts, installHost, serverMain } from './install.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Chromium reaches for Google's services at start; this machine's network refuses them, so turn them off.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function hostVersions() {
  const wanted = (process.env.CODEWRIGHT_VSCODE_HOSTS || Object.keys(hosts).join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const v of wanted) if (!hosts[v]) throw new Error(`CODEWRIGHT_VSCODE_HOSTS names unknown host ${v}`);
  return wanted;
}

/**
 * @param {{ version: string, dataDir?: string, env?: Record<string,string>, verbose?: boolean, port?: number,
 *           host?: string, installExtensions?: string[], workspaceTrust?: boolean, linkExtension?: string,
 *           userSettings?: Record<string, unknown> }} options
 * `workspaceTrust: true` keeps VS Code's workspace trust on, so a folder nobody trusted opens in Restricted Mode.
 * `linkExtension` (a folder) is linked into the extensions folder and loads like an installed extension, and the
 * server runs without the smoke-test driver, which makes the workbench drop every notification: the product as a user
 * sees it (`npm start`). Without it the tests pass their extension and test module in the URL, which needs the driver.
 * `userSettings` are written as the user's settings.json before the server starts.
 */
export async function startServer(options) {
  const { version, verbose = false } = options;
  await installHost(version);
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `codewright-vscode-${version}-`));
  const ownsDataDir = options.dataDir === undefined;
  const dirs = [
    '--server-data-dir',
    path.join(dataDir, 'server'),
    '--user-data-dir',
    path.join(dataDir, 'user'),
    '--extensions-dir',
    path.join(dataDir, 'extensions'),
  ];
  const node = hosts[version].node();
  const env = { ...process.env, EXTENSIONS_GALLERY: '{}', ...options.env };
  // Inside `npm test` npm passes its own config down; the server's Node must not inherit a Node 20 user agent.
  delete env.npm_config_user_agent;

  const linked = options.linkExtension && path.join(dataDir, 'extensions', 'codewright.codewright-dev');
  if (linked) {
    fs.mkdirSync(path.dirname(linked), { recursive: true });
    fs.rmSync(linked, { force: true });
    fs.symlinkSync(path.resolve(options.linkExtension), linked, 'dir');
  }
  if (options.userSettings) {
    fs.mkdirSync(path.join(dataDir, 'user', 'User'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'user', 'User', 'settings.json'), JSON.stringify(options.userSettings, null, 2));
  }

  for (const vsix of options.installExtensions ?? []) {
    const r = spawnSync(node, [serverMain(version), ...dirs, '--accept-server-license-terms', '--install-extension', vsix], {
      env,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`installing ${vsix} into VS Code ${version} failed:\n${r.stdout}${r.stderr}`);
    if (verbose) process.stderr.write(r.stdout);
  }

  const child = spawn(
    node,
    [
      serverMain(version),
      '--host',
      options.host ?? '127.0.0.1',
      '--port',
      String(options.port ?? 0),
      '--without-connection-token',
      '--accept-server-license-terms',
      // VS Code 1.139 honours ?payload= (the tests' extension and test paths) only with the smoke-test driver.
      ...(linked ? [] : ['--enable-smoke-test-driver']),
      '--disable-telemetry',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      ...dirs,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env },
  );

  const hostExitCodes = [];
  let log = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`VS Code ${version} server did not start in 60 s:\n${log}`)), 60_000);
    const onData = (chunk) => {
      const text = String(chunk);
      log += text;
      if (log.length > 200_000) log = log.slice(-100_000);
      if (verbose) process.stderr.write(`[vscode ${version}] ${text}`);
      // The workbench reports success even when the extension host dies: the server log is the witness.
      for (const m of text.matchAll(/Extension Host Process exited with code: (\d+)/g)) hostExitCodes.push(Number(m[1]));
      const m = /Extension host agent listening on (\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`VS Code ${version} server exited (${code}) before listening:\n${log}`));
    });
  });

  const origin = `http://127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  let closed = false;
  return {
    version,
    port,
    origin,
    dataDir,
    hostExitCodes,
    log: () => log,
    /** Workbench URL for a folder, optionally loading an extension under development and a test module. */
    url({ folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
      const payload = [];
      if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      const q = [folder ? `folder=${encodeURIComponent(path.resolve(folder))}` : 'ew=true'];
      if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return `${origin}/?${q.join('&')}`;
    },
    async close() {
      if (closed) return;
      closed = true;
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      // The link goes first, on its own: nothing may ever reach through it into the linked extension's folder.
      if (linked) fs.rmSync(linked, { force: true });
      if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium through playwright-core (resolved from the project, not the host folder). */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
