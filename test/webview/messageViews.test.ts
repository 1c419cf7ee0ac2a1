import assert from 'node:assert/strict';
import type { WebviewMessage } from '../../src/shared/protocol';
import { chatEnvironment, ChatPage, openChatPage } from './chatPage';
import { event } from './fixtures';

describe('chat webview: actions on messages (Chromium)', function () {
  this.timeout(60_000);
  const env = chatEnvironment();
  let chat: ChatPage;
  beforeEach(async () => {
    chat = await openChatPage(env.browser, env.server);
    await chat.send(event({ type: 'user_message', id: 'u1', text: 'Fix the parser', files: [], images: [] }));
    await chat.send(event({ type: 'text_done', itemId: 'msg_1', text: 'Fixed **the loop**.' }));
    await chat.frames();
  });
  afterEach(async () => {
    assert.deepEqual(chat.errors, [], 'no uncaught errors in the view');
    await chat.close();
  });

  const posted = async (type: WebviewMessage['type']) => (await chat.posted()).filter((m) => m.type === type);
  const user = () => chat.page.locator('.cw-entry-user');

  it('copies a message as typed and an answer as its Markdown source', async () => {
    await user().getByRole('button', { name: 'Copy message' }).click();
    await chat.page.locator('.cw-entry-assistant').getByRole('button', { name: 'Copy answer' }).click();
    assert.deepEqual(await posted('copy'), [
      { type: 'copy', text: 'Fix the parser' },
      { type: 'copy', text: 'Fixed **the loop**.' },
    ]);
  });

  it('retries a message: the chat goes back to it and sends it again', async () => {
    await user().getByRole('button', { name: 'Retry: send this message again' }).click();
    assert.deepEqual(await posted('resend'), [{ type: 'resend', id: 'u1', text: 'Fix the parser' }]);
  });

  it('edits a message in place and resends it with Enter; Escape puts it back unchanged', async () => {
    await user().getByRole('button', { name: 'Edit and resend' }).click();
    const input = user().getByRole('textbox', { name: /Edit your message/ });
    assert.equal(await input.inputValue(), 'Fix the parser');
    assert.equal(await user().locator('.cw-user-text').isVisible(), false, "the editor takes the text's place");
    await input.press('Escape');
    assert.equal(await user().locator('.cw-user-text').textContent(), 'Fix the parser');
    assert.deepEqual(await posted('resend'), [], 'a cancelled edit sends nothing');

    await user().getByRole('button', { name: 'Edit and resend' }).click();
    await input.fill('Fix the tokenizer instead');
    await input.press('Enter');
    assert.deepEqual(await posted('resend'), [{ type: 'resend', id: 'u1', text: 'Fix the tokenizer instead' }]);
    assert.equal(await input.isVisible(), false);
  });

  it('sends no empty edit', async () => {
    await user().getByRole('button', { name: 'Edit and resend' }).click();
    await user()
      .getByRole('textbox', { name: /Edit your message/ })
      .fill('   ');
    await user().locator('.cw-edit').getByRole('button', { name: 'Send', exact: true }).click();
    assert.deepEqual(await posted('resend'), []);
  });

  it("offers Edit and Retry only while the agent is idle, Copy always; an answer's Copy once it is complete", async () => {
    await chat.send({ type: 'running', running: true });
    await chat.send(event({ type: 'text_delta', itemId: 'msg_2', delta: 'Working' }));
    await chat.frames();
    assert.equal(await user().getByRole('button', { name: 'Edit and resend' }).isVisible(), false);
    assert.equal(await user().getByRole('button', { name: 'Retry: send this message again' }).isVisible(), false);
    assert.equal(await user().getByRole('button', { name: 'Copy message' }).isVisible(), true);
    assert.equal(await chat.page.locator('.cw-entry-assistant').last().getByRole('button', { name: 'Copy answer' }).isVisible(), false);
    await chat.send({ type: 'running', running: false });
    await chat.send(event({ type: 'text_done', itemId: 'msg_2', text: 'Working on it.' }));
    await chat.frames();
    assert.equal(await user().getByRole('button', { name: 'Edit and resend' }).isVisible(), true);
    assert.equal(await chat.page.locator('.cw-entry-assistant').last().getByRole('button', { name: 'Copy answer' }).isVisible(), true);
  });
});
