// `npm start`: builds the extension, starts a real VS Code (the offline VS Code server, in the browser) with Codewright
// loaded on a copy of sample-workspace/, and prints the URL to open. With OPENAI_API_KEY set it talks to OpenAI;
// without it, it starts the bundled fake Responses server with its demo model and points the extension at it.
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

const build = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const { startServer } = await import('../test/host/server.mjs');

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-sample-'));
fs.cpSync(path.join(root, 'sample-workspace'), workspace, { recursive: true });

const cleanups = [];
let fake;
if (!process.env.OPENAI_API_KEY) {
  fake = spawn(process.execPath, [path.join(root, 'out', 'test', 'fake-openai', 'main.js'), '--demo'], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => fake.kill());
  const url = await new Promise((resolve, reject) => {
    readline.createInterface({ input: fake.stdout }).on('line', (line) => {
      const m = /^FAKE_OPENAI_URL=(.+)$/.exec(line);
      if (m) resolve(m[1]);
    });
    fake.on('exit', (code) => reject(new Error(`the offline demo server exited (${code})`)));
  });
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({
    'codewright.provider.kind': 'custom',
    'codewright.provider.baseUrl': url,
    'codewright.provider.name': 'Offline demo model (no OPENAI_API_KEY set)',
  }, null, 2));
}

const server = await startServer({
  version,
  host: process.env.HOST || '127.0.0.1',
  port: Number(process.env.PORT || 0),
});
cleanups.push(() => server.close());
const stop = async () => {
  for (const c of cleanups.reverse()) await c();
  fs.rmSync(workspace, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

console.log(`
Codewright is running in VS Code ${version}${fake ? ', talking to the OFFLINE DEMO model (set OPENAI_API_KEY for OpenAI)' : ', talking to OpenAI'}.
Workspace: ${workspace}

Open this URL in a browser:

  ${server.url({ folder: workspace, extensionDevelopmentPath: root })}

Press Ctrl+C to stop.`);
