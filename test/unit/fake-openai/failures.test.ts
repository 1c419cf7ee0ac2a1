import assert from 'node:assert/strict';
import OpenAI, { AzureOpenAI } from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { ScriptTurn } from '../../fake-openai/script';
import { collect, thrown, useFakeServer } from './harness';

const MODEL = 'gpt-5.1-codex';
const words: ScriptTurn['items'] = [{ type: 'text', text: 'one two three four' }];
/** created, in_progress, item added, part added, 4 deltas, text done, part done, item done. */
const WORD_EVENTS = 11;

/** Reads a stream until it ends or throws; returns what arrived and the error, if any. */
async function drain(stream: AsyncIterable<ResponseStreamEvent>): Promise<{ events: ResponseStreamEvent[]; error: unknown }> {
  const events: ResponseStreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

describe('fake OpenAI server: failures', () => {
  const start = useFakeServer();

  describe('HTTP errors', () => {
    it('answers 429 with an OpenAI-shaped body and the retry-after header, which the SDK raises as RateLimitError', async () => {
      const { client, server } = await start({ turns: [{ items: words, fail: { kind: 'http', status: 429, retryAfter: '7' } }] });
      const error = await thrown(() => client.responses.create({ model: MODEL, input: 'hi', stream: true }));
      assert.ok(error instanceof OpenAI.RateLimitError);
      assert.equal(error.status, 429);
      assert.equal(error.code, 'rate_limit_exceeded');
      assert.match(error.message, /Please try again in/);
      assert.equal(error.headers?.get('retry-after'), '7');
      assert.match(error.requestID ?? '', /^req_/);
      assert.equal(server.pending(), 0);
    });

    it('sends a scripted body and headers as given', async () => {
      const body = {
        error: {
          message: 'Your input exceeds the context window of this model.',
          type: 'invalid_request_error',
          param: 'input',
          code: 'context_length_exceeded',
        },
      };
      const { client } = await start({
        turns: [{ fail: { kind: 'http', status: 400, body, headers: { 'x-ratelimit-remaining-tokens': '0' } } }],
      });
      const error = await thrown(() => client.responses.create({ model: MODEL, input: 'hi', stream: true }));
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal(error.code, 'context_length_exceeded');
      assert.equal(error.param, 'input');
      assert.equal(error.headers?.get('x-ratelimit-remaining-tokens'), '0');
    });

    it('answers a scripted 500 as a server error', async () => {
      const { client } = await start({ turns: [{ fail: { kind: 'http', status: 500 } }] });
      const error = await thrown(() => client.responses.create({ model: MODEL, input: 'hi', stream: true }));
      assert.ok(error instanceof OpenAI.InternalServerError);
      assert.equal(error.type, 'server_error');
    });

    it('fails loudly with 500 once the script has run out', async () => {
      const { client, server } = await start({ turns: [{ items: words }] });
      await client.responses.create({ model: MODEL, input: 'hi' });
      const error = await thrown(() => client.responses.create({ model: MODEL, input: 'again' }));
      assert.ok(error instanceof OpenAI.InternalServerError);
      assert.equal(error.code, 'script_exhausted');
      assert.match(error.message, /script ran out: request #2/);
      server.enqueue({ items: words });
      assert.equal(server.pending(), 1);
      const third = await client.responses.create({ model: MODEL, input: 'third' });
      assert.equal(third.output_text, 'one two three four');
    });
  });

  describe('API keys', () => {
    it('rejects a wrong key with 401 invalid_api_key, without echoing the key', async () => {
      const { server } = await start({ apiKey: 'sk-right-key-123456', turns: [{ items: words }] });
      const client = new OpenAI({ apiKey: 'sk-wrong-key-987654', baseURL: server.url, maxRetries: 0 });
      const error = await thrown(() => client.responses.create({ model: MODEL, input: 'hi', stream: true }));
      assert.ok(error instanceof OpenAI.AuthenticationError);
      assert.equal(error.code, 'invalid_api_key');
      assert.ok(!error.message.includes('sk-wrong-key-987654'));
      assert.match(error.message, /Incorrect API key provided: sk-\**7654\./);
      assert.equal(server.pending(), 1, 'a rejected request consumes no turn');
    });

    it('rejects a request without a key, and answers the models list to the right key only', async () => {
      const { server } = await start({ apiKey: 'right' });
      const bare = await fetch(`${server.url}/models`);
      assert.equal(bare.status, 401);
      const body = (await bare.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'invalid_api_key');
      assert.match(body.error.message, /You didn't provide an API key/);
      const client = new OpenAI({ apiKey: 'right', baseURL: server.url, maxRetries: 0 });
      assert.equal((await client.models.list()).data.length, 5);
    });

    it('accepts the key in the api-key header on the Azure path, as AzureOpenAI sends it', async () => {
      const { server } = await start({ apiKey: 'azure-key', turns: [{ items: words }] });
      const client = new AzureOpenAI({
        apiKey: 'azure-key',
        baseURL: `${new URL(server.url).origin}/openai/v1`,
        apiVersion: 'preview',
        maxRetries: 0,
      });
      const response = await client.responses.create({ model: MODEL, input: 'hi' });
      assert.equal(response.output_text, 'one two three four');
      assert.equal(server.requests[0].path, '/openai/v1/responses?api-version=preview');
      assert.equal(server.requests[0].headers['api-key'], 'azure-key');
    });
  });

  describe('failures inside the stream', () => {
    it('ends with response.failed carrying the error, after the items', async () => {
      const message = 'Rate limit reached for gpt-5.1-codex. Please try again in 11.054s.';
      const { client } = await start({
        turns: [{ items: words, fail: { kind: 'response_failed', code: 'rate_limit_exceeded', message } }],
      });
      const events = await collect(await client.responses.create({ model: MODEL, input: 'hi', stream: true }));
      assert.equal(events.length, WORD_EVENTS + 1);
      const last = events.at(-1);
      assert.ok(last?.type === 'response.failed');
      assert.equal(last.sequence_number, WORD_EVENTS);
      assert.equal(last.response.status, 'failed');
      assert.deepEqual(last.response.error, { code: 'rate_limit_exceeded', message });
      assert.equal(last.response.output.length, 1);
    });

    it('ends with response.incomplete and the reason; the cut message is incomplete', async () => {
      const { client } = await start({ turns: [{ items: words, fail: { kind: 'incomplete', reason: 'max_output_tokens' } }] });
      const final = await client.responses.stream({ model: MODEL, input: 'hi' }).finalResponse();
      assert.equal(final.status, 'incomplete');
      assert.deepEqual(final.incomplete_details, { reason: 'max_output_tokens' });
      assert.equal(final.output[0].type === 'message' && final.output[0].status, 'incomplete');
      assert.equal(final.output_text, 'one two three four');
      assert.ok(final.usage && final.usage.output_tokens > 0);
    });

    it('sends an error event after the items, which the SDK raises as APIError', async () => {
      const { client } = await start({
        turns: [{ items: words, fail: { kind: 'error_event', code: 'server_error', message: 'The model crashed.' } }],
      });
      const { events, error } = await drain(await client.responses.create({ model: MODEL, input: 'hi', stream: true }));
      assert.equal(events.length, WORD_EVENTS);
      assert.ok(error instanceof OpenAI.APIError);
      assert.match(error.message, /The model crashed\./);
      assert.equal(error.code, 'server_error');
    });

    it('puts code, message and param at the top of the error event, nested under error as well unless asked for the documented shape', async () => {
      const { server } = await start({
        turns: [
          { items: [], fail: { kind: 'error_event', code: 'server_error', message: 'Boom.' } },
          { items: [], fail: { kind: 'error_event', code: 'server_error', message: 'Boom.', shape: 'documented' } },
        ],
      });
      const frames: unknown[] = [];
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${server.url}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: MODEL, input: 'hi', stream: true }),
        });
        const last = (await res.text()).trim().split('\n\n').at(-1) ?? '';
        assert.match(last, /^event: error\n/);
        frames.push(JSON.parse(last.split('\n')[1].slice('data: '.length)));
      }
      assert.deepEqual(frames[0], {
        type: 'error',
        code: 'server_error',
        message: 'Boom.',
        param: null,
        error: { type: 'server_error', code: 'server_error', message: 'Boom.', param: null },
        sequence_number: 2,
      });
      assert.deepEqual(frames[1], { type: 'error', code: 'server_error', message: 'Boom.', param: null, sequence_number: 2 });
    });

    it('lets openai 6.x yield a documented-shape error event instead of throwing', async () => {
      const { client } = await start({
        turns: [{ items: words, fail: { kind: 'error_event', code: 'server_error', message: 'Boom.', shape: 'documented' } }],
      });
      const { events, error } = await drain(await client.responses.create({ model: MODEL, input: 'hi', stream: true }));
      assert.equal(error, undefined);
      const last = events.at(-1);
      assert.deepEqual(last, { type: 'error', code: 'server_error', message: 'Boom.', param: null, sequence_number: WORD_EVENTS });
    });

    it('drops the connection after N events without a terminal event', async () => {
      const { client } = await start({
        turns: [
          { items: words, fail: { kind: 'drop', afterEvents: 5 } },
          { items: words, fail: { kind: 'drop', afterEvents: 3 } },
        ],
      });
      const { events, error } = await drain(await client.responses.create({ model: MODEL, input: 'hi', stream: true }));
      assert.equal(events.length, 5);
      assert.ok(error instanceof Error, 'the SDK reports the cut connection');
      assert.ok(!(error instanceof OpenAI.APIError));
      const viaHelper = await thrown(() => client.responses.stream({ model: MODEL, input: 'hi' }).finalResponse());
      assert.ok(viaHelper instanceof Error);
    });

    it('stalls after N events until the client aborts, then serves the next request', async () => {
      const { client } = await start({ turns: [{ items: words, fail: { kind: 'stall', afterEvents: 4 } }, { items: words }] });
      const controller = new AbortController();
      const received: ResponseStreamEvent[] = [];
      for await (const event of await client.responses.create({ model: MODEL, input: 'hi', stream: true }, { signal: controller.signal })) {
        received.push(event);
        if (received.length === 4) controller.abort();
      }
      assert.equal(received.length, 4);
      assert.equal(received.at(-1)?.type, 'response.content_part.added');
      const next = await client.responses.create({ model: MODEL, input: 'hi' });
      assert.equal(next.status, 'completed');
    });

    it('ends a stalled connection on close()', async () => {
      const { client, server } = await start({ turns: [{ items: words, fail: { kind: 'stall', afterEvents: 2 } }] });
      const stream = await client.responses.create({ model: MODEL, input: 'hi', stream: true });
      const reading = drain(stream);
      // The response headers have arrived, so the server is holding the connection open.
      await server.close();
      const { events, error } = await reading;
      assert.ok(events.length <= 2);
      assert.ok(error instanceof Error);
    });

    it('sends a line that is not JSON after N events, which the SDK cannot parse', async () => {
      const { server } = await start({
        turns: [
          { items: words, fail: { kind: 'malformed', afterEvents: 3 } },
          { items: words, fail: { kind: 'malformed', afterEvents: 1, raw: 'data: <html>502 Bad Gateway</html>' } },
        ],
      });
      const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0, logLevel: 'off' });
      const first = await drain(await client.responses.create({ model: MODEL, input: 'hi', stream: true }));
      assert.equal(first.events.length, 3);
      assert.ok(first.error instanceof SyntaxError);
      const second = await drain(await client.responses.create({ model: MODEL, input: 'hi', stream: true }));
      assert.equal(second.events.length, 1);
      assert.ok(second.error instanceof SyntaxError);
    });

    it('carries on after the malformed line, so a tolerant reader still sees the whole stream', async () => {
      const { server } = await start({ turns: [{ items: words, fail: { kind: 'malformed', afterEvents: 2 } }] });
      const res = await fetch(`${server.url}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, input: 'hi', stream: true }),
      });
      const frames = (await res.text()).trim().split('\n\n');
      assert.equal(frames[2], 'data: {not json');
      assert.equal(frames.length, WORD_EVENTS + 2);
      assert.match(frames.at(-1) ?? '', /^event: response\.completed\n/);
      const numbers = frames
        .filter((f) => f.startsWith('event: '))
        .map((f) => (JSON.parse(f.split('\n')[1].slice(6)) as { sequence_number: number }).sequence_number);
      assert.deepEqual(
        numbers,
        numbers.map((_, i) => i),
      );
    });
  });

  describe('without streaming', () => {
    it('returns failed and incomplete responses as objects, and turns the transport failures into errors', async () => {
      const { client } = await start({
        turns: [
          { items: words, fail: { kind: 'response_failed', code: 'server_error', message: 'Oops.' } },
          { items: words, fail: { kind: 'incomplete', reason: 'content_filter' } },
          { items: words, fail: { kind: 'error_event', code: 'server_error', message: 'Oops.' } },
          { items: words, fail: { kind: 'drop', afterEvents: 0 } },
        ],
      });
      const failed = await client.responses.create({ model: MODEL, input: 'hi' });
      assert.equal(failed.status, 'failed');
      assert.deepEqual(failed.error, { code: 'server_error', message: 'Oops.' });
      const incomplete = await client.responses.create({ model: MODEL, input: 'hi' });
      assert.deepEqual(incomplete.incomplete_details, { reason: 'content_filter' });
      assert.ok((await thrown(() => client.responses.create({ model: MODEL, input: 'hi' }))) instanceof OpenAI.InternalServerError);
      assert.ok((await thrown(() => client.responses.create({ model: MODEL, input: 'hi' }))) instanceof OpenAI.APIConnectionError);
    });
  });
});
