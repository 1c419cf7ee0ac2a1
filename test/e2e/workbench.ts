// Drives the real VS Code workbench in Chromium: shared by the e2e tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import type { VsCodeServer } from '../host/server.mjs';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const RESULTS = path.join(ROOT, 'test-results');

// esbuild turns `import()` into `require()` for CommonJS output, which cannot load an ES module on Node 20;
// going through Function keeps a real dynamic import.
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

export function hostModule(): Promise<typeof import('../host/server.mjs')> {
  return importEsm(path.join(ROOT, 'test', 'host', 'server.mjs'));
}

export function versions(): string[] {
  return (process.env.CODEWRIGHT_VSCODE_HOSTS || '1.100,1.139').split(',').filter(Boolean);
}

export function freshWorkspace(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-e2e-ws-'));
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'workspace'), dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export interface Workbench {
  server: VsCodeServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openWorkbench(options: {
  version: string;
  folder: string;
  development?: boolean;
  installExtensions?: string[];
  env?: Record<string, string>;
}): Promise<Workbench> {
  const { startServer, launchBrowser } = await hostModule();
  const server = await startServer({ version: options.version, installExtensions: options.installExtensions, env: options.env });
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await server.close();
  };
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url({ folder: options.folder, extensionDevelopmentPath: options.development === false ? undefined : ROOT }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // Newer VS Code opens its built-in chat in the secondary side bar; keep the screenshots about Codewright.
    if (await page.locator('.part.auxiliarybar').isVisible()) {
      await executeCommand(page, 'Hide Secondary Side Bar');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    }
    return { server, browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Polls a condition outside the page (a file on disk, a request the fake server got) until it holds. */
export async function until(probe: () => boolean, what: string, page: Page, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

/**
 * Types `query` into the quick input (opened by `reopen`, F1 unless told) and clicks the row showing `row`. Right after
 * start-up the list may not be filled yet, and a page VS Code opens by itself (its web walkthrough) takes focus and
 * closes the input: it is opened again until the row shows.
 */
export async function pick(
  page: Page,
  query: string,
  row: string,
  reopen: () => Promise<void> = () => page.keyboard.press('F1'),
): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    const found = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: row }).first();
    try {
      await reopen();
      await input.waitFor({ timeout: 10_000 });
      await input.fill(query, { timeout: 5_000 });
      await found.waitFor({ timeout: 10_000 });
      await found.click();
      return;
    } catch (error) {
      if (attempt === 4) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Runs a command by its title through the command palette, as a user would, leaving any input it opens on screen. */
export async function executeCommand(page: Page, title: string): Promise<void> {
  await pick(page, `>${title}`, title);
}

/** Opens a file through Quick Open. An absolute path is found with one stat, without waiting for a file search. */
export async function openFile(page: Page, file: string): Promise<void> {
  await pick(page, file, path.basename(file));
}

/** Clicks the Codewright icon in the activity bar. */
export async function openCodewright(page: Page): Promise<void> {
  const item = page
    .locator('.activitybar .action-item a[aria-label^="Codewright"], .activitybar .action-item[aria-label^="Codewright"]')
    .first();
  await item.waitFor({ timeout: 30_000 });
  await item.click();
}

/** The frame holding the chat's own document (webviews nest an iframe inside an iframe). */
export async function chatFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (
        await frame
          .locator('main#app')
          .count()
          .catch(() => 0)
      )
        return frame;
    }
    if (Date.now() > deadline) throw new Error('the Codewright chat webview did not appear');
    await page.waitForTimeout(200);
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, name);
  await page.screenshot({ path: file });
  return file;
}
