import assert from 'node:assert/strict';
import os from 'node:os';
import { chatEnvironment, ChatPage, openChatPage } from './chatPage';
import { ANSWER, deltas, event, longSession, replay } from './fixtures';

// Long tasks (over 50 ms on the main thread, as the page's PerformanceObserver reports them) make a view stutter. The
// view must stay below that while a 2,000-message chat opens and the user scrolls up through it, and while a fast
// stream renders. The observer measures wall-clock time, so on a machine shared with other jobs a short task can be
// reported as long because another process held the CPU. A pass that saw a long task is therefore repeated on a fresh
// page, and one clean pass is required; only when the machine was oversubscribed (load above its CPU count) during every
// pass is that requirement waived, and the test says so. Rendering a whole chat at once, or once per delta, makes every
// pass fail: such tasks take hundreds of milliseconds of CPU on any machine.
const ATTEMPTS = 5;

interface Pass {
  longTasks: number[];
  load: number;
}

describe('chat webview: no long tasks (Chromium)', function () {
  this.timeout(300_000);
  const env = chatEnvironment();

  async function measure(work: (chat: ChatPage) => Promise<void>): Promise<Pass[]> {
    const passes: Pass[] = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const chat = await openChatPage(env.browser, env.server);
      try {
        // One-time costs (the first font lookups, the first highlighted code block) are not what is measured.
        await chat.send(event({ type: 'text_done', itemId: 'warm-up', text: ANSWER }));
        await chat.frames(3);
        await chat.send({ type: 'transcript', replay: 0, session: null, running: false, entries: [] });
        await chat.frames(2);
        await chat.page.evaluate(() => void ((window as unknown as { __cw: { longTasks: number[] } }).__cw.longTasks.length = 0));
        await work(chat);
        await chat.frames(3);
        passes.push({ longTasks: await chat.longTasks(), load: os.loadavg()[0]! });
        assert.deepEqual(chat.errors, []);
      } finally {
        await chat.close();
      }
      if (passes.at(-1)!.longTasks.length === 0) break;
    }
    return passes;
  }

  function assertNoLongTasks(passes: Pass[]): void {
    if (passes.some((p) => p.longTasks.length === 0)) return;
    const cpus = os.cpus().length;
    const report = passes.map((p) => `[${p.longTasks.join(', ')}] ms at load ${p.load.toFixed(1)}`).join('; ');
    assert.ok(passes.every((p) => p.load > cpus), `long tasks in every pass on a machine that was not oversubscribed (${cpus} CPUs): ${report}`);
    console.log(`      (long tasks in every pass, but the machine was oversubscribed throughout (${cpus} CPUs): ${report})`);
  }

  it('opens a 2,000-message chat and scrolls up through it without a long task', async () => {
    const entries = longSession(2000);
    const counts: number[] = [];
    const passes = await measure(async (chat) => {
      const rendered = () => chat.page.locator('.cw-entry').count();
      for (const message of replay(entries)) await chat.send(message);
      await chat.frames(2);
      const onOpen = await rendered();
      assert.ok(onOpen > 0 && onOpen < 150, `only the newest entries render on open (${onOpen})`);
      await chat.page.mouse.move(200, 300);
      for (let i = 0; i < 150 && (await rendered()) < 700; i++) {
        await chat.page.mouse.wheel(0, -800);
        await chat.frames(1);
      }
      counts.push(await rendered());
    });
    assert.ok(counts.every((n) => n >= 700), `older entries rendered while scrolling (${counts.join(', ')})`);
    assertNoLongTasks(passes);
  });

  it('streams 20,000 deltas into one answer without a long task', async () => {
    const text = Array.from({ length: 200 }, (_, i) => `${ANSWER}\n\nPart ${i}.`).join('\n\n').slice(0, 80_000);
    const stream = deltas('msg_long', text, 4);
    assert.equal(stream.length, 20_000);
    const passes = await measure(async (chat) => {
      for (let i = 0; i < stream.length; i += 250) await chat.sendAll(stream.slice(i, i + 250).map(event));
      await chat.send(event({ type: 'text_done', itemId: 'msg_long', text }));
      await chat.frames(2);
      const paragraphs = await chat.page.locator('.cw-entry-assistant p').allTextContents();
      assert.ok(paragraphs.includes('Part 170.'), 'the whole answer is shown');
    });
    assertNoLongTasks(passes);
  });
});
