import assert from 'node:assert/strict';
import type { HostMessage, WebviewMessage } from '../../src/shared/protocol';
import { chatEnvironment, ChatPage, openChatPage } from './chatPage';

type Config = Extract<HostMessage, { type: 'config' }>;

const BASE: Config = {
  type: 'config',
  models: ['gpt-6.2-sol', 'gpt-6.1-sol', 'gpt-5'],
  model: 'gpt-6.2-sol',
  effort: 'medium',
  efforts: ['low', 'medium', 'high', 'xhigh', 'max'],
};

describe('chat webview: the model in the header and the composer (Chromium)', function () {
  this.timeout(60_000);
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

  const header = () => chat.page.locator('header.cw-header');
  const posted = async <T extends WebviewMessage['type']>(type: T) =>
    (await chat.posted()).filter((m): m is Extract<WebviewMessage, { type: T }> => m.type === type);
  const effortOptions = () =>
    chat.page
      .getByRole('combobox', { name: 'Reasoning effort' })
      .locator('option')
      .evaluateAll((o) => o.map((e) => (e as HTMLOptionElement).value));

  it('names the model the chat picked and why, with no warning for a model far from its shutdown', async () => {
    const notice = 'No model is configured, so Codewright uses gpt-6.2-sol: the first of its preferred models that OpenAI serves.';
    await chat.send({ ...BASE, notice });
    assert.equal(await header().locator('.cw-model').textContent(), 'gpt-6.2-sol');
    assert.equal(await header().locator('.cw-model-notice').textContent(), notice);
    assert.equal(await header().getByRole('alert').isVisible(), false);
    await chat.send({ ...BASE, model: 'gpt-6.1-sol' });
    assert.equal(await header().locator('.cw-model-notice').isVisible(), false, 'a configured model needs no notice');
  });

  it('shows how the tools reach the model next to the model once the chat has a session', async () => {
    await chat.send(BASE);
    assert.equal(await header().locator('.cw-dialect').isVisible(), false, 'no session yet, no dialect');
    await chat.send({ ...BASE, dialect: 'function tools (Chat Completions)' });
    assert.equal(await header().locator('.cw-dialect').textContent(), 'function tools (Chat Completions)');
    assert.equal(await header().locator('.cw-dialect').isVisible(), true);
  });

  it('warns in the header about a model close to its shutdown and switches to the replacement with the button', async () => {
    const warning = 'gpt-5 shuts down on 2026-12-11 (in 11 days): switch to gpt-6.1-sol before then.';
    await chat.send({ ...BASE, model: 'gpt-5', warning, replacement: 'gpt-6.1-sol' });
    const alert = header().getByRole('alert');
    assert.match((await alert.textContent())!, /gpt-5 shuts down on 2026-12-11 \(in 11 days\)/);
    await alert.getByRole('button', { name: 'Switch to gpt-6.1-sol' }).click();
    assert.deepEqual(await posted('switch_model'), [{ type: 'switch_model', model: 'gpt-6.1-sol' }]);
    await chat.send({ ...BASE, model: 'gpt-6.1-sol' });
    assert.equal(await alert.isVisible(), false, 'the warning goes with the model');
  });

  it('shows the refusal of a retired model without a button when the provider serves no replacement', async () => {
    const warning =
      'The model "gpt-5.1-codex" is not available at Local (HTTP 404): pick another model in the chat header or set codewright.model.';
    await chat.send({ ...BASE, model: 'gpt-5.1-codex', warning });
    assert.equal(await header().getByRole('alert').textContent(), warning);
    assert.equal(
      await header()
        .getByRole('button', { name: /Switch to/ })
        .count(),
      0,
    );
  });

  it('offers only the efforts the model accepts and shows the level the host chose', async () => {
    await chat.send({ ...BASE });
    assert.deepEqual(await effortOptions(), ['low', 'medium', 'high', 'xhigh', 'max']);
    await chat.send({ ...BASE, model: 'gpt-6.1-terra', efforts: ['none', 'low', 'medium', 'high', 'xhigh', 'max'], effort: 'none' });
    assert.deepEqual(await effortOptions(), ['none', 'low', 'medium', 'high', 'xhigh', 'max']);
    assert.equal(await chat.page.getByRole('combobox', { name: 'Reasoning effort' }).inputValue(), 'none');
    await chat.send({ ...BASE, effort: 'low' });
    assert.deepEqual(await effortOptions(), ['low', 'medium', 'high', 'xhigh', 'max'], 'none is no longer offered');
    await chat.page.getByRole('textbox', { name: /Message Codewright/ }).fill('hello');
    await chat.page.getByRole('button', { name: 'Send' }).click();
    assert.equal((await posted('send'))[0]?.effort, 'low');
  });
});
