import assert from 'node:assert/strict';
import { chatEnvironment, ChatPage, openChatPage } from './chatPage';

describe('chat webview: approval modes in the header (Chromium)', function () {
  this.timeout(60_000);
  const env = chatEnvironment();
  let chat: ChatPage;
  beforeEach(async () => {
    chat = await openChatPage(env.browser, env.server);
  });
  afterEach(async () => {
    assert.deepEqual(chat.errors, [], 'no uncaught errors in the view');
    await chat.close();
  });

  const edits = () => chat.page.getByRole('combobox', { name: 'Edits approval' });
  const commands = () => chat.page.getByRole('combobox', { name: 'Commands approval' });

  it('shows the modes the host reports and posts each change for the host to write to the settings', async () => {
    assert.equal(await edits().isVisible(), false, 'hidden until the host reports the settings');
    await chat.send({ type: 'approval_modes', modes: { edits: 'ask', commands: 'allowlist' } });
    assert.equal(await edits().inputValue(), 'ask');
    assert.equal(await commands().inputValue(), 'allowlist');
    assert.deepEqual(await edits().locator('option').allTextContents(), ['Ask', 'Apply', 'Off']);
    assert.deepEqual(await commands().locator('option').allTextContents(), ['Ask', 'Allowlist', 'Run', 'Off']);
    await edits().selectOption('auto');
    await commands().selectOption('never');
    assert.deepEqual(
      (await chat.posted()).filter((m) => m.type === 'set_approval'),
      [
        { type: 'set_approval', edits: 'auto' },
        { type: 'set_approval', commands: 'never' },
      ],
    );
    assert.match((await commands().getAttribute('title'))!, /off/);
  });

  it('follows the settings when they change elsewhere', async () => {
    await chat.send({ type: 'approval_modes', modes: { edits: 'ask', commands: 'ask' } });
    await chat.send({ type: 'approval_modes', modes: { edits: 'never', commands: 'auto' } });
    assert.equal(await edits().inputValue(), 'never');
    assert.equal(await commands().inputValue(), 'auto');
  });

  it("drops a mode that is not one of the settings' values", async () => {
    await chat.send({ type: 'approval_modes', modes: { edits: 'ask', commands: 'ask' } });
    await chat.send({ type: 'approval_modes', modes: { edits: 'sometimes', commands: 'ask' } } as Record<string, unknown>);
    assert.equal(await edits().inputValue(), 'ask');
  });
});
