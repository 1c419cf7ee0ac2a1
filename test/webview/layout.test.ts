import assert from 'node:assert/strict';
import { chatEnvironment, ChatPage, openChatPage } from './chatPage';
import { event, longSession, replay } from './fixtures';

/** VS Code's default sidebar width. */
const SIDEBAR = { width: 300, height: 700 };

describe('chat webview: the layout at the default sidebar width, 300 px (Chromium)', function () {
  this.timeout(60_000);
  const env = chatEnvironment();
  let chat: ChatPage;
  beforeEach(async () => {
    chat = await openChatPage(env.browser, env.server, { viewport: SIDEBAR });
  });
  afterEach(async () => {
    assert.deepEqual(chat.errors, [], 'no uncaught errors in the view');
    await chat.close();
  });

  /** The element's box, and whether its content overflows it (text cut off or pushed out). */
  const box = (selector: string) =>
    chat.page
      .locator(selector)
      .first()
      .evaluate((e) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height, overflows: e.scrollWidth > e.clientWidth };
      });

  it('shows the whole provider notice and the model, wrapped rather than cut off, with the approval toggles', async () => {
    const label = 'Offline demo model (no OPENAI_API_KEY set)';
    await chat.send({ type: 'provider', provider: { label, model: 'gpt-5.1-codex', hasApiKey: true } });
    await chat.send({ type: 'approval_modes', modes: { edits: 'ask', commands: 'allowlist' } });
    assert.equal(await chat.page.locator('.cw-provider').textContent(), label);
    for (const selector of ['.cw-provider', '.cw-model', '.cw-approvals']) {
      const b = await box(selector);
      assert.ok(b.left >= 0 && b.right <= SIDEBAR.width, `${selector} lies within the view (${b.left}–${b.right})`);
      assert.equal(b.overflows, false, `${selector} is not cut off`);
    }
    assert.equal(await chat.page.getByRole('combobox', { name: 'Commands approval' }).isVisible(), true);
  });

  it('keeps each card button on one line inside its card', async () => {
    await chat.sendAll([
      event({
        type: 'edit_proposed',
        callId: 'call_e',
        change: 'update',
        path: 'src/some/deeply/nested/folder/parser.ts',
        added: 12,
        removed: 3,
      }),
      event({
        type: 'approval_requested',
        callId: 'call_c',
        commands: ['npm test -- --grep "parser handles the last token"'],
        allowable: true,
      }),
    ]);
    await chat.frames();
    for (const card of ['.cw-entry-edit', '.cw-entry-command']) {
      const cardBox = await box(card);
      const buttons = await chat.page.locator(`${card} .cw-card-actions .cw-button`).evaluateAll((es) =>
        es.map((e) => {
          const r = e.getBoundingClientRect();
          return { text: e.textContent, right: r.right, height: r.height };
        }),
      );
      const single = Math.min(...buttons.map((b) => b.height));
      for (const b of buttons) {
        assert.ok(b.height <= single + 1, `${card} "${b.text}" is on one line (${b.height} px, one line is ${single} px)`);
        assert.ok(b.right <= cardBox.right, `${card} "${b.text}" fits in the card`);
      }
    }
  });

  it('keeps the last line of the transcript in view when a selection chip makes the composer taller', async () => {
    for (const message of replay(longSession(40))) await chat.send(message);
    await chat.frames(3);
    const lastBottom = async () => (await chat.page.locator('.cw-entry').last().boundingBox())!;
    const before = await box('.cw-composer');
    await chat.send({ type: 'selection', selection: { path: 'src/parser.ts', startLine: 10, endLine: 42 } });
    await chat.frames(3);
    const after = await box('.cw-composer');
    assert.ok(after.top < before.top, `the chip makes the composer taller (${before.top} → ${after.top})`);
    // The transcript follows from its resize observation, a frame or more after the layout (later on a busy machine).
    let last = await lastBottom();
    let transcript = await box('.cw-transcript');
    for (let i = 0; i < 30 && last.y + last.height > transcript.bottom + 1; i++) {
      await chat.frames(1);
      [last, transcript] = [await lastBottom(), await box('.cw-transcript')];
    }
    assert.ok(
      last.y + last.height <= transcript.bottom + 1,
      `the last entry ends (${last.y + last.height}) within the transcript (${transcript.bottom})`,
    );
  });

  it('keeps following when a scroll event arrives between the composer growing and the transcript catching up', async () => {
    for (const message of replay(longSession(40))) await chat.send(message);
    await chat.frames(3);
    // A scroll the view itself caused a frame earlier is delivered after the viewport shrank and before the resize
    // observation: away from the bottom then, but the user did not move.
    const grew = await chat.page.evaluate(() => {
      const composer = document.querySelector<HTMLElement>('.cw-composer')!;
      const before = composer.getBoundingClientRect().top;
      composer.style.paddingTop = '48px';
      document.querySelector('.cw-transcript')!.dispatchEvent(new Event('scroll'));
      return before - composer.getBoundingClientRect().top;
    });
    assert.ok(grew > 8, `the composer grew by more than the following slack (${grew} px)`);
    await chat.frames(3);
    const last = (await chat.page.locator('.cw-entry').last().boundingBox())!;
    const transcript = await box('.cw-transcript');
    assert.ok(
      last.y + last.height <= transcript.bottom + 1,
      `the last entry ends (${last.y + last.height}) within the transcript (${transcript.bottom})`,
    );
    assert.equal(await chat.page.getByRole('button', { name: 'Jump to latest' }).isVisible(), false);
  });

  it('offers Stop only while the agent runs', async () => {
    const stop = chat.page.getByRole('button', { name: 'Stop' });
    assert.equal(await stop.isVisible(), false);
    await chat.send({ type: 'running', running: true });
    assert.equal(await stop.isVisible(), true);
    await chat.send({ type: 'running', running: false });
    assert.equal(await stop.isVisible(), false);
    assert.equal(await chat.page.getByRole('button', { name: 'Send' }).isVisible(), true);
  });
});
