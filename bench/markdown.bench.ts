// Pathological Markdown in the chat view, in real Chromium: for each input of test/webview/pathological.ts, the longest
// main-thread task while the shipped view renders it, in one event (a finished answer) and streamed in 400 deltas, next
// to the same text rendered in one go by markdown-it and DOMPurify (what a view without bounds does). The longest task
// is measured by a probe that posts itself a message after every task: the largest gap between two probes is the
// longest time the page could not respond. Each figure is the median of three fresh pages.
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { ChatServer, launchChromium, openChatPage, ROOT, startChatServer } from '../test/webview/chatPage';
import { PATHOLOGICAL } from '../test/webview/pathological';
import { printTable, report } from './report';

const STREAM_DELTAS = 400;
const BUDGET_MS = 50;
/** How long after loading the page the answer arrives (see longestTask). */
const WARM_UP_WAIT_MS = 2_000;
const RUNS = 3;

/** The unbounded reference: the whole text through markdown-it and the view's own sanitiser in one task. */
const HARNESS = `
import MarkdownIt from 'markdown-it';
import { sanitize } from './src/webview/sanitize';

const md = new MarkdownIt({ html: false, linkify: true });
globalThis.markdownBench = {
  oneShot(text) {
    const root = document.createElement('div');
    document.getElementById('app').replaceChildren(root);
    root.append(sanitize(md.render(text)));
    void root.offsetHeight;
  },
};
`;

type ProbeWindow = {
  __probe: { max: number; last: number; running: boolean };
  markdownBench: { oneShot(text: string): void };
};

async function harnessBundle(): Promise<string> {
  const built = await esbuild.build({
    stdin: { contents: HARNESS, resolveDir: ROOT, sourcefile: 'markdown-bench-harness.js', loader: 'js' },
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
  return built.outputFiles[0]!.text;
}

function startProbe(page: Page): Promise<void> {
  return page.evaluate(() => {
    // Typed by hand: the benchmark compiles without the DOM's typings.
    type Channel = { port1: { onmessage: (() => void) | null }; port2: { postMessage(message: unknown): void } };
    const w = globalThis as unknown as ProbeWindow & { MessageChannel: new () => Channel };
    w.__probe = { max: 0, last: performance.now(), running: true };
    const channel = new w.MessageChannel();
    channel.port1.onmessage = () => {
      const now = performance.now();
      w.__probe.max = Math.max(w.__probe.max, now - w.__probe.last);
      w.__probe.last = now;
      if (w.__probe.running) channel.port2.postMessage(0);
    };
    channel.port2.postMessage(0);
  });
}

function stopProbe(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = globalThis as unknown as ProbeWindow;
    w.__probe.running = false;
    return w.__probe.max;
  });
}

/**
 * Resolves once the answer's blocks have not changed for ten frames: the view has rendered everything. It counts the
 * rendered blocks rather than reading the text, which would itself be a long task on a large answer.
 */
function settled(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        type Node = { childNodes: { length: number }; lastChild: { textContent: string | null } | null };
        const w = globalThis as unknown as {
          document: { querySelector(s: string): Node | null };
          requestAnimationFrame(cb: () => void): number;
        };
        let last = -1;
        let still = 0;
        const tick = () => {
          const md = w.document.querySelector('.cw-entry-assistant .cw-md');
          const length = md ? md.childNodes.length * 1e6 + (md.lastChild?.textContent?.length ?? 0) : 0;
          still = length === last && length > 0 ? still + 1 : 0;
          last = length;
          if (still >= 10) resolve();
          else w.requestAnimationFrame(tick);
        };
        w.requestAnimationFrame(tick);
      }),
  );
}

/** Posts the answer from inside the page (the text is put there first), so the probe does not time the test driver. */
function deliver(page: Page, streamed: boolean): Promise<void> {
  return page.evaluate(
    (chunks) =>
      new Promise<void>((resolve) => {
        const w = globalThis as unknown as {
          __text: string;
          postMessage(m: unknown, target: string): void;
          setTimeout(cb: () => void, ms: number): void;
        };
        const t = w.__text;
        const size = Math.ceil(t.length / chunks);
        const messages: unknown[] = [];
        if (chunks > 1) {
          for (let i = 0; i < t.length; i += size)
            messages.push({ type: 'event', event: { type: 'text_delta', itemId: 'msg', delta: t.slice(i, i + size) } });
        }
        messages.push({ type: 'event', event: { type: 'text_done', itemId: 'msg', text: t } });
        // One message per task, as they arrive from the extension.
        const next = () => {
          const m = messages.shift();
          if (m === undefined) return resolve();
          w.postMessage(m, '*');
          w.setTimeout(next, 0);
        };
        next();
      }),
    streamed ? STREAM_DELTAS : 1,
  );
}

async function longestTask(
  server: ChatServer,
  text: string,
  mode: 'one event' | 'streamed' | 'unbounded',
  scriptUri: string,
): Promise<number> {
  const browser = await launchChromium();
  try {
    const chat = await openChatPage(browser, server, mode === 'unbounded' ? { scriptUri } : {});
    if (mode === 'unbounded') await chat.page.waitForFunction(() => 'markdownBench' in globalThis);
    await chat.page.evaluate((t) => void ((globalThis as unknown as { __text: string }).__text = t), text);
    // An answer only ever arrives after the user typed a prompt, seconds after the page loaded: give the page's idle-time
    // warm-up (well under a second on a quiet machine) that time, as it would have had.
    if (mode !== 'unbounded') {
      await chat.page.waitForTimeout(WARM_UP_WAIT_MS);
      await chat.page.evaluate(
        () =>
          new Promise<void>((resolve) =>
            (globalThis as unknown as { requestIdleCallback(cb: () => void): void }).requestIdleCallback(() => resolve()),
          ),
      );
    }
    await startProbe(chat.page);
    if (mode === 'unbounded') {
      await chat.page.evaluate(() => {
        const w = globalThis as unknown as ProbeWindow & { __text: string };
        w.markdownBench.oneShot(w.__text);
      });
      await chat.frames(2);
      return await stopProbe(chat.page);
    }
    await deliver(chat.page, mode === 'streamed');
    await settled(chat.page);
    return await stopProbe(chat.page);
  } finally {
    await browser.close();
  }
}

/** The median of RUNS fresh measurements: one run's longest task swings by half on a busy two-core machine. */
async function medianOf(measure: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let run = 0; run < RUNS; run++) values.push(await measure());
  return values.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

async function main(): Promise<void> {
  const server = await startChatServer();
  try {
    const scriptUri = server.addScript('markdown-bench.js', await harnessBundle());
    for (const input of PATHOLOGICAL) {
      const unbounded = await medianOf(() => longestTask(server, input.text, 'unbounded', scriptUri));
      for (const mode of ['one event', 'streamed'] as const) {
        const value = await medianOf(() => longestTask(server, input.text, mode, scriptUri));
        report({
          bench: 'markdown',
          metric: `${input.name}, ${mode}: longest main-thread task (median of ${RUNS})`,
          unit: 'ms',
          value,
          reference: { label: 'rendered in one go', value: unbounded },
          ratio: unbounded / value,
          budget: `< ${BUDGET_MS} ms`,
          ok: value < BUDGET_MS,
        });
      }
    }
  } finally {
    await server.close();
  }
  printTable();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
