import assert from 'node:assert/strict';
import type { WebviewMessage } from '../../src/shared/protocol';
import { chatEnvironment, ChatPage, openChatPage } from './chatPage';

// A 1x1 PNG.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('chat webview: the composer, history and header (Chromium)', function () {
  this.timeout(60_000);
  const env = chatEnvironment();
  let chat: ChatPage;
  beforeEach(async () => {
    chat = await openChatPage(env.browser, env.server);
    await chat.send({
      type: 'config',
      models: ['gpt-5.1-codex', 'gpt-5.1-codex-mini', 'my-local-model'],
      model: 'gpt-5.1-codex',
      effort: 'medium',
      efforts: ['low', 'medium', 'high'],
    });
  });
  afterEach(async () => {
    assert.deepEqual(chat.errors, [], 'no uncaught errors in the view');
    assert.deepEqual(await chat.violations(), [], 'no Content Security Policy violations');
    await chat.close();
  });

  const textbox = () => chat.page.getByRole('textbox', { name: /Message Codewright/ });
  const posted = async <T extends WebviewMessage['type']>(type: T) =>
    (await chat.posted()).filter((m): m is Extract<WebviewMessage, { type: T }> => m.type === type);

  it('sends on Enter with the chosen model and effort, adds a line on Shift+Enter, and ignores an empty message', async () => {
    await textbox().click();
    await chat.page.keyboard.press('Enter');
    assert.deepEqual(await posted('send'), [], 'nothing to send');
    await chat.page.keyboard.type('First line');
    await chat.page.keyboard.press('Shift+Enter');
    await chat.page.keyboard.type('second line');
    assert.equal(await textbox().inputValue(), 'First line\nsecond line');
    await chat.page.getByRole('combobox', { name: 'Model' }).selectOption('my-local-model');
    await chat.page.getByRole('combobox', { name: 'Reasoning effort' }).selectOption('high');
    await textbox().press('Enter');
    assert.deepEqual(await posted('send'), [
      { type: 'send', text: 'First line\nsecond line', files: [], images: [], model: 'my-local-model', effort: 'high' },
    ]);
    assert.deepEqual(await posted('set_model'), [{ type: 'set_model', model: 'my-local-model' }]);
    assert.deepEqual(await posted('set_effort'), [{ type: 'set_effort', effort: 'high' }]);
    assert.equal(await textbox().inputValue(), '', 'the composer is cleared');
  });

  it('shows Stop while the agent works: it posts stop, and Enter does not send meanwhile', async () => {
    await chat.send({ type: 'running', running: true });
    const stop = chat.page.getByRole('button', { name: 'Stop' });
    assert.ok(await stop.isVisible());
    assert.equal(await chat.page.getByRole('button', { name: 'Send' }).isVisible(), false);
    await textbox().fill('next question');
    await textbox().press('Enter');
    assert.deepEqual(await posted('send'), []);
    await stop.click();
    assert.deepEqual(await posted('stop'), [{ type: 'stop' }]);
    await chat.send({ type: 'running', running: false });
    await chat.page.getByRole('button', { name: 'Send' }).click();
    assert.equal((await posted('send'))[0]?.text, 'next question', 'the draft was kept and sends once the turn is over');
  });

  it('completes @ mentions from the workspace files the host finds, and attaches the picked file', async () => {
    await textbox().click();
    await chat.page.keyboard.type('Explain @rea');
    const queries = await posted('mention_query');
    assert.deepEqual(queries.at(-1), { type: 'mention_query', requestId: queries.length, query: 'rea' });
    // An answer to an older query is dropped; the latest one is shown.
    await chat.send({ type: 'mention_results', requestId: queries.length - 1, files: ['stale.ts'] });
    await chat.send({ type: 'mention_results', requestId: queries.length, files: ['README.md', 'src/reader.ts', 'docs/area.md'] });
    const list = chat.page.getByRole('listbox', { name: 'Workspace files' });
    await list.waitFor();
    assert.deepEqual(await list.getByRole('option').allTextContents(), ['README.md', 'reader.tssrc', 'area.mddocs']);
    assert.equal(await textbox().getAttribute('aria-expanded'), 'true');
    await chat.page.keyboard.press('ArrowDown');
    assert.equal(await list.getByRole('option', { selected: true }).getAttribute('title'), 'src/reader.ts');
    assert.equal(await textbox().getAttribute('aria-activedescendant'), 'cw-mention-1');
    await chat.page.keyboard.press('Enter');
    assert.equal(await list.isVisible(), false);
    assert.equal(await textbox().inputValue(), 'Explain @src/reader.ts ');
    assert.deepEqual(await chat.page.locator('.cw-composer .cw-chip-label').allTextContents(), ['src/reader.ts']);
    assert.deepEqual(await posted('send'), [], 'picking a file does not send');
    await chat.page.keyboard.press('Enter');
    assert.deepEqual((await posted('send'))[0]?.files, ['src/reader.ts']);
    assert.equal(await chat.page.locator('.cw-composer .cw-chip').count(), 0);
  });

  it('closes the mention list on Escape and mentions nothing without an @', async () => {
    await textbox().click();
    await chat.page.keyboard.type('email me at a@b');
    assert.deepEqual(await posted('mention_query'), [], 'an @ inside a word is not a mention');
    await chat.page.keyboard.type(' @');
    const requestId = (await posted('mention_query')).length;
    await chat.send({ type: 'mention_results', requestId, files: ['README.md'] });
    await chat.page.getByRole('listbox').waitFor();
    await chat.page.keyboard.press('Escape');
    assert.equal(await chat.page.getByRole('listbox').isVisible(), false);
    await chat.page.keyboard.press('Enter');
    assert.deepEqual((await posted('send'))[0]?.files, []);
  });

  it('offers the editor selection as a removable chip, sent once with the next message', async () => {
    await chat.send({ type: 'selection', selection: { path: 'src/parser.ts', startLine: 3, endLine: 10 } });
    const chip = chat.page.locator('.cw-composer .cw-chip');
    assert.equal(await chip.locator('.cw-chip-label').textContent(), 'parser.ts:3-10');
    await textbox().fill('What does this do?');
    await textbox().press('Enter');
    assert.deepEqual((await posted('send'))[0]?.selection, { path: 'src/parser.ts', startLine: 3, endLine: 10 });
    assert.equal(await chip.count(), 0, 'a sent selection is not offered again');
    await chat.send({ type: 'selection', selection: { path: 'src/parser.ts', startLine: 12, endLine: 12 } });
    assert.equal(await chip.locator('.cw-chip-label').textContent(), 'parser.ts:12', 'a new selection is');
    await chip.getByRole('button', { name: 'Remove the selection from the context' }).click();
    assert.equal(await chip.count(), 0);
    await textbox().fill('And this?');
    await textbox().press('Enter');
    assert.equal((await posted('send'))[1]?.selection, undefined, 'a removed chip is not sent');
  });

  it('attaches pasted and picked images as input_image data URLs, and refuses other files', async () => {
    await textbox().click();
    await chat.page.evaluate((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'shot.png', { type: 'image/png' }));
      document
        .querySelector('textarea')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, PNG_BASE64);
    await chat.page.locator('.cw-composer .cw-chip img').first().waitFor();
    await chat.page.locator('.cw-composer input[type=file]').setInputFiles([
      { name: 'picked.png', mimeType: 'image/png', buffer: Buffer.from(PNG_BASE64, 'base64') },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') },
    ]);
    await chat.page.getByRole('status').filter({ hasText: 'cannot be attached' }).waitFor();
    assert.match(
      (await chat.page.locator('.cw-composer-notice').textContent())!,
      /notes\.txt cannot be attached: use a PNG, JPEG, GIF or WebP image/,
    );
    assert.equal(await chat.page.locator('.cw-composer .cw-chip img').count(), 2);
    await chat.page.getByRole('button', { name: 'Remove image 1' }).click();
    await textbox().fill('What is wrong here?');
    await textbox().press('Enter');
    const sent = (await posted('send'))[0]!;
    assert.deepEqual(sent.images, [`data:image/png;base64,${PNG_BASE64}`]);
  });

  it('takes a message back into the composer when the chat is restored to before it, focused and kept as the draft', async () => {
    await chat.send({ type: 'draft', text: 'Rename the helper\nand update its callers' });
    assert.equal(await textbox().inputValue(), 'Rename the helper\nand update its callers');
    assert.equal(await textbox().evaluate((e) => e === document.activeElement), true);
    assert.deepEqual(await chat.state(), { draft: 'Rename the helper\nand update its callers' });
    await textbox().press('Enter');
    assert.equal((await posted('send'))[0]?.text, 'Rename the helper\nand update its callers');
  });

  it('keeps the unsent draft across the view being hidden and shown', async () => {
    await textbox().fill('half-written question');
    const state = await chat.state();
    assert.deepEqual(state, { draft: 'half-written question' });
    const again = await openChatPage(env.browser, env.server, { state });
    try {
      assert.equal(await again.page.getByRole('textbox', { name: /Message Codewright/ }).inputValue(), 'half-written question');
    } finally {
      await again.close();
    }
  });

  it('lists past chats in the history: open one to resume it, rename or delete it', async () => {
    const now = Date.now();
    await chat.send({ type: 'show_history' });
    const panel = chat.page.getByRole('region', { name: 'Chat history' });
    await panel.waitFor();
    assert.deepEqual(await posted('history'), [{ type: 'history' }], 'opening the panel asks for the list');
    await chat.send({
      type: 'history',
      currentId: 's2',
      sessions: [
        { id: 's1', title: 'Older chat', model: 'gpt-5.1-codex-mini', updatedAt: now - 3 * 86_400_000 },
        { id: 's2', title: 'Fix the parser', model: 'gpt-5.1-codex', updatedAt: now - 5 * 60_000 },
      ],
    });
    const items = panel.locator('.cw-history-item');
    assert.deepEqual(await items.locator('.cw-history-item-title').allTextContents(), ['Fix the parser', 'Older chat'], 'newest first');
    assert.deepEqual(await items.locator('.cw-history-item-meta').allTextContents(), [
      '5 min ago · gpt-5.1-codex',
      '3 days ago · gpt-5.1-codex-mini',
    ]);
    assert.equal(await items.first().getAttribute('aria-current'), 'true');
    await panel.getByRole('button', { name: 'Rename chat: Older chat' }).click();
    await panel.getByRole('button', { name: 'Delete chat: Fix the parser' }).click();
    await panel.getByRole('button', { name: 'Open chat: Older chat' }).click();
    assert.deepEqual(
      (await chat.posted()).filter((m) => ['rename', 'delete', 'resume'].includes(m.type)),
      [
        { type: 'rename', id: 's1' },
        { type: 'delete', id: 's2' },
        { type: 'resume', id: 's1' },
      ],
    );
    assert.equal(await panel.isVisible(), false, 'opening a chat closes the history');
    await chat.send({ type: 'show_history' });
    await panel.waitFor();
    await chat.page.keyboard.press('Escape');
    assert.equal(await panel.isVisible(), false, 'Escape closes it');
  });

  it('is usable from the keyboard alone, with every control named for screen readers', async () => {
    await chat.send({ type: 'selection', selection: { path: 'a.ts', startLine: 1, endLine: 2 } });
    await chat.send({
      type: 'transcript',
      replay: 1,
      session: null,
      running: false,
      entries: [
        { kind: 'edit', id: 'e1', change: 'update', path: 'a.ts', added: 1, removed: 1, status: 'awaiting_review', pending: true },
        { kind: 'assistant', id: 'a1', text: '```js\nx()\n```', streaming: false },
      ],
    });
    await chat.frames();
    const unnamed = await chat.page.evaluate(() =>
      [...document.querySelectorAll('button, select, textarea, input:not([type=file]), [role=option]')]
        .filter((e) => !(e.getAttribute('aria-label') || e.textContent?.trim() || e.getAttribute('title')))
        .map((e) => e.outerHTML),
    );
    assert.deepEqual(unnamed, []);
    // Tab from the top reaches the card's buttons, the code block's buttons, the composer and its controls.
    const reached = new Set<string>();
    await chat.page.locator('body').focus();
    for (let i = 0; i < 30; i++) {
      await chat.page.keyboard.press('Tab');
      reached.add(
        await chat.page.evaluate(
          () => document.activeElement?.getAttribute('aria-label') || document.activeElement?.textContent?.trim() || '',
        ),
      );
    }
    for (const name of [
      'Open Diff',
      'Accept',
      'Reject',
      'Copy code',
      'Insert code at cursor',
      'Remove the selection from the context',
      'Attach images',
      'Model',
      'Reasoning effort',
      'Send',
    ]) {
      assert.ok(reached.has(name), `${name} is reachable with Tab (reached: ${[...reached].join(' | ')})`);
    }
    assert.ok([...reached].some((n) => n.startsWith('Message Codewright')));
  });

  it('shows the provider and model in the header, and offers Set API Key when the provider needs one', async () => {
    await chat.send({ type: 'provider', provider: { label: 'Azure OpenAI', model: 'gpt-5.1-codex-max', hasApiKey: false } });
    assert.equal(await chat.page.locator('.cw-header .cw-provider').textContent(), 'Azure OpenAI');
    assert.equal(await chat.page.locator('.cw-header .cw-model').textContent(), 'gpt-5.1-codex-max');
    await chat.page.getByRole('button', { name: 'Set API Key' }).click();
    assert.deepEqual(await posted('command'), [{ type: 'command', command: 'setApiKey' }]);
    await chat.send({ type: 'provider', provider: { label: 'Azure OpenAI', model: 'gpt-5.1-codex-max', hasApiKey: true } });
    assert.equal(await chat.page.getByRole('button', { name: 'Set API Key' }).isVisible(), false);
  });
});
