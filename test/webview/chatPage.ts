// The chat webview in real Chromium, outside VS Code: the real HTML shell and its Content Security Policy, the built
// bundle (media/webview.js) and stylesheets, served from a local HTTP server, with a fake bridge injected before the
// bundle that records what the view posts. Host messages arrive through window.postMessage, as in VS Code.
// Shared by the webview tests and the chat benchmark; the browser-side code here avoids DOM typings on purpose.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chatHtml } from '../../src/extension/chat/webviewHtml';
import type { HostMessage, WebviewMessage } from '../../src/shared/protocol';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const THEMES = ['vscode-dark', 'vscode-light', 'vscode-high-contrast'] as const;
export type Theme = (typeof THEMES)[number];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** What the injected script keeps on the page. Callbacks given to `page.evaluate` run in the page, so each casts `globalThis` itself. */
interface Recorder {
  __cw: { posted: unknown[]; violations: Violation[]; state: unknown; longTasks: number[]; delivered: Map<number, () => void> };
  __pwned?: unknown;
  postMessage(message: unknown, target: string): void;
  requestAnimationFrame(callback: () => void): number;
}

/**
 * Theme variables as VS Code provides them (a subset of the real names), one set per body class. The test page swaps
 * the class the way VS Code does when the user changes theme.
 */
const THEME_CSS = `
body.vscode-dark { --vscode-foreground: #cccccc; --vscode-sideBar-background: #181818; --vscode-descriptionForeground: #9d9d9d;
  --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-font-weight: normal; --vscode-editor-font-family: monospace;
  --vscode-editor-font-size: 12px; --vscode-editor-foreground: #d4d4d4; --vscode-editor-background: #1e1e1e;
  --vscode-button-foreground: #ffffff; --vscode-button-background: #0078d4; --vscode-button-hoverBackground: #026ec1;
  --vscode-button-secondaryForeground: #cccccc; --vscode-button-secondaryBackground: #313131; --vscode-input-background: #313131;
  --vscode-input-foreground: #cccccc; --vscode-input-border: #3c3c3c; --vscode-focusBorder: #0078d4; --vscode-textLink-foreground: #4daafc;
  --vscode-errorForeground: #f85149; --vscode-widget-border: #313131; --vscode-textCodeBlock-background: #2b2b2b;
  --vscode-textPreformat-foreground: #d0d0d0; --vscode-debugTokenExpression-string: #ce9178; --vscode-debugTokenExpression-name: #c586c0; }
body.vscode-light { --vscode-foreground: #3b3b3b; --vscode-sideBar-background: #f8f8f8; --vscode-descriptionForeground: #717171;
  --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-font-weight: normal; --vscode-editor-font-family: monospace;
  --vscode-editor-font-size: 12px; --vscode-editor-foreground: #3b3b3b; --vscode-editor-background: #ffffff;
  --vscode-button-foreground: #ffffff; --vscode-button-background: #005fb8; --vscode-button-hoverBackground: #0258a8;
  --vscode-button-secondaryForeground: #3b3b3b; --vscode-button-secondaryBackground: #e5e5e5; --vscode-input-background: #ffffff;
  --vscode-input-foreground: #3b3b3b; --vscode-input-border: #cecece; --vscode-focusBorder: #005fb8; --vscode-textLink-foreground: #005fb8;
  --vscode-errorForeground: #f85149; --vscode-widget-border: #e5e5e5; --vscode-textCodeBlock-background: #f3f3f3;
  --vscode-textPreformat-foreground: #3b3b3b; --vscode-debugTokenExpression-string: #a31515; --vscode-debugTokenExpression-name: #9b46b0; }
body.vscode-high-contrast { --vscode-foreground: #ffffff; --vscode-sideBar-background: #000000; --vscode-descriptionForeground: #ffffff;
  --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-font-weight: normal; --vscode-editor-font-family: monospace;
  --vscode-editor-font-size: 12px; --vscode-editor-foreground: #ffffff; --vscode-editor-background: #000000;
  --vscode-button-foreground: #ffffff; --vscode-button-background: #000000; --vscode-button-border: #6fc3df;
  --vscode-input-background: #000000; --vscode-input-foreground: #ffffff; --vscode-input-border: #6fc3df; --vscode-focusBorder: #f38518;
  --vscode-contrastBorder: #6fc3df; --vscode-contrastActiveBorder: #f38518; --vscode-textLink-foreground: #21a6ff;
  --vscode-errorForeground: #f48771; --vscode-textCodeBlock-background: #000000; --vscode-textPreformat-foreground: #ffffff;
  --vscode-debugTokenExpression-string: #ce9178; --vscode-debugTokenExpression-name: #c586c0; }
`;

/** Runs in the page before the bundle: the fake bridge, and recorders for CSP violations and long tasks. */
function bridgeScript(state: unknown): string {
  return `(() => {
  const cw = { posted: [], violations: [], state: ${JSON.stringify(state ?? null)}, longTasks: [], delivered: new Map() };
  window.__cw = cw;
  // A test's marker message, posted after its real ones: once it arrives, they were all handled (same queue, in order).
  // Captured here so the view never sees it.
  window.addEventListener('message', (e) => {
    if (e.data && typeof e.data === 'object' && '__cwDelivered' in e.data) {
      e.stopImmediatePropagation();
      cw.delivered.get(e.data.__cwDelivered)?.();
    }
  }, true);
  document.addEventListener('securitypolicyviolation', (e) => cw.violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }));
  try { new PerformanceObserver((list) => { for (const e of list.getEntries()) cw.longTasks.push(e.duration); }).observe({ type: 'longtask' }); } catch {}
  globalThis.codewrightBridge = {
    postMessage: (m) => cw.posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => cw.state,
    setState: (s) => { cw.state = s; },
  };
})();`;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

export interface ChatServer {
  origin: string;
  /** Serves `html` and returns its URL. */
  addPage(html: string): string;
  /** Serves a script at `/assets/<name>` (e.g. a benchmark's own bundle) and returns its URL. */
  addScript(name: string, js: string): string;
  /** Requests to /pwn*: any hostile payload that managed to make the page fetch something lands here. */
  readonly hits: string[];
  close(): Promise<void>;
}

export async function startChatServer(): Promise<ChatServer> {
  const hits: string[] = [];
  const pages = new Map<string, string>();
  const scripts = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/pwn')) {
      hits.push(req.url ?? '');
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/theme.css') {
      res.writeHead(200, { 'content-type': 'text/css' }).end(THEME_CSS);
      return;
    }
    if (url.pathname.startsWith('/page/')) {
      const html = pages.get(url.pathname.slice('/page/'.length));
      res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(html ?? '');
      return;
    }
    if (url.pathname.startsWith('/assets/')) {
      const js = scripts.get(url.pathname.slice('/assets/'.length));
      res.writeHead(js === undefined ? 404 : 200, { 'content-type': 'text/javascript' }).end(js ?? '');
      return;
    }
    if (url.pathname.startsWith('/media/')) {
      const file = path.join(ROOT, 'media', path.normalize(url.pathname.slice('/media/'.length)).replace(/^(\.\.[/\\])+/, ''));
      fs.readFile(file, (error, data) => {
        if (error) res.writeHead(404).end();
        else res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(data);
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hits,
    addPage(html) {
      const id = String(pages.size + 1);
      pages.set(id, html);
      return `${origin}/page/${id}`;
    },
    addScript(name, js) {
      scripts.set(name, js);
      return `${origin}/assets/${name}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let pageSerial = 0;

/**
 * One Chromium and one page server shared by a whole suite: registers the mocha hooks that start and stop them and
 * returns the live handles (set once the suite's `before` has run).
 */
export function chatEnvironment(): { readonly browser: Browser; readonly server: ChatServer } {
  const env = {} as { browser: Browser; server: ChatServer };
  before(async () => {
    env.browser = await launchChromium();
    env.server = await startChatServer();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

export interface ChatPage {
  page: Page;
  /** Uncaught errors in the page, for tests to assert there were none. */
  readonly errors: string[];
  /** Delivers a message from the "extension" (anything: malformed ones included); resolves once the view handled it. */
  send(message: HostMessage | Record<string, unknown>): Promise<void>;
  sendAll(messages: (HostMessage | Record<string, unknown>)[]): Promise<void>;
  posted(): Promise<WebviewMessage[]>;
  clearPosted(): Promise<void>;
  violations(): Promise<Violation[]>;
  longTasks(): Promise<number[]>;
  pwned(): Promise<unknown>;
  state(): Promise<unknown>;
  /** Waits for two animation frames: anything scheduled for the next frame has rendered. */
  frames(count?: number): Promise<void>;
  close(): Promise<void>;
}

export interface PageOptions {
  theme?: Theme;
  /** What `getState()` returns at start (the view's state from before it was hidden). */
  state?: unknown;
  viewport?: { width: number; height: number };
  /** The script the shell loads instead of media/webview.js (same CSP, same nonce). */
  scriptUri?: string;
}

export async function openChatPage(browser: Browser, server: ChatServer, options: PageOptions = {}): Promise<ChatPage> {
  const id = String(++pageSerial);
  const nonce = `test-nonce-${id}-${Math.random().toString(36).slice(2)}abcdef`;
  const shell = chatHtml({
    cspSource: server.origin,
    scriptUri: options.scriptUri ?? `${server.origin}/media/webview.js`,
    styleUris: [`${server.origin}/theme.css`, `${server.origin}/media/codicons/codicon.css`, `${server.origin}/media/chat.css`],
    nonce,
  });
  const html = shell
    .replace('<body>', `<body class="${options.theme ?? 'vscode-dark'}">`)
    .replace(`<script nonce="${nonce}"`, `<script nonce="${nonce}">${bridgeScript(options.state)}</script>\n    <script nonce="${nonce}"`);
  const url = server.addPage(html);
  const errors: string[] = [];
  const newTab = async (): Promise<Page> => {
    const tab = await browser.newPage({ viewport: options.viewport ?? { width: 420, height: 800 } });
    tab.on('pageerror', (error) => errors.push(error.message));
    return tab;
  };
  let page = await newTab();
  try {
    await page.goto(url);
  } catch (error) {
    // A tab the browser closed under the first navigation (seen once on a loaded 2-core machine) gets one fresh tab;
    // a view that takes its tab down fails the same way again, and the test with it.
    if (!browser.isConnected() || !page.isClosed()) throw error;
    page = await newTab();
    await page.goto(url);
  }
  if (!options.scriptUri)
    await page.waitForFunction(() =>
      (globalThis as unknown as Recorder).__cw.posted.some((m) => (m as { type?: string }).type === 'ready'),
    );

  const deliver = (messages: unknown[]) =>
    page.evaluate(
      (ms) =>
        new Promise<void>((resolve) => {
          const w = globalThis as unknown as Recorder;
          const marker = Math.random();
          w.__cw.delivered.set(marker, () => {
            w.__cw.delivered.delete(marker);
            resolve();
          });
          for (const m of ms) w.postMessage(m, '*');
          w.postMessage({ __cwDelivered: marker }, '*');
        }),
      messages,
    );
  const chat: ChatPage = {
    page,
    errors,
    send: (message) => deliver([message]),
    sendAll: (messages) => deliver(messages),
    posted: () => page.evaluate(() => (globalThis as unknown as Recorder).__cw.posted as WebviewMessage[]),
    clearPosted: () => page.evaluate(() => void ((globalThis as unknown as Recorder).__cw.posted.length = 0)),
    violations: () => page.evaluate(() => (globalThis as unknown as Recorder).__cw.violations),
    longTasks: () => page.evaluate(() => (globalThis as unknown as Recorder).__cw.longTasks),
    pwned: () => page.evaluate(() => (globalThis as unknown as Recorder).__pwned),
    state: () => page.evaluate(() => (globalThis as unknown as Recorder).__cw.state),
    frames: async (count = 2) => {
      // Messages posted with window.postMessage are delivered as tasks; wait for them, then for the frames.
      await page.evaluate(
        (n) =>
          new Promise<void>((resolve) => {
            let left = n;
            const tick = () => (--left <= 0 ? resolve() : (globalThis as unknown as Recorder).requestAnimationFrame(tick));
            setTimeout(() => (globalThis as unknown as Recorder).requestAnimationFrame(tick), 0);
          }),
        count,
      );
    },
    close: () => page.close(),
  };
  return chat;
}
