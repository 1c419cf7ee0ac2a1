import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import OpenAI from 'openai';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type { RecordedRequest, ScriptTurn } from '../../fake-openai/script';
import { FAKE_MODELS } from '../../fake-openai/server';
import { thrown, useFakeServer } from './harness';

const MODEL = 'gpt-5.1-codex';
const reply: ScriptTurn = { items: [{ type: 'text', text: 'Done.' }] };

describe('fake OpenAI server: endpoints and bookkeeping', () => {
  const start = useFakeServer();

  it('serves on 127.0.0.1 with a base URL ending in /v1, and closes idempotently', async () => {
    const { server } = await start();
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    await server.close();
    await server.close();
    await assert.rejects(fetch(`${server.url}/models`));
  });

  it('records every request before answering it: method, path, headers, parsed body, time', async () => {
    const { client, server } = await start({ turns: [reply] });
    const before = Date.now();
    await client.responses.create({ model: MODEL, input: 'hi', store: false, stream: true });
    await thrown(() => client.responses.create({ model: MODEL, input: 'no turn left' }));
    await fetch(`${server.url}/nothing`);
    const after = Date.now();
    assert.equal(server.requests.length, 3);
    const [first, second, third] = server.requests;
    assert.equal(first.method, 'POST');
    assert.equal(first.path, '/v1/responses');
    assert.equal(first.headers.authorization, 'Bearer test');
    assert.match(String(first.headers['content-type']), /^application\/json/);
    assert.deepEqual(first.body, { model: MODEL, input: 'hi', store: false, stream: true });
    assert.ok(first.receivedAt >= before && first.receivedAt <= after);
    assert.deepEqual((second.body as { input: string }).input, 'no turn left');
    assert.deepEqual([third.method, third.path, third.body], ['GET', '/v1/nothing', undefined]);
  });

  it("answers unknown routes with the real API's 404", async () => {
    const { server } = await start();
    const res = await fetch(`${server.url}/nothing`, { method: 'DELETE' });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), {
      error: { message: 'Invalid URL (DELETE /v1/nothing)', type: 'invalid_request_error', param: null, code: null },
    });
  });

  it('lists the Codex models on GET /v1/models', async () => {
    const { client } = await start();
    const models = await client.models.list();
    assert.deepEqual(
      models.data.map((m) => m.id),
      [...FAKE_MODELS],
    );
    assert.deepEqual(FAKE_MODELS, ['gpt-5.1-codex', 'gpt-5.1-codex-mini', 'gpt-5.1-codex-max', 'gpt-5.2-codex', 'gpt-5.1']);
    assert.ok(models.data.every((m) => m.object === 'model' && typeof m.created === 'number' && m.owned_by === 'system'));
  });

  it('uses scripted turns first and asks the responder after them, handing it the recorded request', async () => {
    const asked: RecordedRequest[] = [];
    const { client, server } = await start({
      turns: [reply],
      responder: (request) => {
        asked.push(request);
        return { items: [{ type: 'text', text: `responder #${asked.length}` }] };
      },
    });
    assert.equal((await client.responses.create({ model: MODEL, input: 'a' })).output_text, 'Done.');
    assert.equal((await client.responses.create({ model: MODEL, input: 'b' })).output_text, 'responder #1');
    server.enqueue(reply, reply);
    assert.equal(server.pending(), 2);
    assert.equal((await client.responses.create({ model: MODEL, input: 'c' })).output_text, 'Done.');
    assert.equal(server.pending(), 1);
    assert.equal(asked.length, 1);
    assert.equal(asked[0], server.requests[1]);
  });

  it('answers 500 with the reason when the responder throws', async () => {
    const { client } = await start({
      responder: () => {
        throw new Error('no idea');
      },
    });
    const error = await thrown(() => client.responses.create({ model: MODEL, input: 'a' }));
    assert.ok(error instanceof OpenAI.InternalServerError);
    assert.match(error.message, /The fake OpenAI server failed: no idea/);
  });

  describe('compaction', () => {
    const history: ResponseInputItem[] = [
      { role: 'user', content: 'First question' },
      {
        type: 'message',
        role: 'assistant',
        id: 'msg_a',
        status: 'completed',
        content: [{ type: 'output_text', text: 'Answer', annotations: [] }],
      },
      { type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'found' },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Second question' }] },
    ];

    it('keeps the user messages and folds the rest into one opaque compaction item', async () => {
      const { client, server } = await start();
      const compacted = await client.responses.compact({ model: MODEL, input: history });
      assert.equal(compacted.object, 'response.compaction');
      assert.match(compacted.id, /^resp_/);
      assert.equal(typeof compacted.created_at, 'number');
      assert.equal(compacted.output.length, 3);
      const [first, second, compaction] = compacted.output as unknown as Record<string, unknown>[];
      assert.deepEqual(
        { ...first, id: undefined },
        { id: undefined, type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'First question' }] },
      );
      assert.deepEqual(second.content, [{ type: 'input_text', text: 'Second question' }]);
      assert.equal(compaction.type, 'compaction');
      assert.match(String(compaction.id), /^cmp_/);
      assert.ok(typeof compaction.encrypted_content === 'string' && compaction.encrypted_content.length > 0);
      assert.ok(
        compacted.usage.input_tokens > 0 && compacted.usage.total_tokens === compacted.usage.input_tokens + compacted.usage.output_tokens,
      );
      assert.equal(server.requests[0].path, '/v1/responses/compact');
    });

    it('accepts the compacted output as the input of a later request', async () => {
      const { client, server } = await start({ turns: [reply] });
      const compacted = await client.responses.compact({ model: MODEL, input: history });
      const next = await client.responses.create({
        model: MODEL,
        store: false,
        input: [...(compacted.output as unknown as ResponseInputItem[]), { role: 'user', content: 'Third question' }],
      });
      assert.equal(next.output_text, 'Done.');
      const sent = (server.requests[1].body as { input: { type?: string }[] }).input;
      assert.equal(sent.filter((item) => item.type === 'compaction').length, 1);
    });

    it('compacts the stored chain named by previous_response_id', async () => {
      const { client } = await start({ turns: [reply] });
      const first = await client.responses.create({ model: MODEL, input: 'Stored question' });
      const compacted = await client.responses.compact({ model: MODEL, previous_response_id: first.id, input: 'Follow-up' });
      const texts = compacted.output.flatMap((item) =>
        item.type === 'message' ? item.content.map((part) => ('text' in part ? part.text : '')) : [],
      );
      assert.deepEqual(texts, ['Stored question', 'Follow-up']);
    });

    it('fails with the configured status, as providers without compaction do', async () => {
      const { client } = await start({ compact: { failStatus: 404 } });
      const error = await thrown(() => client.responses.compact({ model: MODEL, input: history }));
      assert.ok(error instanceof OpenAI.NotFoundError);
      assert.equal(error.message, '404 Invalid URL (POST /v1/responses/compact)');
    });
  });

  describe('command line', () => {
    const main = path.resolve(__dirname, '../../fake-openai/main.js');

    it('prints FAKE_OPENAI_URL=<url>, serves the demo model, and exits cleanly on SIGTERM', async () => {
      const child = spawn(process.execPath, [main, '--demo'], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const line = await new Promise<string>((resolve, reject) => {
          readline.createInterface({ input: child.stdout }).once('line', resolve);
          child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
        });
        const match = /^FAKE_OPENAI_URL=(http:\/\/127\.0\.0\.1:\d+\/v1)$/.exec(line);
        assert.ok(match, line);
        const client = new OpenAI({ apiKey: 'demo', baseURL: match[1], maxRetries: 0 });
        const response = await client.responses.create({ model: MODEL, input: 'hello' });
        assert.match(response.output_text, /offline demo model/);
      } finally {
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      }
    });

    it('refuses an unknown option with a usage line and exit code 2', async () => {
      const child = spawn(process.execPath, [main, '--verbose'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      assert.equal(code, 2);
      assert.match(stderr, /Unknown option "--verbose"\. Usage: main\.js \[--port N\] \[--host H\] \[--demo \[--workspace DIR\]\]/);
    });
  });
});
