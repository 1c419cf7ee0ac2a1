import assert from 'node:assert/strict';
import { chatEnvironment, ChatPage, openChatPage } from './chatPage';
import { deltas, event } from './fixtures';
import { longList, longTable, manyFences, manyHeadings, nestedEmphasis } from './pathological';

// What the model writes is hostile: no answer may make the view do unbounded work in one go. These tests pin the
// structure that guarantees it (the timings are `npm run bench`'s): oversized or deeply nested blocks become plain
// text holding every character of their source, and many blocks render a frame's worth at a time.
describe('chat webview: pathological Markdown (Chromium)', function () {
  this.timeout(120_000);
  const env = chatEnvironment();
  let chat: ChatPage;
  beforeEach(async () => {
    chat = await openChatPage(env.browser, env.server);
  });
  afterEach(async () => {
    assert.deepEqual(chat.errors, [], 'no uncaught errors in the view');
    assert.deepEqual(await chat.violations(), [], 'no Content Security Policy violations');
    await chat.close();
  });

  const answer = (text: string) => chat.send(event({ type: 'text_done', itemId: 'msg', text }));
  const stream = async (text: string, count = 200) => {
    for (const delta of deltas('msg', text, Math.ceil(text.length / count))) await chat.send(event(delta));
  };
  const markdownText = () => chat.page.locator('.cw-entry-assistant .cw-md').evaluate((e) => e.textContent ?? '');
  const plainText = () => chat.page.locator('.cw-md-plain').evaluateAll((es) => es.map((e) => e.textContent ?? '').join(''));
  /** Waits (frame by frame) until `selector` matches `count` elements in the answer. */
  const until = (selector: string, count: number) =>
    chat.page.waitForFunction(([s, n]) => document.querySelectorAll(`.cw-entry-assistant ${s}`).length === n, [selector, count] as const, {
      polling: 'raf',
      timeout: 60_000,
    });

  it('shows 140,000 characters of nested emphasis as plain text, every character kept', async () => {
    const text = nestedEmphasis();
    await answer(text);
    await chat.page.waitForFunction(
      (n) => (document.querySelector('.cw-entry-assistant .cw-md')?.textContent ?? '').length === n,
      text.length,
      { polling: 'raf' },
    );
    assert.equal(await markdownText(), text);
    assert.equal(await chat.page.locator('.cw-entry-assistant em').count(), 0, 'nothing of it is interpreted');
  });

  it('streams nested emphasis as text that only grows, and ends with every character', async () => {
    const text = nestedEmphasis(60_000);
    await stream(text.slice(0, 30_000), 50);
    await chat.frames(3);
    const partial = await markdownText();
    assert.ok(partial.length > 20_000 && text.startsWith(partial), `a prefix of the text is shown (${partial.length} characters)`);
    await stream(text.slice(30_000), 50);
    await answer(text);
    await chat.page.waitForFunction(
      (n) => (document.querySelector('.cw-entry-assistant .cw-md')?.textContent ?? '').length === n,
      text.length,
      { polling: 'raf' },
    );
    assert.equal(await markdownText(), text);
  });

  it('shows emphasis nested past the limit as text, and ordinary emphasis as emphasis', async () => {
    const deep = `${'*a '.repeat(40)}b${' c*'.repeat(40)}`;
    await answer(`Some *light* emphasis.\n\n${deep}\n\n> ${'> '.repeat(60)}quoted`);
    await until('.cw-md-plain', 2);
    assert.equal(await chat.page.locator('.cw-entry-assistant p em').first().textContent(), 'light');
    const plain = await plainText();
    assert.ok(plain.includes(deep), 'the deep emphasis is there, asterisks and all');
    assert.ok(plain.includes(`${'> '.repeat(60)}quoted`), 'so is the deep quote');
  });

  it('renders a 10,000-item list as a list, a part at a time, with every item formatted', async () => {
    await answer(longList());
    await chat.frames(1);
    const first = await chat.page.locator('.cw-entry-assistant li').count();
    assert.ok(first > 0 && first < 10_000, `the first frame renders only part of it (${first} items)`);
    await until('li', 10_000);
    assert.equal(await chat.page.locator('.cw-md-plain').count(), 0, 'no part of it is plain text');
    const parts = await chat.page
      .locator('.cw-entry-assistant ul')
      .evaluateAll((es) => es.map((e) => ({ items: e.children.length, continued: e.classList.contains('cw-md-continued') })));
    assert.ok(parts.length > 100, `the list is in parts (${parts.length})`);
    assert.deepEqual(
      parts.map((p) => p.continued),
      parts.map((_, i) => i > 0),
      'every part after the first joins the one above',
    );
    assert.ok(
      parts.every((p) => p.items > 1 && p.items <= 50),
      'each part holds a few dozen items',
    );
    const items = await chat.page.locator('.cw-entry-assistant li').evaluateAll((es) => es.map((e) => e.innerHTML));
    items.forEach((html, i) => assert.equal(html, `item ${i} with <strong>bold</strong> and <code>code</code>`));
  });

  it('streams a long list in parts that only grow, the same list as when it arrives whole', async () => {
    const text = `Steps:\n\n${Array.from({ length: 400 }, (_, i) => `${i + 1}. step ${i + 1} with \`code\``).join('\n')}\n\nDone.`;
    await stream(text, 100);
    await answer(text);
    await until('li', 400);
    const lists = await chat.page
      .locator('.cw-entry-assistant ol')
      .evaluateAll((es) => es.map((e) => ({ start: e.getAttribute('start'), items: e.children.length })));
    assert.ok(lists.length > 1, 'the list is in parts');
    let next = 1;
    for (const list of lists) {
      assert.equal(list.start, next === 1 ? null : String(next), 'each part goes on numbering where the last one stopped');
      next += list.items;
    }
    assert.equal(next, 401);
    const spacing = await chat.page.locator('.cw-entry-assistant ol').evaluateAll((es) => {
      const [a, b] = es;
      const top = (e: Element | null | undefined) => e?.getBoundingClientRect().top ?? NaN;
      return { within: top(a?.children[1]) - top(a?.children[0]), across: top(b?.firstElementChild) - top(a?.lastElementChild) };
    });
    assert.equal(spacing.across, spacing.within, 'two parts sit as close as two items of one part: one list to the eye');
    const numbers = await chat.page.locator('.cw-entry-assistant li').allTextContents();
    assert.deepEqual(
      numbers,
      Array.from({ length: 400 }, (_, i) => `step ${i + 1} with code`),
    );
    assert.equal(
      await chat.page.locator('.cw-entry-assistant .cw-md > p, .cw-entry-assistant .cw-md-chunk > p').last().textContent(),
      'Done.',
    );
  });

  it('renders no more than one part of a streaming list a frame, however the deltas fall between frames', async () => {
    await chat.page.evaluate(() => {
      const w = window as unknown as { added: number[] };
      w.added = [0];
      const tick = () => {
        w.added.push(0);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n.nodeName === 'OL') w.added[w.added.length - 1]!++;
      }).observe(document.querySelector('.cw-list')!, { subtree: true, childList: true });
    });
    const text = Array.from({ length: 400 }, (_, i) => `${i + 1}. step ${i + 1} with \`code\``).join('\n');
    await stream(text, 200);
    await answer(text);
    await until('li', 400);
    const added = await chat.page.evaluate(() => (window as unknown as { added: number[] }).added);
    assert.ok(added.reduce((a, b) => a + b) > 9, 'the list arrived in parts');
    assert.ok(Math.max(...added) <= 1, `at most one part a frame (${added.filter((n) => n > 0).join(' ')})`);
  });

  it('shows a 5,000-row table past the limit as text, with every row', async () => {
    const text = longTable();
    await answer(text);
    await chat.page.waitForFunction(
      () => (document.querySelector('.cw-entry-assistant .cw-md')?.textContent ?? '').includes('row 4999 '),
      undefined,
      { polling: 'raf', timeout: 60_000 },
    );
    const shown = await markdownText();
    for (let i = 0; i < 5_000; i++) assert.ok(shown.includes(`row ${i} `), `row ${i} is shown`);
    assert.ok((await plainText()).startsWith('| name | value | code |'), 'the table is shown from its header');
  });

  // Smaller than the benchmark's inputs (the structure is the same), so that the suite stays quick on a busy machine.
  it('renders 2,000 headings a frame at a time, all of them in the end', async () => {
    await answer(manyHeadings(2_000));
    await chat.frames(1);
    const first = await chat.page.locator('.cw-entry-assistant h2').count();
    assert.ok(first > 0 && first < 2_000, `the first frame renders only part of them (${first})`);
    await until('h2', 2_000);
    assert.equal(await chat.page.locator('.cw-entry-assistant h2').last().textContent(), 'Heading 1999');
    assert.equal(await chat.page.locator('.cw-md-plain').count(), 0, 'small blocks are formatted');
    const chunks = await chat.page
      .locator('.cw-entry-assistant .cw-md > .cw-md-chunk')
      .evaluateAll((es) => es.map((e) => e.children.length));
    assert.equal(await chat.page.locator('.cw-entry-assistant .cw-md > h2').count(), 64, 'the first 64 sit in the answer itself');
    assert.deepEqual(
      chunks,
      [...Array<number>(30).fill(64), 16],
      'the rest sit in chunks of 64, so layout walks 94 boxes, not 2,000 blocks',
    );
  });

  it('renders 500 code fences a frame at a time, each with its bar and its code', async () => {
    await answer(manyFences(500));
    await chat.frames(1);
    assert.ok((await chat.page.locator('.cw-entry-assistant pre').count()) < 500, 'the first frame renders only part of them');
    await until('.cw-code pre code', 500);
    assert.equal(await chat.page.locator('.cw-entry-assistant .cw-code-bar').count(), 500);
    assert.match((await chat.page.locator('.cw-entry-assistant pre code').last().textContent())!, /const value499 = compute\(499\);/);
  });

  it('keeps a code block past the limit a code block, in pieces, with every line', async () => {
    const lines = Array.from({ length: 1_500 }, (_, i) => `const line${i} = ${i};`);
    await answer(`Here is the file:\n\n\`\`\`ts\n${lines.join('\n')}\n\`\`\`\n\nDone.`);
    await chat.page.waitForFunction(
      () => [...document.querySelectorAll('.cw-entry-assistant .cw-md p')].at(-1)?.textContent === 'Done.',
      undefined,
      { polling: 'raf' },
    );
    assert.equal(await chat.page.locator('.cw-md-plain').count(), 0, 'no part of it is plain text');
    const code = (await chat.page.locator('.cw-entry-assistant pre code').allTextContents()).join('');
    for (const line of lines) assert.ok(code.includes(line), `${line} is in a code block`);
    assert.ok(!code.includes('```'), 'the fence lines are not shown as code');
    assert.equal(await chat.page.locator('.cw-entry-assistant p').first().textContent(), 'Here is the file:');
  });

  it('replaces the streamed rendering when the final text differs', async () => {
    await stream(longList(2_000), 20);
    await answer('A short answer instead.');
    await chat.page.waitForFunction(
      () => document.querySelector('.cw-entry-assistant .cw-md')?.textContent?.trim() === 'A short answer instead.',
      undefined,
      { polling: 'raf' },
    );
    assert.equal(await chat.page.locator('.cw-entry-assistant li').count(), 0);
  });
});
