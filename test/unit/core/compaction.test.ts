import assert from 'node:assert/strict';
import { REMOVED_OUTPUT, estimateTokens, truncateHistory } from '../../../src/core/contextBudget';
import type { HistoryItem } from '../../../src/core/history';
import { Session, type SessionOptions } from '../../../src/core/session';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../fake-openai/server';
import { TestHost } from './testHost';

type Item = Record<string, unknown>;

describe('Session: the context window', () => {
  let server: FakeServer;
  let host: TestHost;

  async function start(options: FakeServerOptions = {}): Promise<void> {
    server = await startFakeServer(options);
    host = new TestHost({ root: process.cwd() });
  }
  afterEach(() => server.close());

  function session(extra: Partial<SessionOptions> = {}): Session {
    return new Session({
      host,
      provider: { kind: 'custom', baseURL: server.url },
      dialect: 'builtin',
      model: 'gpt-5.1-codex',
      contextWindow: 10_000,
      retry: { baseDelayMs: 1 },
      commandPolicy: { mode: 'auto', allow: [], deny: [] },
      ...extra,
    });
  }

  const paths = () => server.requests.map((r) => r.path);
  const responseBodies = () => server.requests.filter((r) => r.path === '/v1/responses').map((r) => r.body as { input: Item[] });

  it('compacts through /responses/compact once usage passes the threshold, and sends the compacted history', async () => {
    await start();
    server.enqueue(
      {
        items: [
          { type: 'reasoning', summary: ['thinking'] },
          { type: 'text', text: 'A long answer.' },
        ],
        usage: { input_tokens: 8_400, output_tokens: 200 },
      },
      { items: [{ type: 'text', text: 'Short.' }] },
    );
    const s = session();
    await s.send('first question');
    assert.equal(s.contextTokens, 8_600);
    assert.equal(host.of('compacted').length, 0, 'compaction waits for the next request');
    assert.equal((await s.send('second question')).reason, 'completed');
    assert.deepEqual(paths(), ['/v1/responses', '/v1/responses/compact', '/v1/responses']);
    const compactBody = server.requests[1]!.body as { model: string; input: Item[]; instructions: string };
    assert.equal(compactBody.model, 'gpt-5.1-codex');
    assert.deepEqual(
      compactBody.input.map((i) => i.type),
      ['message', 'reasoning', 'message', 'message'],
    );
    assert.ok(compactBody.instructions.length > 0);
    assert.deepEqual(host.of('compacted'), [{ type: 'compacted', tokensBefore: 8_600, method: 'server' }]);
    const meter = host.events[host.events.findIndex((e) => e.type === 'compacted') + 1];
    assert.ok(meter?.type === 'usage' && meter.contextTokens < 8_000, 'the context meter drops right after compacting');
    assert.ok(meter.turn.inputTokens > 0, 'the compaction request is charged to the turn');
    const after = responseBodies()[1]!.input;
    assert.deepEqual(
      after.map((i) => [i.type, i.role ?? null]),
      [
        ['message', 'user'],
        ['message', 'user'],
        ['compaction', null],
      ],
      'the server keeps the user messages and folds the rest into one compaction item',
    );
    assert.deepEqual((after[1] as { content: Item[] }).content, [{ type: 'input_text', text: 'second question' }]);
    assert.ok(s.contextTokens < 8_000);
  });

  it('falls back to blanking the oldest tool outputs when the provider has no compaction endpoint', async () => {
    await start({ compact: { failStatus: 404 } });
    const big = 'y'.repeat(30_000);
    server.enqueue(
      { items: [{ type: 'shell_call', callId: 'old', commands: ['cat big'] }], usage: { input_tokens: 100, output_tokens: 10 } },
      { items: [{ type: 'text', text: 'Read it.' }], usage: { input_tokens: 8_500, output_tokens: 10 } },
      { items: [{ type: 'text', text: 'Next.' }] },
    );
    host = new TestHost({ root: process.cwd(), run: async () => ({ stdout: big, stderr: '', outcome: { type: 'exit', exitCode: 0 } }) });
    const s = session({ maxOutputLength: 40_000 });
    await s.send('read the big file');
    assert.equal((await s.send('and now?')).reason, 'completed');
    assert.deepEqual(
      host.of('compacted').map((e) => e.method),
      ['truncate'],
    );
    const input = responseBodies()[2]!.input;
    const output = input.find((i) => i.type === 'shell_call_output') as { output: { stdout: string }[] };
    assert.equal(output.output[0]!.stdout, REMOVED_OUTPUT);
    assert.ok(
      input.some((i) => i.type === 'shell_call'),
      'the call stays, with its (blanked) output',
    );
    assert.ok(JSON.stringify(input).length < 20_000);
  });

  for (const how of ['http 400', 'response.failed'] as const) {
    it(`compacts and retries once on context_length_exceeded (${how})`, async () => {
      await start();
      const message = 'Your input exceeds the context window of this model. Please adjust your input and try again.';
      server.enqueue(
        how === 'http 400'
          ? {
              fail: {
                kind: 'http',
                status: 400,
                body: { error: { message, type: 'invalid_request_error', param: 'input', code: 'context_length_exceeded' } },
              },
            }
          : { fail: { kind: 'response_failed', code: 'context_length_exceeded', message } },
        { items: [{ type: 'text', text: 'Fits now.' }] },
      );
      const outcome = await session().send('huge');
      assert.equal(outcome.reason, 'completed');
      assert.deepEqual(paths(), ['/v1/responses', '/v1/responses/compact', '/v1/responses']);
      assert.equal(host.of('compacted').length, 1);
      assert.equal(host.of('retrying').length, 0);
    });
  }

  it('gives up with a sentence when the history still does not fit after compacting', async () => {
    await start();
    const tooLong = {
      fail: {
        kind: 'response_failed' as const,
        code: 'context_length_exceeded',
        message: 'Your input exceeds the context window of this model.',
      },
    };
    server.enqueue(tooLong, tooLong);
    const outcome = await session().send('huge');
    assert.equal(outcome.reason, 'error');
    assert.equal(outcome.error?.retryable, false);
    assert.match(
      outcome.error!.message,
      /no longer fits in gpt-5\.1-codex's context window, even after compacting it\. Start a new session/,
    );
    assert.equal(host.of('compacted').length, 1, 'one compaction, one retry');
  });
});

describe('truncateHistory', () => {
  const user = (text: string): HistoryItem => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
  const call = (id: string): HistoryItem => ({ type: 'shell_call', call_id: id, action: { commands: ['x'] } }) as HistoryItem;
  const out = (id: string, size: number): HistoryItem => ({
    type: 'shell_call_output',
    call_id: id,
    max_output_length: null,
    output: [{ stdout: 'o'.repeat(size), stderr: 'e', outcome: { type: 'exit', exit_code: 0 } }],
  });

  it('blanks outputs oldest first, only as far as needed, and never touches messages', () => {
    const history = [user('hi'), call('a'), out('a', 4000), call('b'), out('b', 4000), user('bye')];
    const target = estimateTokens(history) - 500;
    const result = truncateHistory(history, target);
    assert.ok(estimateTokens(result) <= target);
    assert.equal((result[2] as { output: { stdout: string }[] }).output[0]!.stdout, REMOVED_OUTPUT);
    assert.equal((result[4] as { output: { stdout: string }[] }).output[0]!.stdout.length, 4000, 'the newer output was not needed');
    assert.deepEqual([result[0], result[5]], [history[0], history[5]]);
    assert.equal((history[2] as { output: { stdout: string }[] }).output[0]!.stdout.length, 4000, 'the input is not mutated');
  });

  it('drops old reasoning when blanking outputs is not enough', () => {
    const reasoning = { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'z'.repeat(8000) } as HistoryItem;
    const result = truncateHistory([user('hi'), reasoning, user('more')], 100);
    assert.deepEqual(
      result.map((i) => i.type),
      ['message', 'message'],
    );
  });
});
