import assert from 'node:assert/strict';
import type { WorkspaceSummary } from '../../src/shared/protocol';
import { chatEnvironment, ChatPage, openChatPage } from './chatPage';
import { event } from './fixtures';

const SAMPLE: WorkspaceSummary = {
  name: 'sample',
  languages: ['TypeScript', 'JSON'],
  files: ['README.md', 'package.json', 'src/parser.ts'],
  hasTests: true,
};

describe('chat webview: suggested prompts in the empty chat (Chromium)', function () {
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

  const prompts = () => chat.page.getByRole('group', { name: 'Suggested prompts' }).getByRole('button');

  it('suggests prompts that fit the workspace, and sends one as a message when clicked', async () => {
    await chat.send({
      type: 'config',
      models: ['gpt-6.2-astra'],
      model: 'gpt-6.2-astra',
      effort: 'high',
      efforts: ['low', 'medium', 'high', 'xhigh', 'max'],
    });
    await chat.send({ type: 'workspace', workspace: SAMPLE });
    assert.deepEqual(await prompts().allTextContents(), [
      'Explain how this TypeScript project is organised',
      'Find likely bugs in src/parser.ts',
      'Run the tests and fix any that fail',
      'Check that README.md matches what the code does',
    ]);
    await prompts().nth(1).click();
    const sent = (await chat.posted()).filter((m) => m.type === 'send');
    assert.deepEqual(sent, [
      { type: 'send', text: 'Find likely bugs in src/parser.ts', files: [], images: [], model: 'gpt-6.2-astra', effort: 'high' },
    ]);
  });

  it('fits a workspace without tests, sources or a README', async () => {
    await chat.send({ type: 'workspace', workspace: { name: 'notes', languages: [], files: [], hasTests: false } });
    assert.deepEqual(await prompts().allTextContents(), [
      'Explain how notes is organised',
      'Add tests for the main module',
      'Suggest a first improvement to this project',
    ]);
  });

  it('hides the suggestions with the rest of the empty state once the chat has messages', async () => {
    await chat.send({ type: 'workspace', workspace: SAMPLE });
    assert.equal(await prompts().first().isVisible(), true);
    await chat.send(event({ type: 'user_message', id: 'u1', text: 'Hello', files: [], images: [] }));
    await chat.frames();
    assert.equal(await prompts().first().isVisible(), false);
  });

  it('drops a workspace description that does not parse', async () => {
    await chat.send({ type: 'workspace', workspace: { name: 'x', languages: 'TypeScript', files: [], hasTests: false } } as Record<
      string,
      unknown
    >);
    assert.equal(await prompts().count(), 0);
  });
});
