import assert from 'node:assert/strict';
import type { McpApprovalCard } from '../../src/shared/protocol';
import { TINY_PNG } from '../fake-mcp/tools';
import { chatEnvironment, ChatPage, openChatPage } from './chatPage';
import { event } from './fixtures';

describe('chat webview: MCP approval cards (Chromium)', function () {
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

  const card = (over: Partial<McpApprovalCard> = {}): McpApprovalCard => ({
    callId: 'call_1',
    server: 'everything',
    tool: 'echo',
    functionName: 'mcp__everything__echo',
    arguments: JSON.stringify({ message: 'hi' }, null, 2),
    ...over,
  });
  const region = (tool = 'echo', server = 'everything') => chat.page.getByRole('region', { name: `MCP tool ${tool} of ${server}` });

  it('shows the server, the tool and the arguments, and each button answers once', async () => {
    await chat.send({ type: 'mcp_approval', card: card() });
    await chat.send({ type: 'mcp_approval', card: card({ callId: 'call_2', tool: 'add' }) });
    await chat.send({ type: 'mcp_approval', card: card({ callId: 'call_3', tool: 'sleep' }) });
    assert.equal(await region().locator('.cw-mcp-server').textContent(), 'everything');
    assert.equal(await region().locator('.cw-mcp-tool').textContent(), 'echo');
    assert.equal(await region().getByLabel('Arguments').textContent(), '{\n  "message": "hi"\n}');
    await region().getByRole('button', { name: 'Allow', exact: true }).click();
    await region('add').getByRole('button', { name: 'Always allow this tool' }).click();
    await region('sleep').getByRole('button', { name: 'Deny' }).click();
    assert.deepEqual(
      (await chat.posted()).filter((m) => m.type === 'mcp_answer'),
      [
        { type: 'mcp_answer', callId: 'call_1', decision: 'allow' },
        { type: 'mcp_answer', callId: 'call_2', decision: 'always' },
        { type: 'mcp_answer', callId: 'call_3', decision: 'deny' },
      ],
    );
    assert.equal(await chat.page.locator('.cw-mcp-card').count(), 0, 'answered cards are gone');
    assert.equal(await chat.page.locator('.cw-mcp-cards').isVisible(), false);
  });

  it('takes a card away when the host settles it (the turn was cancelled)', async () => {
    await chat.send({ type: 'mcp_approval', card: card() });
    assert.equal(await region().isVisible(), true);
    await chat.send({ type: 'mcp_settled', callId: 'call_1' });
    assert.equal(await region().count(), 0);
  });

  it('spells out hidden characters in names and arguments, with a warning', async () => {
    const args = JSON.stringify({ path: 'notes\u200B.txt', command: 'ls \u202Etxt.exe' }, null, 2);
    await chat.send({ type: 'mcp_approval', card: card({ server: 'fs\u2066', arguments: args }) });
    const shown = region('echo', 'fs\u2066');
    assert.equal(await shown.locator('.cw-mcp-server').textContent(), 'fs⟨U+2066⟩');
    assert.match((await shown.getByLabel('Arguments').textContent())!, /notes⟨U\+200B⟩\.txt[\s\S]*ls ⟨U\+202E⟩txt\.exe/);
    assert.match((await shown.getByRole('alert').textContent())!, /U\+2066/);
  });

  it('drops a malformed card', async () => {
    await chat.send({ type: 'mcp_approval', card: { ...card(), callId: '' } });
    await chat.send({ type: 'mcp_approval', card: { ...card(), arguments: 'x'.repeat(10_000) } });
    assert.equal(await chat.page.locator('.cw-mcp-card').count(), 0);
  });

  it("shows the images an MCP tool returned on the call's card, as decoded pictures", async () => {
    const png = `data:image/png;base64,${TINY_PNG}`;
    await chat.send(
      event({
        type: 'tool_call_started',
        call: { kind: 'function', callId: 'm1', name: 'mcp__everything__get-tiny-image', arguments: '{}' },
      }),
    );
    await chat.send(
      event({ type: 'tool_call_updated', callId: 'm1', status: 'running', outputDelta: 'a picture\n[1 image]', images: [png] }),
    );
    await chat.send(
      event({ type: 'tool_call_finished', callId: 'm1', outcome: 'completed', summary: 'everything/get-tiny-image: a picture' }),
    );
    await chat.frames();
    const image = chat.page
      .getByRole('article', { name: 'Tool call' })
      .getByRole('img', { name: 'Image 1 returned by mcp__everything__get-tiny-image' });
    assert.equal(await image.getAttribute('src'), png);
    assert.equal(await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), 1, 'the picture decoded');
  });
});
