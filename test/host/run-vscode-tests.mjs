#!/usr/bin/env node
// A VS Code "executable" for @vscode/test-electron's runTests (vscodeExecutablePath): takes VS Code's flags
// (--extensionDevelopmentPath=, --extensionTestsPath=, a folder), runs the tests in the real Node extension host of
// the offline VS Code server, and exits like VS Code would: 0 pass, 1 fail, 124 hang, N when the extension host died.
// The VS Code version comes from CODEWRIGHT_VSCODE_HOST (default 1.100); CODEWRIGHT_WORKSPACE_TRUST=on keeps workspace
// trust on, so the folder opens in Restricted Mode.
import { launchBrowser, startServer } from './server.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const extensionDevelopmentPath = flag('extensionDevelopmentPath');
const extensionTestsPath = flag('extensionTestsPath');
// Positional arguments are folders; VS Code's own flags that mean nothing here (--no-sandbox, --user-data-dir=…) are ignored.
const folder = argv.filter((a) => !a.startsWith('--')).pop();
if (!extensionDevelopmentPath || !extensionTestsPath) {
  console.error('usage: run-vscode-tests.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=MODULE [FOLDER]');
  process.exit(2);
}
const version = process.env.CODEWRIGHT_VSCODE_HOST || '1.100';
const verbose = Boolean(process.env.CODEWRIGHT_TEST_VERBOSE);
const timeoutMs = Number(process.env.CODEWRIGHT_TEST_TIMEOUT_MS || 600_000);

// The workbench's own chatter that reaches the extension host console; everything else (mocha's output) is shown.
const noise = new RegExp(
  '^(' +
    [
      String.raw`\[(AgentHost[^\]]*|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker|Extension Host)\]`,
      'Resolv(ing|ed) connection token',
      'Creating a socket',
      'Ignoring fetching additional builtin',
      'Updating additional builtin',
      'ChatSessionStore',
    ].join('|') +
    ')',
);

const started = Date.now();
let server;
let browser;
let code = 1;
const stop = async () => {
  await browser?.close().catch(() => {});
  await server?.close();
};
process.on('SIGINT', () => void stop().then(() => process.exit(130)));
process.on('SIGTERM', () => void stop().then(() => process.exit(143)));
try {
  server = await startServer({ version, verbose, workspaceTrust: process.env.CODEWRIGHT_WORKSPACE_TRUST === 'on' });
  browser = await launchBrowser();
  const page = await browser.newPage();
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    if (verbose || !(typeof args[0] === 'string' && noise.test(args[0]))) console.log(...args);
  });
  await page.exposeFunction('codeAutomationExit', (exitCode) => finish(exitCode));
  if (verbose) page.on('console', (m) => console.error(`[browser ${m.type()}] ${m.text()}`));
  const timer = setTimeout(() => {
    console.error(`extension tests timed out after ${timeoutMs} ms`);
    finish(124);
  }, timeoutMs);
  await page.goto(server.url({ folder, extensionDevelopmentPath, extensionTestsPath }));
  code = await finished;
  clearTimeout(timer);
  await new Promise((r) => setTimeout(r, 500)); // the server logs the extension host's exit a moment later
  const died = server.hostExitCodes.find((c) => c !== 0);
  if (code === 0 && died) {
    console.error(`the extension host exited with code ${died}`);
    code = died;
  }
} catch (error) {
  console.error(error);
  code = 1;
} finally {
  await stop();
}
console.error(`VS Code ${version}: extension host tests finished with exit code ${code} in ${Date.now() - started} ms`);
process.exit(code);
