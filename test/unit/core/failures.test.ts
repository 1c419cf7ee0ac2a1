import assert from 'node:assert/strict';
import { CLI_HINTS, VSCODE_HINTS } from '../../../src/core/responses/failureMessage';
import { Session, type SessionOptions } from '../../../src/core/session';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';
import type { ScriptTurn } from '../../fake-openai/script';
import { TestHost } from './testHost';

const OK: ScriptTurn = { items: [{ type: 'text', text: 'All good now.' }] };

describe('Session: failures, retries and their sentences', () => {
  let server: FakeServer;
  let host: TestHost;
  let sleeps: number[];

  beforeEach(async () => {
    server = await startFakeServer();
    host = new TestHost({ root: process.cwd() });
    sleeps = [];
  });
  afterEach(() => server.close());

  function session(extra: Partial<SessionOptions> = {}): Session {
    return new Session({
      host,
      provider: { kind: 'custom', baseURL: server.url, name: 'TestAI' },
      dialect: 'builtin',
      model: 'gpt-5.1-codex',
      hints: CLI_HINTS,
      retry: { baseDelayMs: 1, maxRetries: 3 },
      // Delays are recorded, not slept, so a server asking for 11 s costs nothing here.
      sleep: async (ms) => void sleeps.push(ms),
      ...extra,
    });
  }

  function requests(): number {
    return server.requests.filter((r) => r.path === '/v1/responses').length;
  }

  it('retries a 429 after the retry-after the server asked for, then succeeds', async () => {
    server.enqueue({ fail: { kind: 'http', status: 429, retryAfter: '7' } }, OK);
    const outcome = await session().send('hi');
    assert.equal(outcome.reason, 'completed');
    assert.equal(requests(), 2);
    assert.equal(sleeps.length, 1);
    assert.ok(sleeps[0]! >= 7000 && sleeps[0]! <= 7700, `waited ${sleeps[0]} ms`);
    assert.deepEqual(
      host.of('retrying').map((e) => [e.attempt, e.reason]),
      [[1, 'rate limited (HTTP 429)']],
    );
    assert.equal(host.of('retrying')[0]!.delayMs, sleeps[0]);
    assert.equal(host.text(), 'All good now.');
  });

  it('waits for real between retries when no sleep is injected', async () => {
    server.enqueue({ fail: { kind: 'http', status: 429, retryAfter: '0.05' } }, OK);
    const s = session({ sleep: undefined });
    const started = Date.now();
    assert.equal((await s.send('hi')).reason, 'completed');
    assert.ok(Date.now() - started >= 50);
  });

  it('retries a 500 with backoff, then succeeds', async () => {
    server.enqueue({ fail: { kind: 'http', status: 500 } }, { fail: { kind: 'http', status: 503 } }, OK);
    assert.equal((await session({ retry: { baseDelayMs: 100, maxRetries: 3, random: () => 1 } }).send('hi')).reason, 'completed');
    assert.equal(requests(), 3);
    assert.deepEqual(sleeps, [100, 200], 'the backoff doubles');
  });

  it('gives up after the retries and says so, retryable', async () => {
    for (let i = 0; i < 4; i++) server.enqueue({ fail: { kind: 'http', status: 500 } });
    const outcome = await session().send('hi');
    assert.equal(outcome.reason, 'error');
    assert.equal(requests(), 4);
    assert.equal(outcome.error?.retryable, true);
    assert.equal(
      outcome.error?.message,
      'TestAI had a server error (HTTP 500): "The server had an error while processing your request. Sorry about that!". Retry in a moment.',
    );
  });

  it('retries a connection dropped before any output', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'lost' }], fail: { kind: 'drop', afterEvents: 2 } }, OK);
    assert.equal((await session().send('hi')).reason, 'completed');
    assert.equal(requests(), 2);
    assert.equal(host.of('retrying')[0]?.reason, 'stream dropped');
    assert.equal(host.text(), 'All good now.');
  });

  it('keeps what arrived when the stream drops mid-answer, and retry() re-sends the same request', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'The first half and the second half.' }], fail: { kind: 'drop', afterEvents: 6 } });
    const s = session();
    const outcome = await s.send('explain');
    assert.equal(outcome.reason, 'error');
    assert.equal(requests(), 1, 'output had reached the user, so no silent retry');
    assert.equal(outcome.error?.retryable, true);
    assert.match(outcome.error!.message, /^The connection to TestAI closed before the answer was complete \(.+\)\. Retry to continue\.$/);
    assert.ok(host.text().startsWith('The first'), 'the partial text was streamed');
    assert.ok(s.canRetry);

    server.enqueue(OK);
    assert.equal((await s.retry()).reason, 'completed');
    const [failed, retried] = server.requests.filter((r) => r.path === '/v1/responses').map((r) => r.body as { input: unknown[] });
    assert.deepEqual(retried!.input, failed!.input);
    assert.equal(s.canRetry, false);
    await assert.rejects(s.retry(), /nothing to retry/);
  });

  it('treats a stream that ends without a terminal event as dropped', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'Cut short here.' }], fail: { kind: 'drop', afterEvents: 100 } });
    const outcome = await session().send('hi');
    assert.equal(outcome.error?.code, 'dropped');
    assert.equal(host.text(), 'Cut short here.');
  });

  it('abandons a stalled stream after the idle timeout and retries it', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'never' }], fail: { kind: 'stall', afterEvents: 2 } }, OK);
    const started = Date.now();
    assert.equal((await session({ idleTimeoutMs: 150 }).send('hi')).reason, 'completed');
    assert.ok(Date.now() - started >= 150);
    assert.equal(host.of('retrying')[0]?.reason, 'stream went silent');
  });

  it('reports a stall after output as an idle timeout the user can retry', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'Some words then silence' }], fail: { kind: 'stall', afterEvents: 5 } });
    const outcome = await session({ idleTimeoutMs: 150 }).send('hi');
    assert.equal(outcome.error?.code, 'idle_timeout');
    assert.equal(outcome.error?.retryable, true);
    assert.match(outcome.error!.message, /sent nothing for too long/);
  });

  it('honours "try again in 11.054s" from response.failed rate_limit_exceeded', async () => {
    server.enqueue(
      {
        fail: {
          kind: 'response_failed',
          code: 'rate_limit_exceeded',
          message: 'Rate limit reached for gpt-5.1-codex. Please try again in 11.054s.',
        },
      },
      OK,
    );
    assert.equal((await session().send('hi')).reason, 'completed');
    assert.ok(sleeps[0]! >= 11_054 && sleeps[0]! < 12_200, `waited ${sleeps[0]} ms`);
  });

  it('reports response.failed after output without retrying', async () => {
    server.enqueue({
      items: [{ type: 'text', text: 'Partial' }],
      fail: { kind: 'response_failed', code: 'server_error', message: 'The model crashed.' },
    });
    const outcome = await session().send('hi');
    assert.equal(requests(), 1);
    assert.equal(outcome.error?.message, 'TestAI had a server error: "The model crashed". Retry in a moment.');
    assert.equal(outcome.error?.code, 'server_error');
  });

  it('ends an incomplete response with its reason and answers any calls in it', async () => {
    server.enqueue({
      items: [
        { type: 'shell_call', callId: 'cut', commands: ['ls'] },
        { type: 'text', text: 'and then' },
      ],
      fail: { kind: 'incomplete', reason: 'max_output_tokens' },
    });
    const s = session();
    const outcome = await s.send('hi');
    assert.equal(outcome.reason, 'incomplete');
    assert.equal(outcome.error?.message, 'The answer stopped early (max_output_tokens): send "continue" to let the model carry on.');
    assert.equal(host.commands.length, 0);
    server.enqueue(OK);
    assert.equal((await s.send('continue')).reason, 'completed', 'the cut call was answered, so the next request is accepted');
  });

  for (const shape of ['live', 'documented'] as const) {
    it(`reports an error event (${shape} shape) with its code`, async () => {
      server.enqueue({
        items: [{ type: 'text', text: 'Hi' }],
        fail: { kind: 'error_event', code: 'server_error', message: 'Something broke.', shape },
      });
      const outcome = await session().send('hi');
      assert.equal(outcome.reason, 'error');
      assert.equal(outcome.error?.code, 'server_error');
      assert.equal(outcome.error?.retryable, true);
      assert.match(outcome.error!.message, /Something broke/);
    });
  }

  it('retries a malformed event before output, and reports one after output', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'x' }], fail: { kind: 'malformed', afterEvents: 1 } }, OK);
    assert.equal((await session().send('hi')).reason, 'completed');
    assert.equal(host.of('retrying')[0]?.reason, 'unreadable stream');

    server.enqueue({ items: [{ type: 'text', text: 'Visible words here' }], fail: { kind: 'malformed', afterEvents: 5 } });
    const outcome = await session().send('again');
    assert.equal(outcome.error?.code, 'malformed');
    assert.equal(outcome.error?.retryable, true);
  });

  it('ignores event types it does not know', async () => {
    const unknown = 'event: response.brand_new_thing\ndata: {"type":"response.brand_new_thing","sequence_number":3,"detail":{"x":1}}';
    server.enqueue({ items: [{ type: 'text', text: 'Still fine.' }], fail: { kind: 'malformed', afterEvents: 3, raw: unknown } });
    assert.equal((await session().send('hi')).reason, 'completed');
    assert.equal(host.text(), 'Still fine.');
    assert.equal(requests(), 1);
  });

  it('shows a refusal like text', async () => {
    const refusal = [
      'event: response.refusal.delta\ndata: {"type":"response.refusal.delta","item_id":"msg_r","output_index":0,"content_index":0,"delta":"I can\'t help with that.","sequence_number":2}',
      'event: response.refusal.done\ndata: {"type":"response.refusal.done","item_id":"msg_r","output_index":0,"content_index":0,"refusal":"I can\'t help with that.","sequence_number":3}',
    ].join('\n\n');
    server.enqueue({ fail: { kind: 'malformed', afterEvents: 2, raw: refusal } });
    assert.equal((await session().send('hi')).reason, 'completed');
    assert.equal(host.text(), "I can't help with that.");
    assert.equal(host.of('text_done')[0]?.text, "I can't help with that.");
  });

  it("turns a 401 into one sentence with the host's next step, without retrying", async () => {
    server.enqueue({ fail: { kind: 'http', status: 401 } });
    const outcome = await session({ hints: VSCODE_HINTS }).send('hi');
    assert.equal(requests(), 1);
    assert.deepEqual(outcome.error, {
      message: "TestAI rejected the API key (HTTP 401). Check the key, then run 'Codewright: Set API Key'.",
      retryable: false,
      code: 'invalid_api_key',
    });
    assert.equal(host.of('error').length, 1);
  });

  it('says how to fix a missing key before sending anything', async () => {
    const s = new Session({ host, provider: { kind: 'openai', baseURL: server.url }, model: 'gpt-5.1-codex', hints: CLI_HINTS });
    const outcome = await s.send('hi');
    assert.equal(
      outcome.error?.message,
      'No API key is set for OpenAI: set OPENAI_API_KEY (or, for a local server that needs no key, pass its --base-url, e.g. http://localhost:11434/v1).',
    );
    assert.equal(requests(), 0);
    s.setProvider({ kind: 'openai', baseURL: server.url, apiKey: 'sk-test' });
    server.enqueue(OK);
    assert.equal((await s.retry()).reason, 'completed', 'after the key is set, Retry sends the waiting prompt');
  });

  it('sends the key as Bearer, or as api-key for Azure, and names the model when it is missing', async () => {
    const keyed = await startFakeServer({ apiKey: 'sk-right' });
    try {
      keyed.enqueue(OK, OK, {
        fail: {
          kind: 'http',
          status: 404,
          body: {
            error: {
              message: 'The model `gpt-9` does not exist or you do not have access to it.',
              type: 'invalid_request_error',
              param: null,
              code: 'model_not_found',
            },
          },
        },
      });
      const openai = new Session({ host, provider: { kind: 'openai', baseURL: keyed.url, apiKey: 'sk-right' }, model: 'gpt-5.1-codex' });
      assert.equal((await openai.send('hi')).reason, 'completed');
      assert.equal(keyed.requests[0]?.headers.authorization, 'Bearer sk-right');
      const origin = keyed.url.replace(/\/v1$/, '');
      const azure = new Session({ host, provider: { kind: 'azure', baseURL: origin, apiKey: 'sk-right' }, model: 'gpt-5.1-codex' });
      assert.equal((await azure.send('hi')).reason, 'completed');
      assert.equal(keyed.requests[1]?.path, '/openai/v1/responses');
      assert.equal(keyed.requests[1]?.headers['api-key'], 'sk-right');
      assert.equal(keyed.requests[1]?.headers.authorization, undefined);
      const missing = new Session({
        host,
        provider: { kind: 'openai', baseURL: keyed.url, apiKey: 'sk-right' },
        model: 'gpt-9',
        hints: CLI_HINTS,
      });
      assert.equal(
        (await missing.send('hi')).error?.message,
        'The model "gpt-9" is not available at OpenAI (HTTP 404): pass another --model.',
      );
    } finally {
      await keyed.close();
    }
  });

  it('does not retry an exhausted quota or a bad request', async () => {
    server.enqueue(
      {
        fail: {
          kind: 'http',
          status: 429,
          body: {
            error: {
              message: 'You exceeded your current quota, please check your plan and billing details.',
              type: 'insufficient_quota',
              param: null,
              code: 'insufficient_quota',
            },
          },
        },
      },
      {
        fail: {
          kind: 'http',
          status: 400,
          body: {
            error: { message: "Invalid value: 'banana'.", type: 'invalid_request_error', param: 'reasoning.effort', code: 'invalid_value' },
          },
        },
      },
      { fail: { kind: 'http', status: 403 } },
    );
    const quota = await session().send('hi');
    assert.match(
      quota.error!.message,
      /^TestAI reports that the account has run out of quota: .+ Add credit or raise the limit in the billing settings, then retry\.$/,
    );
    assert.equal(quota.error?.retryable, false);
    const bad = await session().send('hi');
    assert.equal(
      bad.error?.message,
      'TestAI rejected the request (HTTP 400): "Invalid value: \'banana\'". If this persists, start a new session.',
    );
    const forbidden = await session().send('hi');
    assert.match(forbidden.error!.message, /^TestAI refused access \(HTTP 403\)/);
    assert.equal(requests(), 3);
    assert.equal(sleeps.length, 0);
  });

  it('says which address could not be reached', async () => {
    const closed = await startFakeServer();
    const url = closed.url;
    await closed.close();
    const outcome = await new Session({ host, provider: { kind: 'custom', baseURL: url }, model: 'm', retry: { maxRetries: 0 } }).send(
      'hi',
    );
    assert.match(
      outcome.error!.message,
      new RegExp(
        `^Could not reach ${url.replace(/[.]/g, '\\.')} \\(.+\\)\\. Check the network connection and the base URL, then retry\\.$`,
      ),
    );
    assert.equal(outcome.error?.retryable, true);
  });
});
