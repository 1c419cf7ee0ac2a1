import assert from 'node:assert/strict';
import type { WebviewMessage } from '../../src/shared/protocol';
import { chatEnvironment, ChatPage, openChatPage } from './chatPage';
import { ANSWER, deltas, event, longSession, replay, USAGE } from './fixtures';

describe('chat webview: the conversation (Chromium)', function () {
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

  const user = (id: string, text: string) => event({ type: 'user_message', id, text, files: [], images: [] });
  const posted = async (type: WebviewMessage['type']) => (await chat.posted()).filter((m) => m.type === type);
  const distanceToBottom = () => chat.page.locator('.cw-transcript').evaluate((t) => t.scrollHeight - t.scrollTop - t.clientHeight);

  it('streams an answer as Markdown: headings, lists, highlighted code, tables and links', async () => {
    await chat.send(user('u1', 'Fix the parser'));
    await chat.sendAll(deltas('msg_1', ANSWER).map(event));
    await chat.frames();
    const answer = chat.page.locator('.cw-entry-assistant');
    assert.equal(await answer.getAttribute('aria-busy'), 'true', 'still streaming');
    assert.equal(await answer.locator('h2').textContent(), 'Plan');
    assert.equal(await answer.locator('ol > li').count(), 3);
    assert.equal(await answer.locator('strong').textContent(), 'last token');
    assert.equal(await answer.locator('.cw-code .cw-code-lang').textContent(), 'ts');
    assert.ok((await answer.locator('pre code .hljs-keyword').count()) >= 2, 'the TypeScript is highlighted');
    assert.match((await answer.locator('pre code').textContent())!, /return text\.split/);
    assert.equal(await answer.locator('table th').count(), 2);
    assert.equal(await answer.locator('th.cw-align-right + *, td.cw-align-right').count(), 1, 'column alignment survives as a class');
    assert.equal(await answer.locator('th.cw-align-right').textContent(), 'change');
    assert.equal(await answer.locator('a').getAttribute('href'), 'https://example.com/docs');
    await chat.send(event({ type: 'text_done', itemId: 'msg_1', text: ANSWER }));
    await chat.frames();
    assert.equal(await answer.getAttribute('aria-busy'), 'false');
    assert.equal(await chat.page.locator('.cw-entry-user .cw-user-text').textContent(), 'Fix the parser');
    assert.equal(await chat.page.locator('.cw-empty').isVisible(), false, 'the empty state is gone');
  });

  it('keeps the first number of an ordered list that does not start at 1', async () => {
    await chat.send(event({ type: 'text_done', itemId: 'msg_1', text: 'Then:\n\n7. seventh\n8. eighth' }));
    await chat.frames();
    const list = chat.page.locator('.cw-entry-assistant ol');
    assert.equal(await list.getAttribute('start'), '7');
    assert.equal(await list.evaluate((ol) => (ol as HTMLOListElement).start), 7);
  });

  it('applies all deltas that arrive between two frames in one DOM update', async () => {
    await chat.page.evaluate(() => {
      const w = window as unknown as { frame: number; updates: number[] };
      w.frame = 0;
      w.updates = [];
      const tick = () => {
        w.frame++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      new MutationObserver(() => w.updates.push(w.frame)).observe(document.querySelector('.cw-list')!, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    const stream = deltas('msg_1', ANSWER.repeat(3), 2);
    // Several bursts, each delivered as separate message tasks, like a fast model stream.
    for (let i = 0; i < stream.length; i += 100) {
      await chat.sendAll(stream.slice(i, i + 100).map(event));
    }
    await chat.frames();
    const updates = await chat.page.evaluate(() => (window as unknown as { updates: number[] }).updates);
    assert.ok(updates.length > 0);
    assert.ok(updates.length < stream.length / 10, `${stream.length} deltas caused ${updates.length} DOM updates`);
    assert.equal(new Set(updates).size, updates.length, `at most one DOM update per frame (frames with updates: ${updates.join(',')})`);
  });

  it('touches only the streaming message, and keeps its finished blocks in place', async () => {
    await chat.send(event({ type: 'text_done', itemId: 'msg_0', text: 'An **earlier** answer.' }));
    await chat.sendAll(deltas('msg_1', '# Title\n\nFirst paragraph.\n\nSecond').map(event));
    await chat.frames();
    await chat.page.evaluate(() => {
      const w = window as unknown as { earlier: number; heading: Element };
      const [first, second] = document.querySelectorAll('.cw-entry-assistant');
      w.earlier = 0;
      new MutationObserver((records) => (w.earlier += records.length)).observe(first!, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
      w.heading = second!.querySelector('h1')!;
    });
    await chat.sendAll(deltas('msg_1', ' paragraph, growing.\n\n- a list\n- that streams').map(event));
    await chat.frames();
    const result = await chat.page.evaluate(() => {
      const w = window as unknown as { earlier: number; heading: Element };
      return {
        earlier: w.earlier,
        headingKept: w.heading.isConnected,
        items: document.querySelectorAll('.cw-entry-assistant:nth-child(2) li').length,
      };
    });
    assert.equal(result.earlier, 0, 'the finished message was not touched');
    assert.ok(result.headingKept, 'the finished heading is the same node, not re-rendered');
    assert.equal(result.items, 2);
  });

  it('follows the stream at the bottom, stops when the user scrolls up (nothing moves under them), and resumes on Jump to Latest', async () => {
    const stream = deltas('msg_1', ANSWER.repeat(12), 6);
    const third = Math.floor(stream.length / 3);
    await chat.sendAll(stream.slice(0, third).map(event));
    await chat.frames();
    assert.ok((await distanceToBottom()) <= 1, 'following the newest text');
    await chat.page.mouse.move(200, 300);
    await chat.page.mouse.wheel(0, -300);
    await chat.frames();
    const jump = chat.page.getByRole('button', { name: 'Jump to latest' });
    await jump.waitFor();
    const before = await chat.page.evaluate(() => {
      const t = document.querySelector('.cw-transcript')!;
      const probe = [...document.querySelectorAll('.cw-entry-assistant .cw-md > *')].find(
        (e) => e.getBoundingClientRect().top > t.getBoundingClientRect().top,
      )!;
      (window as unknown as { probe: Element }).probe = probe;
      return { scrollTop: t.scrollTop, top: probe.getBoundingClientRect().top };
    });
    await chat.sendAll(stream.slice(third, 2 * third).map(event));
    await chat.frames();
    const after = await chat.page.evaluate(() => ({
      scrollTop: document.querySelector('.cw-transcript')!.scrollTop,
      top: (window as unknown as { probe: Element }).probe.getBoundingClientRect().top,
    }));
    assert.deepEqual(after, before, 'the text the user is reading did not move while the answer grew below it');
    assert.ok((await distanceToBottom()) > 100, 'no longer pulled to the bottom');
    await jump.click();
    await chat.sendAll(stream.slice(2 * third).map(event));
    await chat.frames();
    assert.ok((await distanceToBottom()) <= 1, 'following again');
    assert.equal(await jump.isVisible(), false);
  });

  it('keeps following when the view moves up without the user (content shrinking, a scroll made by the page)', async () => {
    const stream = deltas('msg_1', ANSWER.repeat(12), 6);
    const half = Math.floor(stream.length / 2);
    await chat.sendAll(stream.slice(0, half).map(event));
    await chat.frames();
    await chat.page.locator('.cw-transcript').evaluate((t) => (t.scrollTop -= 200));
    await chat.frames();
    await chat.sendAll(stream.slice(half).map(event));
    await chat.frames();
    assert.ok((await distanceToBottom()) <= 1, 'still following the newest text');
    assert.equal(await chat.page.getByRole('button', { name: 'Jump to latest' }).isVisible(), false);
  });

  it('streams reasoning summaries into a collapsed Thinking block headed by the latest summary title', async () => {
    await chat.sendAll([
      event({ type: 'reasoning_delta', itemId: 'rs_1', summaryIndex: 0, delta: '**Reading the parser**\n\nIt splits' }),
      event({ type: 'reasoning_delta', itemId: 'rs_1', summaryIndex: 0, delta: ' on whitespace.' }),
      event({ type: 'reasoning_delta', itemId: 'rs_1', summaryIndex: 1, delta: '**Planning the fix**\n\nAdd a test.' }),
    ]);
    await chat.frames();
    const thinking = chat.page.locator('details.cw-entry-reasoning');
    assert.equal(await thinking.getAttribute('open'), null, 'collapsed, so streaming does not push the answer around');
    assert.equal(await thinking.locator('.cw-thinking-title').textContent(), 'Thinking');
    assert.equal(await thinking.locator('.cw-thinking-preview').textContent(), 'Planning the fix');
    assert.ok(await thinking.locator('.codicon-loading').isVisible());
    await thinking.locator('summary').click();
    assert.match((await thinking.locator('.cw-md').textContent())!, /It splits on whitespace\.[\s\S]*Add a test\./);
    await chat.sendAll(deltas('msg_1', 'The answer.').map(event));
    await chat.frames();
    assert.equal(await thinking.locator('.cw-thinking-title').textContent(), 'Thought', 'reasoning ends when the answer starts');
  });

  it('gives every code block Copy and Insert at Cursor buttons that post the code', async () => {
    await chat.send(
      event({ type: 'text_done', itemId: 'msg_1', text: 'Try:\n\n```python\nprint("hi")\n```\n\nor\n\n```\nplain text\n```' }),
    );
    await chat.frames();
    const blocks = chat.page.locator('.cw-code');
    assert.equal(await blocks.count(), 2);
    await blocks.nth(0).getByRole('button', { name: 'Copy code' }).click();
    await blocks.nth(1).getByRole('button', { name: 'Insert code at cursor' }).click();
    assert.deepEqual(await posted('copy'), [{ type: 'copy', text: 'print("hi")\n' }]);
    assert.deepEqual(await posted('insert'), [{ type: 'insert', code: 'plain text\n' }]);
  });

  it('shows an edit card with the path and +/− counts; Open Diff, Accept and Reject post the call id', async () => {
    await chat.sendAll([
      event({
        type: 'tool_call_started',
        call: { kind: 'apply_patch', callId: 'call_e1', operation: { type: 'update_file', path: 'src/parser.ts', diff: '@@\n-a\n+b' } },
      }),
      event({ type: 'tool_call_updated', callId: 'call_e1', status: 'awaiting_review' }),
      event({ type: 'edit_proposed', callId: 'call_e1', change: 'update', path: 'src/parser.ts', added: 12, removed: 3 }),
    ]);
    await chat.frames();
    const card = chat.page.locator('.cw-entry-edit');
    assert.equal(await card.locator('.cw-card-title').textContent(), 'src/parser.ts');
    assert.equal(await card.locator('.cw-added').textContent(), '+12');
    assert.equal(await card.locator('.cw-removed').textContent(), '−3');
    assert.equal(await card.locator('.cw-diffstat').getAttribute('aria-label'), '12 lines added, 3 lines removed');
    assert.match((await card.locator('.cw-card-status').textContent())!, /Waiting for your review/);
    await card.getByRole('button', { name: 'Open Diff' }).click();
    await card.getByRole('button', { name: 'Accept' }).click();
    assert.deepEqual(await posted('edit'), [
      { type: 'edit', callId: 'call_e1', action: 'open' },
      { type: 'edit', callId: 'call_e1', action: 'accept' },
    ]);
    assert.ok(await card.getByRole('button', { name: 'Reject' }).isDisabled(), 'no second decision while the first is on its way');
    await chat.sendAll([
      event({ type: 'edit_settled', callId: 'call_e1' }),
      event({ type: 'tool_call_finished', callId: 'call_e1', outcome: 'completed', summary: 'Updated src/parser.ts' }),
    ]);
    await chat.frames();
    assert.equal(await card.locator('.cw-card-actions').isVisible(), false);
    assert.equal(await card.locator('.cw-card-status').textContent(), 'Updated src/parser.ts');
    assert.equal(await card.getAttribute('data-state'), 'completed');
  });

  it('shows a command card: Run, Always Allow, Reject with a reason, then live output, exit code and duration', async () => {
    await chat.sendAll([
      event({ type: 'tool_call_started', call: { kind: 'shell', callId: 'call_c1', action: { commands: ['npm test > log.txt'] } } }),
      event({
        type: 'approval_requested',
        callId: 'call_c1',
        commands: ['npm test > log.txt'],
        why: 'contains a redirection',
        allowable: false,
      }),
      event({ type: 'tool_call_started', call: { kind: 'shell', callId: 'call_c2', action: { commands: ['rm -r build'] } } }),
      event({ type: 'approval_requested', callId: 'call_c2', commands: ['rm -r build'], allowable: true }),
      event({ type: 'tool_call_started', call: { kind: 'shell', callId: 'call_c3', action: { commands: ['npm run lint'] } } }),
      event({ type: 'approval_requested', callId: 'call_c3', commands: ['npm run lint'], allowable: true }),
    ]);
    await chat.frames();
    const [first, second, third] = [0, 1, 2].map((i) => chat.page.locator('.cw-entry-command').nth(i));
    assert.equal(await first!.locator('.cw-command').textContent(), '$ npm test > log.txt');
    assert.match((await first!.locator('.cw-why').textContent())!, /contains a redirection/);
    assert.equal(await second!.locator('.cw-why').isVisible(), false);
    assert.equal(
      await first!.getByRole('button', { name: 'Always Allow' }).isVisible(),
      false,
      'no Always Allow for what an allowlist entry can never approve',
    );
    await first!.getByRole('button', { name: 'Run' }).click();
    await second!.getByRole('textbox', { name: 'Reason for rejecting (optional)' }).fill('use the clean script');
    await second!.getByRole('button', { name: 'Reject' }).click();
    await third!.getByRole('button', { name: 'Always Allow' }).click();
    assert.deepEqual(await posted('approval'), [
      { type: 'approval', callId: 'call_c1', decision: 'run' },
      { type: 'approval', callId: 'call_c2', decision: 'reject', reason: 'use the clean script' },
      { type: 'approval', callId: 'call_c3', decision: 'always' },
    ]);
    await chat.sendAll([
      event({ type: 'approval_settled', callId: 'call_c1', approved: true }),
      event({ type: 'tool_call_updated', callId: 'call_c1', status: 'running' }),
      event({ type: 'command_started', callId: 'call_c1', command: 'npm test > log.txt' }),
      event({ type: 'tool_call_updated', callId: 'call_c1', status: 'running', outputDelta: 'ok 1 - parses\n' }),
      event({ type: 'tool_call_updated', callId: 'call_c1', status: 'running', outputDelta: 'ok 2 - tokens\n' }),
    ]);
    await chat.frames();
    assert.equal(await first!.locator('.cw-card-actions').isVisible(), false);
    assert.equal(await first!.locator('.cw-output').textContent(), 'ok 1 - parses\nok 2 - tokens\n');
    assert.match((await first!.locator('.cw-card-status').textContent())!, /Running/);
    await chat.sendAll([
      event({ type: 'command_exited', callId: 'call_c1', exitCode: 1, durationMs: 2500 }),
      event({ type: 'tool_call_finished', callId: 'call_c1', outcome: 'completed', summary: 'exit 1' }),
    ]);
    await chat.frames();
    assert.match((await first!.locator('.cw-run').textContent())!, /npm test > log\.txt exit 1 · 2\.5 s/);
    assert.equal(await first!.locator('.cw-run-failed').count(), 1);
    assert.equal(await first!.locator('.cw-card-status').textContent(), 'Done', 'the exit status is shown once, on its run');
    assert.equal((await first!.textContent())!.match(/exit 1/g)?.length, 1);
  });

  it('shows errors as a card with the sentence and a Retry that posts retry, only while it is the latest thing', async () => {
    await chat.send({ type: 'running', running: true });
    await chat.sendAll(deltas('msg_1', 'Partial answer').map(event));
    await chat.send(
      event({
        type: 'error',
        message: 'The connection to OpenAI closed before the answer was complete. Retry to continue.',
        retryable: true,
        code: 'dropped',
      }),
    );
    await chat.send({ type: 'running', running: false });
    await chat.frames();
    const card = chat.page.locator('.cw-entry-error');
    assert.equal(
      await card.locator('.cw-error-message').textContent(),
      'The connection to OpenAI closed before the answer was complete. Retry to continue.',
    );
    assert.equal(
      await chat.page.locator('.cw-entry-assistant').getAttribute('aria-busy'),
      'false',
      'what arrived is kept, no longer streaming',
    );
    await card.getByRole('button', { name: 'Retry' }).click();
    assert.deepEqual(await posted('retry'), [{ type: 'retry' }]);
    await chat.sendAll(deltas('msg_2', 'Complete answer').map(event));
    await chat.frames();
    assert.equal(await card.getByRole('button', { name: 'Retry' }).isVisible(), false, 'an old error offers no Retry');
  });

  it("shows the turn's usage on its line and the chat's totals once, under the transcript", async () => {
    await chat.send(
      event({
        type: 'usage',
        turn: USAGE,
        session: { ...USAGE, inputTokens: 40_000, outputTokens: 5_000, costUsd: 0.12 },
        contextTokens: 100_000,
        contextWindow: 400_000,
      }),
    );
    await chat.frames();
    assert.equal(await chat.page.locator('.cw-entry-usage').textContent(), 'This turn: 12k in (8.0k cached), 1.3k out, $0.02');
    assert.equal(await chat.page.locator('.cw-session-usage').textContent(), 'This chat: 45k tokens, $0.12 · 25% of the context window');
    assert.equal((await chat.page.locator('#app').textContent())!.match(/45k tokens/g)?.length, 1, 'the totals appear once');
    await chat.send(
      event({
        type: 'usage',
        turn: { ...USAGE, costUsd: null },
        session: { ...USAGE, costUsd: null },
        contextTokens: 1,
        contextWindow: 128_000,
      }),
    );
    await chat.frames();
    assert.equal(await chat.page.locator('.cw-entry-usage').count(), 1, 'one usage line per turn, updated in place');
    assert.equal(
      await chat.page.locator('.cw-entry-usage').textContent(),
      'This turn: 12k in (8.0k cached), 1.3k out',
      'no price where none is known',
    );
    assert.equal(await chat.page.locator('.cw-session-usage').textContent(), 'This chat: 14k tokens · 0% of the context window');
  });

  it('replays a saved conversation, with a pending approval still answerable', async () => {
    await chat.send({
      type: 'transcript',
      replay: 1,
      session: { id: 's1', title: 'Fix the parser', model: 'gpt-5.1-codex', updatedAt: Date.now() },
      running: true,
      entries: [
        {
          kind: 'user',
          id: 'u1',
          text: 'Run the tests',
          files: ['src/a.ts'],
          selection: { path: 'src/b.ts', startLine: 3, endLine: 9 },
          images: [],
        },
        { kind: 'command', id: 'call_1', commands: ['npm test'], status: 'awaiting_approval', pending: true, output: '', runs: [] },
      ],
    });
    await chat.frames();
    assert.equal(await chat.page.locator('.cw-entry').count(), 2);
    assert.deepEqual(await chat.page.locator('.cw-entry-user .cw-chip-label').allTextContents(), ['src/a.ts', 'b.ts:3-9']);
    await chat.page.locator('.cw-entry-command').getByRole('button', { name: 'Run' }).click();
    assert.deepEqual(await posted('approval'), [{ type: 'approval', callId: 'call_1', decision: 'run' }]);
    assert.ok(await chat.page.getByRole('button', { name: 'Stop' }).isVisible(), 'the running turn shows Stop');
  });

  it('shows a call a saved chat never finished as interrupted, not as still running', async () => {
    await chat.sendAll(
      replay([
        { kind: 'edit', id: 'call_e', change: 'update', path: 'notes.md', added: 1, removed: 1, status: 'interrupted', pending: false },
        { kind: 'command', id: 'call_c', commands: ['npm test'], status: 'interrupted', pending: false, output: '', runs: [] },
        { kind: 'function', id: 'call_f', name: 'lookup', arguments: '{}', status: 'interrupted' },
      ]),
    );
    await chat.frames();
    const statuses = chat.page.locator('.cw-card-status');
    assert.deepEqual(
      (await statuses.allTextContents()).map((t) => t.trim()),
      Array(3).fill('Interrupted: the chat was closed before this finished'),
    );
    assert.equal(await chat.page.locator('.cw-card-status .codicon-modifier-spin').count(), 0, 'nothing spins');
    assert.equal(await chat.page.locator('.cw-card-status .codicon-debug-disconnect').count(), 3);
  });

  it('says a command the provider ran in its own sandbox ran there, not on this machine', async () => {
    await chat.sendAll(
      replay([{ kind: 'command', id: 'call_p', commands: ['ls'], status: 'ran_by_provider', pending: false, output: 'a.txt\n', runs: [] }]),
    );
    await chat.frames();
    assert.equal((await chat.page.locator('.cw-card-status').textContent())?.trim(), 'Run by the provider, not on this machine');
    assert.equal(await chat.page.locator('.cw-card-status .codicon-modifier-spin').count(), 0, 'nothing spins');
    assert.equal(await chat.page.locator('.cw-card-status .codicon-cloud').count(), 1);
  });

  it('shows a reopened command with its output and exit code, and no run time it does not know', async () => {
    const runs = [
      { command: 'npm test', exitCode: 1 },
      { command: 'npm run slow', exitCode: null },
    ];
    await chat.sendAll(
      replay([
        {
          kind: 'command',
          id: 'call_r',
          commands: ['npm test', 'npm run slow'],
          status: 'failed',
          outcome: 'failed',
          summary: 'exit 1, timed out',
          pending: false,
          output: 'ok 1 - parses\n',
          runs,
        },
      ]),
    );
    await chat.frames();
    assert.equal(await chat.page.locator('.cw-entry-command .cw-output').textContent(), 'ok 1 - parses\n');
    assert.deepEqual(
      (await chat.page.locator('.cw-run').allTextContents()).map((t) => t.trim()),
      ['npm test exit 1', 'npm run slow timed out'],
    );
    assert.equal(await chat.page.locator('.cw-entry-command .cw-card-status').textContent(), 'Failed');
  });

  it('drops malformed and unknown messages from the extension, logging each, and keeps working', async () => {
    const warnings: string[] = [];
    chat.page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    const malformed: unknown[] = [
      { type: 'no_such_message' },
      { type: 'event', event: { type: 'text_delta', itemId: 'x' } },
      { type: 'event', event: { type: 'tool_call_started', call: { kind: 'shell', callId: 'c', action: { commands: [] } } } },
      {
        type: 'transcript',
        replay: 1,
        session: null,
        running: false,
        entries: [{ kind: 'user', id: 'u', text: '<b>', files: 'nope', images: [] }],
      },
      { type: 'provider', provider: { label: 'X' } },
      { type: 'mention_results', requestId: -1, files: [] },
    ];
    await chat.sendAll(malformed as Record<string, unknown>[]);
    await chat.page.evaluate(() => window.postMessage('just a string', '*'));
    await chat.send(event({ type: 'text_done', itemId: 'msg_ok', text: 'still alive' }));
    await chat.frames();
    assert.equal(await chat.page.locator('.cw-entry').count(), 1, 'only the valid message rendered');
    assert.equal((await chat.page.locator('.cw-entry-assistant').textContent())?.trim(), 'still alive');
    assert.equal(warnings.filter((w) => w.includes('dropped a malformed message')).length, 7);
  });

  it('opens a 2,000-message chat at its end and renders older messages as the user scrolls up', async () => {
    const entries = longSession(2000);
    for (const message of replay(entries)) await chat.send(message);
    await chat.frames();
    const rendered = () => chat.page.locator('.cw-entry').count();
    const initially = await rendered();
    assert.ok(initially > 0 && initially < 150, `${initially} of 2000 entries rendered on open`);
    const last = entries[entries.length - 1]!;
    assert.match(
      (await chat.page.locator('.cw-entry').last().getAttribute('class'))!,
      new RegExp(`cw-entry-${last.kind}`),
      'opened at the newest entry',
    );
    const atBottom = await chat.page.evaluate(() => {
      const t = document.querySelector('.cw-transcript')!;
      return t.scrollHeight - t.scrollTop - t.clientHeight;
    });
    assert.ok(atBottom <= 1, 'scrolled to the bottom');
    // The user turns the wheel up (a scroll the page makes itself would not stop it following the end), then keeps
    // going to the top, quicker than smooth wheel scrolling would.
    await chat.page.mouse.move(200, 300);
    await chat.page.mouse.wheel(0, -300);
    await chat.page.getByRole('button', { name: 'Jump to latest' }).waitFor();
    for (let i = 0; i < 400 && (await rendered()) < 2000; i++) {
      await chat.page.evaluate(() => (document.querySelector('.cw-transcript')!.scrollTop = 0));
      await chat.frames(1);
    }
    assert.equal(await rendered(), 2000, 'every entry is reachable by scrolling up');
    assert.equal(
      await chat.page.locator('.cw-entry-user .cw-user-text').first().textContent(),
      'Question 0: why does the build fail on step 0?',
    );
  });
});
