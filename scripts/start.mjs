// `npm start`: builds the extension, starts a real VS Code (the offline VS Code server, in the browser) with Codewright
// installed as a user would have it, on a sample workspace, and prints the URL to open. With OPENAI_API_KEY set it
// talks to OpenAI; without it, it starts the bundled fake Responses server with its demo model (which reads the
// workspace) and points the extension at it. The workspace is a copy of sample-workspace/ kept in ~/codewright-sample (what you accept stays there across
// runs); `npm start -- --throwaway` works on a temporary copy instead, deleted at exit.
// Options (environment): PORT (default: any free port), HOST (default 127.0.0.1), CODEWRIGHT_VSCODE_HOST (1.139 | 1.100).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const version = process.env.CODEWRIGHT_VSCODE_HOST || '1.139';
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--throwaway');
if (unknown.length > 0) {
  console.error(`npm start: unknown option ${unknown.join(' ')} (the only one is --throwaway: work on a temporary copy)`);
  process.exit(2);
}
const throwaway = args.includes('--throwaway');

const build = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const { startServer } = await import('../test/host/server.mjs');

const kept = path.join(os.homedir(), 'codewright-sample');
const workspace = throwaway ? fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-sample-')) : kept;
const reused = !throwaway && fs.existsSync(kept);
if (!reused) fs.cpSync(path.join(root, 'sample-workspace'), workspace, { recursive: true });

const cleanups = [];
// VS Code's own Chat opens in the secondary side bar by default (1.104 on) and takes the room and the focus from ours.
const userSettings = { 'workbench.secondarySideBar.defaultVisibility': 'hidden' };
let fake;
if (!process.env.OPENAI_API_KEY) {
  fake = spawn(process.execPath, [path.join(root, 'out', 'test', 'fake-openai', 'main.js'), '--demo', '--workspace', workspace], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(() => fake.kill());
  const url = await new Promise((resolve, reject) => {
    readline.createInterface({ input: fake.stdout }).on('line', (line) => {
      const m = /^FAKE_OPENAI_URL=(.+)$/.exec(line);
      if (m) resolve(m[1]);
    });
    fake.on('exit', (code) => reject(new Error(`the offline demo server exited (${code})`)));
  });
  // User settings, not the workspace's: the kept workspace must not point at this run's port next time.
  Object.assign(userSettings, {
    'codewright.provider.kind': 'custom',
    'codewright.provider.baseUrl': url,
    'codewright.provider.name': 'Offline demo model (no OPENAI_API_KEY set)',
    // Set API Key then checks the key with OpenAI and, once one is saved, removes these four settings.
    'codewright.provider.demo': true,
  });
}

const server = await startServer({
  version,
  host: process.env.HOST || '127.0.0.1',
  port: Number(process.env.PORT || 0),
  linkExtension: root,
  userSettings,
});
cleanups.push(() => server.close());

const where = throwaway
  ? `Workspace: ${workspace} (a throwaway copy, deleted when you stop)`
  : `Workspace: ${workspace} (${reused ? 'kept from your last run' : 'a fresh copy of sample-workspace/'}; it stays when you stop)`;
const stop = async () => {
  for (const c of cleanups.reverse()) await c();
  if (throwaway) fs.rmSync(workspace, { recursive: true, force: true });
  console.log(
    throwaway
      ? `\nStopped; the throwaway workspace ${workspace} is deleted.`
      : `\nStopped. Your workspace is kept: ${workspace}\n(delete it to start over from sample-workspace/)`,
  );
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const talking = fake ? 'the OFFLINE DEMO model (set OPENAI_API_KEY for OpenAI)' : 'OpenAI';
console.log(`
Codewright is running in VS Code ${version}, talking to ${talking}.
${where}

Open this URL in a browser:

  ${server.url({ folder: workspace })}

Press Ctrl+C to stop.`);
