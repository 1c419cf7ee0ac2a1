import assert from 'node:assert/strict';
import { chatEnvironment, ChatPage, openChatPage } from './chatPage';
import { event, replay } from './fixtures';

describe('chat webview: the instruction files a turn used (Chromium)', function () {
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

  const line = () => chat.page.getByRole('note', { name: 'Instruction files of this turn' });
  const files = [
    { path: '/ws/AGENTS.md', label: 'AGENTS.md', truncated: false },
    { path: '/ws/src/AGENTS.md', label: 'src/AGENTS.md', truncated: true },
  ];

  it("shows a line after the turn's message whose names open the files", async () => {
    await chat.send(event({ type: 'user_message', id: 'u1', text: 'Build it', files: [], images: [] }));
    await chat.send({ type: 'instructions_used', files });
    await chat.send(event({ type: 'text_done', itemId: 'msg_1', text: 'Built.' }));
    await chat.frames();
    assert.equal(await line().textContent(), 'Instructions: AGENTS.md, src/AGENTS.md (cut)');
    const order = await chat.page
      .locator('.cw-list > *')
      .evaluateAll((nodes) =>
        nodes.map((n) => ((n as { className: string }).className.includes('cw-instructions') ? 'instructions' : 'entry')),
      );
    assert.deepEqual(order, ['entry', 'instructions', 'entry'], 'the line sits in the turn, after its message');
    await line().getByRole('button', { name: 'src/AGENTS.md (cut)' }).click();
    await line().getByRole('button', { name: 'AGENTS.md', exact: true }).click();
    assert.deepEqual(
      (await chat.posted()).filter((m) => m.type === 'open_instruction_file'),
      [
        { type: 'open_instruction_file', path: '/ws/src/AGENTS.md' },
        { type: 'open_instruction_file', path: '/ws/AGENTS.md' },
      ],
    );
  });

  it('spells out hidden characters in a file name', async () => {
    await chat.send({
      type: 'instructions_used',
      files: [{ path: '/ws/a\u202Eb/AGENTS.md', label: 'a\u202Eb/AGENTS.md', truncated: false }],
    });
    await chat.frames();
    const button = line().getByRole('button');
    assert.equal(await button.textContent(), 'a⟨U+202E⟩b/AGENTS.md');
    assert.match((await button.getAttribute('title'))!, /invisible or direction-changing characters \(U\+202E\)/);
  });

  it('is gone when the conversation is replaced, and a malformed list shows nothing', async () => {
    await chat.send({ type: 'instructions_used', files });
    await chat.frames();
    assert.equal(await line().count(), 1);
    await chat.sendAll(replay([]));
    await chat.frames();
    assert.equal(await line().count(), 0);
    await chat.send({ type: 'instructions_used', files: [{ path: '', label: 'AGENTS.md', truncated: false }] });
    await chat.frames();
    assert.equal(await line().count(), 0);
  });
});
