// The chat view's rendering in real Chromium. (1) Streaming 20,000 deltas into one answer: the view's own TranscriptView
// applying one delta per task, rendering at most once per animation frame (as shipped), next to the same view rendering
// after every delta. (2) Opening a 2,000-message chat through the real bundle and protocol, next to a 20-message chat:
// the newest page renders first and the rest on demand, so the two should cost about the same.
import * as esbuild from 'esbuild';
import { ChatServer, launchChromium, openChatPage, ROOT, startChatServer } from '../test/webview/chatPage';
import { ANSWER, longSession, replay } from '../test/webview/fixtures';
import { printTable, report } from './report';

const DELTAS = 20_000;
const OPEN_RUNS = Number(process.env.CODEWRIGHT_BENCH_RUNS || 7);

/** A page script around the shipped TranscriptView: streams deltas one per task, rendering per frame or per delta. */
const HARNESS = `
import { TranscriptView } from './src/webview/transcriptView';
import { codeBlockDecorator } from './src/webview/codeBlocks';

const post = () => undefined;
globalThis.chatBench = {
  stream(deltas, coalesce) {
    const view = new TranscriptView({ post, decorate: codeBlockDecorator(post) }, () => undefined);
    document.getElementById('app').replaceChildren(view.root);
    let updates = 0;
    new MutationObserver(() => updates++).observe(view.root, { subtree: true, childList: true, characterData: true });
    const channel = new MessageChannel();
    let i = 0;
    const started = performance.now();
    return new Promise((resolve) => {
      channel.port1.onmessage = () => {
        view.apply({ type: 'text_delta', itemId: 'msg', delta: deltas[i++] });
        if (!coalesce) view.flushNow();
        if (i < deltas.length) return channel.port2.postMessage(0);
        view.flushNow();
        void view.root.scrollHeight;
        const ms = performance.now() - started;
        // The last MutationObserver batch is delivered after this task.
        setTimeout(() => resolve({ ms, updates }), 0);
      };
      channel.port2.postMessage(0);
    });
  },
};
`;

interface StreamResult {
  ms: number;
  updates: number;
}
type BenchWindow = { chatBench: { stream(deltas: string[], coalesce: boolean): Promise<StreamResult> } };

async function harnessBundle(): Promise<string> {
  const built = await esbuild.build({
    stdin: { contents: HARNESS, resolveDir: ROOT, sourcefile: 'chat-bench-harness.js', loader: 'js' },
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

function streamText(): string[] {
  const text = Array.from({ length: 200 }, (_, i) => `${ANSWER}\n\nPart ${i}.`)
    .join('\n\n')
    .slice(0, DELTAS * 4);
  return Array.from({ length: DELTAS }, (_, i) => text.slice(i * 4, i * 4 + 4));
}

async function streaming(server: ChatServer): Promise<void> {
  const browser = await launchChromium();
  try {
    const scriptUri = server.addScript('chat-bench.js', await harnessBundle());
    const deltas = streamText();
    const run = async (coalesce: boolean): Promise<StreamResult> => {
      const chat = await openChatPage(browser, server, { scriptUri });
      try {
        await chat.page.waitForFunction(() => 'chatBench' in globalThis);
        // A short warm-up stream: first font lookups and the first highlighted block are not the figure.
        await chat.page.evaluate((d) => (globalThis as unknown as BenchWindow).chatBench.stream(d, true), deltas.slice(0, 500));
        return await chat.page.evaluate(([d, c]) => (globalThis as unknown as BenchWindow).chatBench.stream(d as string[], c as boolean), [
          deltas,
          coalesce,
        ] as const);
      } finally {
        await chat.close();
      }
    };
    const coalesced = await run(true);
    const perDelta = await run(false);
    report({
      bench: 'chat',
      metric: `stream ${DELTAS} deltas into one answer, one render per frame`,
      unit: 'ms',
      value: coalesced.ms,
      reference: { label: 'one render per delta', value: perDelta.ms },
      ratio: perDelta.ms / coalesced.ms,
    });
    report({
      bench: 'chat',
      metric: 'DOM updates for those deltas, one render per frame',
      unit: 'updates',
      value: coalesced.updates,
      reference: { label: 'one render per delta', value: perDelta.updates },
      ratio: perDelta.updates / Math.max(coalesced.updates, 1),
    });
  } finally {
    await browser.close();
  }
}

/** Median time from posting a replay to the first frame that shows it, each on a fresh page. */
async function openTime(server: ChatServer, messages: number): Promise<number> {
  const browser = await launchChromium();
  const times: number[] = [];
  const pages = replay(longSession(messages));
  try {
    for (let i = 0; i < OPEN_RUNS; i++) {
      const chat = await openChatPage(browser, server);
      try {
        await chat.frames(2);
        times.push(
          await chat.page.evaluate(
            (ms) =>
              new Promise<number>((resolve) => {
                const w = globalThis as unknown as {
                  postMessage(m: unknown, t: string): void;
                  requestAnimationFrame(cb: () => void): number;
                  document: { querySelector(s: string): unknown };
                };
                const started = performance.now();
                for (const m of ms) w.postMessage(m, '*');
                // The first frame that shows the newest entries.
                const painted = () =>
                  w.document.querySelector('.cw-entry') ? resolve(performance.now() - started) : w.requestAnimationFrame(painted);
                w.requestAnimationFrame(painted);
              }),
            pages,
          ),
        );
      } finally {
        await chat.close();
      }
    }
  } finally {
    await browser.close();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main(): Promise<void> {
  const server = await startChatServer();
  try {
    await streaming(server);
    const small = await openTime(server, 20);
    const large = await openTime(server, 2000);
    report({
      bench: 'chat',
      metric: `open a 2,000-message chat (median of ${OPEN_RUNS})`,
      unit: 'ms',
      value: large,
      reference: { label: '20-message chat', value: small },
      ratio: large / small,
    });
  } finally {
    await server.close();
  }
  printTable();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
