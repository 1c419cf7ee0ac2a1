import assert from 'node:assert/strict';
import { chatEnvironment, openChatPage } from './chatPage';
import { ANSWER, deltas, event, longSession, replay } from './fixtures';

// What keeps a large chat cheap, asserted as structure: a 2,000-message chat renders its newest entries first and the
// older ones as the user scrolls up; a 20,000-delta stream ends as the whole answer. How long the main thread is busy
// meanwhile is wall-clock time, which a loaded machine distorts, so `npm run bench` measures it (bench/longTasks.bench.ts)
// with the long-task recorder these pages carry; the last test proves that recorder reports what it should.
describe('chat webview: large chats (Chromium)', function () {
  this.timeout(300_000);
  const env = chatEnvironment();

  it('opens a 2,000-message chat with its newest entries and renders older ones while scrolling up', async () => {
    const chat = await openChatPage(env.browser, env.server);
    try {
      const rendered = () => chat.page.locator('.cw-entry').count();
      for (const message of replay(longSession(2000))) await chat.send(message);
      await chat.frames(2);
      const onOpen = await rendered();
      assert.ok(onOpen > 0 && onOpen < 150, `only the newest entries render on open (${onOpen})`);
      await chat.page.mouse.move(200, 300);
      for (let i = 0; i < 150 && (await rendered()) < 700; i++) {
        await chat.page.mouse.wheel(0, -800);
        await chat.frames(1);
      }
      assert.ok((await rendered()) >= 700, `older entries rendered while scrolling (${await rendered()})`);
      assert.deepEqual(chat.errors, []);
    } finally {
      await chat.close();
    }
  });

  it('streams 20,000 deltas into one answer and shows all of it', async () => {
    const chat = await openChatPage(env.browser, env.server);
    try {
      const text = Array.from({ length: 200 }, (_, i) => `${ANSWER}\n\nPart ${i}.`)
        .join('\n\n')
        .slice(0, 80_000);
      const stream = deltas('msg_long', text, 4);
      assert.equal(stream.length, 20_000);
      for (let i = 0; i < stream.length; i += 250) await chat.sendAll(stream.slice(i, i + 250).map(event));
      await chat.send(event({ type: 'text_done', itemId: 'msg_long', text }));
      await chat.frames(2);
      const paragraphs = await chat.page.locator('.cw-entry-assistant p').allTextContents();
      assert.ok(paragraphs.includes('Part 170.'), 'the whole answer is shown');
      assert.deepEqual(chat.errors, []);
    } finally {
      await chat.close();
    }
  });

  it('records a long task: a deliberately blocked main thread is reported', async () => {
    const chat = await openChatPage(env.browser, env.server);
    try {
      await chat.frames(2);
      const before = (await chat.longTasks()).length;
      // Hold the main thread for 300 ms, six times the 50 ms that makes a task long, in a task of the page's own (a
      // timer), as the view's rendering would be; the test driver's evaluate is not always reported as one.
      await chat.page.evaluate(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              const until = performance.now() + 300;
              while (performance.now() < until);
              resolve();
            }, 0),
          ),
      );
      // The observer's callback is a low-priority task of its own, late on a busy machine: poll on a timer, not per frame.
      await chat.page.waitForFunction(
        (n) => (globalThis as unknown as { __cw: { longTasks: number[] } }).__cw.longTasks.length > n,
        before,
        { polling: 100, timeout: 120_000 },
      );
      const reported = (await chat.longTasks()).slice(before);
      assert.ok(
        reported.some((ms) => ms > 50),
        `the blocked task is reported as long: ${reported.join(', ')}`,
      );
    } finally {
      await chat.close();
    }
  });
});
