import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from '../../../src/core/session';
import type { ToolDialect } from '../../../src/core/tools/dialect';
import type { ScriptItem } from '../../fake-openai/script';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';
import { TestHost } from './testHost';

type Item = Record<string, unknown>;

const CREATE: ScriptItem = { type: 'apply_patch_call', callId: 'c_patch', operation: { type: 'create_file', path: 'a.txt', diff: '+a\n' } };
const SHELL: ScriptItem = { type: 'shell_call', callId: 'c_shell', commands: ['ls'] };
const CUT = 'The response was cut off before this call was complete, so it was not run.';

/** The text of the output each call got, whatever form the dialect gives it. */
function answers(sent: Item, dialect: ToolDialect): Record<string, string> {
  const out: Record<string, string> = {};
  if (dialect === 'chat') {
    for (const m of sent.messages as Item[]) if (m.role === 'tool') out[String(m.tool_call_id)] = String(m.content);
    return out;
  }
  for (const item of sent.input as Item[]) {
    if (!String(item.type).endsWith('_output')) continue;
    const output = item.output;
    out[String(item.call_id)] = Array.isArray(output) ? String((output[0] as Item).stderr) : String(output);
  }
  return out;
}

for (const dialect of ['builtin', 'function', 'chat'] as const) {
  describe(`Failures after a tool call (${dialect} dialect)`, () => {
    let server: FakeServer;
    let root: string;

    beforeEach(async () => {
      server = await startFakeServer();
      root = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-cut-'));
    });
    afterEach(async () => {
      await server.close();
      await fs.rm(root, { recursive: true, force: true });
    });

    const route = dialect === 'chat' ? '/v1/chat/completions' : '/v1/responses';
    const sent = () => server.requests.filter((r) => r.path === route).map((r) => r.body as Item);
    const session = (host: TestHost) =>
      new Session({
        host,
        provider: { kind: 'custom', baseURL: server.url },
        dialect,
        model: 'gpt-5.1-codex',
        retry: { maxRetries: 0 },
        commandPolicy: { mode: 'auto', allow: [], deny: [] },
      });

    it('a stream that dies after the call was shown: the card ends as not run, nothing runs, and the retry carries no orphan call', async () => {
      // Responses: every event but the terminal one (the calls' output_item.done included). Chat: the role chunk and the
      // first tool-call delta, so the stream ends in the middle of a call.
      server.enqueue(
        { items: [CREATE, SHELL], fail: { kind: 'drop', afterEvents: dialect === 'chat' ? 2 : 1000 } },
        { items: [{ type: 'text', text: 'Again.' }] },
      );
      const host = new TestHost({ root });
      const s = session(host);
      const outcome = await s.send('go');
      assert.equal(outcome.reason, 'error');
      assert.equal(host.reviews.length + host.commands.length, 0, 'nothing reviewed or run');
      const error = host.of('error')[0]!;
      if (dialect === 'chat') {
        assert.match(error.message, /\(the stream ended in the middle of a tool call to apply_patch, which was not run\)/);
        assert.equal(host.of('tool_call_started').length, 0, 'a chat call is shown only once it is complete');
      } else {
        assert.deepEqual(
          host.of('tool_call_started').map((e) => e.call.callId),
          ['c_patch', 'c_shell'],
        );
        assert.deepEqual(
          host.of('tool_call_finished').map((e) => [e.callId, e.outcome, e.summary]),
          [
            ['c_patch', 'failed', 'Not run: the response failed'],
            ['c_shell', 'failed', 'Not run: the response failed'],
          ],
        );
      }
      assert.ok(!s.history.some((item) => 'call_id' in item), 'the calls of a failed response never enter the history');
      assert.equal((await s.retry()).reason, 'completed', 'the provider accepts the retried conversation');
      assert.deepEqual(answers(sent()[1]!, dialect), {});
    });

    it('an incomplete response that cuts its calls: each call is answered as not run, and the host sees each end', async () => {
      server.enqueue(
        { items: [CREATE, SHELL], fail: { kind: 'incomplete', reason: 'max_output_tokens' } },
        { items: [{ type: 'text', text: 'Continuing.' }] },
      );
      const host = new TestHost({ root });
      const s = session(host);
      const outcome = await s.send('go');
      assert.equal(outcome.reason, 'incomplete');
      assert.equal(outcome.error?.message, 'The answer stopped early (max_output_tokens): send "continue" to let the model carry on.');
      assert.equal(host.reviews.length + host.commands.length, 0);
      assert.deepEqual(
        host.of('tool_call_finished').map((e) => [e.callId, e.outcome, e.summary]),
        [
          ['c_patch', 'failed', 'Not run'],
          ['c_shell', 'failed', 'Not run'],
        ],
      );
      assert.equal((await s.send('continue')).reason, 'completed');
      const got = answers(sent()[1]!, dialect);
      assert.equal(got['c_patch'], CUT);
      assert.equal(got['c_shell'], CUT);
    });
  });
}
