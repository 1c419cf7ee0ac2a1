import assert from 'node:assert/strict';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { ScriptTurn } from '../../fake-openai/script';
import { collect, useFakeServer } from './harness';

const MODEL = 'gpt-5.1-codex';

const allKinds: ScriptTurn = {
  items: [
    { type: 'reasoning', summary: ['Plan it', 'Check'] },
    { type: 'text', text: 'Hello there', chunks: 2 },
    { type: 'function_call', callId: 'call_fn', name: 'lookup', arguments: '{"q":"x"}' },
    { type: 'apply_patch_call', callId: 'call_patch', operation: { type: 'create_file', path: 'a.md', diff: '+hi\n' } },
    { type: 'shell_call', callId: 'call_sh', commands: ['ls', 'pwd'], timeoutMs: 5000, maxOutputLength: 1000 },
  ],
};

function field(event: ResponseStreamEvent, name: string): unknown {
  return (event as unknown as Record<string, unknown>)[name];
}

describe('fake OpenAI server: streaming', () => {
  const start = useFakeServer();

  it('sends every event in the documented order, numbered from 0 up by 1', async () => {
    const { client } = await start({ turns: [allKinds] });
    const events = await collect(await client.responses.create({ model: MODEL, input: 'hi', stream: true }));
    assert.deepEqual(
      events.map((e) => e.type),
      [
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.reasoning_summary_part.added',
        'response.reasoning_summary_text.delta',
        'response.reasoning_summary_text.delta',
        'response.reasoning_summary_text.done',
        'response.reasoning_summary_part.done',
        'response.reasoning_summary_part.added',
        'response.reasoning_summary_text.delta',
        'response.reasoning_summary_text.done',
        'response.reasoning_summary_part.done',
        'response.output_item.done',
        'response.output_item.added',
        'response.content_part.added',
        'response.output_text.delta',
        'response.output_text.delta',
        'response.output_text.done',
        'response.content_part.done',
        'response.output_item.done',
        'response.output_item.added',
        'response.function_call_arguments.delta',
        'response.function_call_arguments.done',
        'response.output_item.done',
        'response.output_item.added',
        'response.output_item.done',
        'response.output_item.added',
        'response.output_item.done',
        'response.completed',
      ],
    );
    assert.deepEqual(
      events.map((e) => e.sequence_number),
      events.map((_, i) => i),
    );
  });

  it('frames each event as `event: <type>` plus one line of JSON whose type matches', async () => {
    const { server } = await start({ turns: [{ items: [{ type: 'text', text: 'multi\nline "text"' }] }] });
    const res = await fetch(`${server.url}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, input: 'hi', stream: true }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const body = await res.text();
    assert.ok(body.endsWith('\n\n'));
    const frames = body.slice(0, -2).split('\n\n');
    assert.equal(frames.length, 11); // 3 deltas: 'multi', '\nline', ' "text"'
    for (const frame of frames) {
      const lines = frame.split('\n');
      assert.equal(lines.length, 2, frame);
      const [eventLine, dataLine] = lines;
      assert.match(eventLine, /^event: \S+$/);
      assert.match(dataLine, /^data: \{/);
      assert.equal((JSON.parse(dataLine.slice('data: '.length)) as { type: string }).type, eventLine.slice('event: '.length));
    }
    assert.ok(!body.includes('[DONE]'));
  });

  it('builds items in the shapes the SDK declares, with consistent ids and indexes on every event', async () => {
    const { client } = await start({ turns: [allKinds] });
    const events = await collect(await client.responses.create({ model: MODEL, input: 'hi', stream: true }));
    const completed = events.at(-1);
    assert.equal(completed?.type, 'response.completed');
    const output = completed.response.output;
    assert.deepEqual(
      output.map((item) => item.type),
      ['reasoning', 'message', 'function_call', 'apply_patch_call', 'shell_call'],
    );
    const [reasoning, message, fn, patch, shell] = output;
    assert.match(reasoning.id ?? '', /^rs_[0-9a-f]{48}$/);
    assert.deepEqual(reasoning, {
      id: reasoning.id,
      type: 'reasoning',
      summary: [
        { type: 'summary_text', text: 'Plan it' },
        { type: 'summary_text', text: 'Check' },
      ],
    });
    assert.match(message.id ?? '', /^msg_/);
    assert.deepEqual(message, {
      id: message.id,
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Hello there', annotations: [] }],
    });
    assert.match(fn.id ?? '', /^fc_/);
    assert.deepEqual(fn, {
      id: fn.id,
      type: 'function_call',
      status: 'completed',
      call_id: 'call_fn',
      name: 'lookup',
      arguments: '{"q":"x"}',
    });
    assert.match(patch.id ?? '', /^apc_/);
    assert.deepEqual(patch, {
      id: patch.id,
      type: 'apply_patch_call',
      call_id: 'call_patch',
      status: 'completed',
      operation: { type: 'create_file', path: 'a.md', diff: '+hi\n' },
    });
    assert.match(shell.id ?? '', /^sh_/);
    assert.deepEqual(shell, {
      id: shell.id,
      type: 'shell_call',
      call_id: 'call_sh',
      status: 'completed',
      action: { commands: ['ls', 'pwd'], timeout_ms: 5000, max_output_length: 1000 },
      environment: null,
    });

    // Every item event names its item and index; output_item.added starts each item empty and in progress.
    for (const event of events) {
      const index = field(event, 'output_index');
      if (typeof index !== 'number') continue;
      const itemId = field(event, 'item_id') ?? (field(event, 'item') as { id: string }).id;
      assert.equal(itemId, output[index].id, `${event.type} #${event.sequence_number}`);
    }
    const added = events.filter((e) => e.type === 'response.output_item.added').map((e) => e.item);
    assert.deepEqual(added[0], { ...reasoning, summary: [] });
    assert.deepEqual(added[1], { ...message, status: 'in_progress', content: [] });
    assert.deepEqual(added[2], { ...fn, status: 'in_progress', arguments: '' });
    assert.deepEqual(added[3], { ...patch, status: 'in_progress' });
    assert.deepEqual(added[4], { ...shell, status: 'in_progress' });
  });

  it('streams text and summaries as deltas that add up, with content and summary indexes', async () => {
    const { client } = await start({ turns: [allKinds] });
    const events = await collect(await client.responses.create({ model: MODEL, input: 'hi', stream: true }));
    const deltas = events.filter((e) => e.type === 'response.output_text.delta');
    assert.deepEqual(
      deltas.map((e) => e.delta),
      ['Hello ', 'there'],
    );
    assert.ok(deltas.every((e) => e.content_index === 0 && e.logprobs.length === 0));
    const partAdded = events.find((e) => e.type === 'response.content_part.added');
    assert.deepEqual(partAdded?.type === 'response.content_part.added' && partAdded.part, {
      type: 'output_text',
      text: '',
      annotations: [],
    });
    const textDone = events.find((e) => e.type === 'response.output_text.done');
    assert.equal(textDone?.type === 'response.output_text.done' && textDone.text, 'Hello there');

    const summary = events.filter((e) => e.type === 'response.reasoning_summary_text.delta');
    assert.deepEqual(
      summary.map((e) => [e.summary_index, e.delta]),
      [
        [0, 'Plan'],
        [0, ' it'],
        [1, 'Check'],
      ],
    );
    const partsDone = events.filter((e) => e.type === 'response.reasoning_summary_part.done').map((e) => e.part);
    assert.deepEqual(partsDone, [
      { type: 'summary_text', text: 'Plan it' },
      { type: 'summary_text', text: 'Check' },
    ]);
    const argsDone = events.find((e) => e.type === 'response.function_call_arguments.done');
    assert.deepEqual(argsDone?.type === 'response.function_call_arguments.done' && [argsDone.name, argsDone.arguments], [
      'lookup',
      '{"q":"x"}',
    ]);
  });

  it('splits text by words by default and into the asked number of chunks, never splitting a character', async () => {
    const text = 'Grüße 👋🏽 aus  Köln\n```ts\nconst x = 1;\n```';
    const { client } = await start({ turns: [{ items: [{ type: 'text', text }] }, { items: [{ type: 'text', text, chunks: 5 }] }] });
    for (const expected of [text.match(/\s*\S+|\s+/g)?.length, 5]) {
      const events = await collect(await client.responses.create({ model: MODEL, input: 'hi', stream: true }));
      const deltas = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : []));
      assert.equal(deltas.length, expected);
      assert.equal(deltas.join(''), text);
      // A split surrogate pair would not survive a UTF-8 round trip.
      assert.ok(deltas.every((d) => Buffer.from(d, 'utf8').toString('utf8') === d));
    }
  });

  it('lets responses.stream() accumulate the final response from the events', async () => {
    const { client } = await start({ turns: [allKinds] });
    const stream = client.responses.stream({ model: MODEL, input: 'hi' });
    const seen: string[] = [];
    stream.on('response.output_text.delta', (e) => seen.push(e.snapshot));
    const final = await stream.finalResponse();
    assert.equal(final.output_text, 'Hello there');
    assert.deepEqual(seen, ['Hello ', 'Hello there']);
    assert.equal(final.status, 'completed');
    const fn = final.output.find((item) => item.type === 'function_call');
    assert.equal(fn?.type === 'function_call' && fn.arguments, '{"q":"x"}');
  });

  it('puts an obfuscation string on every delta event unless the request turns it off', async () => {
    const { client } = await start({ turns: [allKinds, allKinds] });
    const deltaTypes = ['response.output_text.delta', 'response.reasoning_summary_text.delta', 'response.function_call_arguments.delta'];
    const on = await collect(await client.responses.create({ model: MODEL, input: 'hi', stream: true }));
    const onDeltas = on.filter((e) => deltaTypes.includes(e.type));
    assert.equal(onDeltas.length, 6);
    for (const e of onDeltas) assert.match(String(field(e, 'obfuscation')), /^[A-Za-z0-9]{2,}$/);
    assert.ok(on.filter((e) => !deltaTypes.includes(e.type)).every((e) => field(e, 'obfuscation') === undefined));

    const off = await collect(
      await client.responses.create({ model: MODEL, input: 'hi', stream: true, stream_options: { include_obfuscation: false } }),
    );
    assert.equal(off.length, on.length);
    assert.ok(off.every((e) => field(e, 'obfuscation') === undefined));
  });

  it('returns encrypted reasoning only when the request includes reasoning.encrypted_content', async () => {
    const turn: ScriptTurn = {
      items: [
        { type: 'reasoning', summary: ['a'], encrypted: 'opaque-blob' },
        { type: 'reasoning', summary: ['b'] },
      ],
    };
    const { client } = await start({ turns: [turn, turn] });
    const plain = await client.responses.create({ model: MODEL, input: 'hi' });
    assert.ok(plain.output.every((item) => !('encrypted_content' in item)));
    const withBlob = await client.responses.create({ model: MODEL, input: 'hi', store: false, include: ['reasoning.encrypted_content'] });
    const [first, second] = withBlob.output;
    assert.equal(first.type === 'reasoning' && first.encrypted_content, 'opaque-blob');
    assert.ok(second.type === 'reasoning' && typeof second.encrypted_content === 'string' && second.encrypted_content.length > 10);
  });

  it('echoes the request fields in the response object, as the real API does', async () => {
    const { client } = await start({
      turns: [{ items: [{ type: 'text', text: 'ok' }] }, { model: 'gpt-5.1-codex-2025-11-13', items: [] }],
    });
    const tools = [{ type: 'apply_patch' as const }, { type: 'shell' as const }];
    const events = await collect(
      await client.responses.create({
        model: MODEL,
        input: 'hi',
        stream: true,
        instructions: 'Be brief.',
        tools,
        reasoning: { effort: 'high', summary: 'auto' },
        store: false,
        prompt_cache_key: 'conv-1',
      }),
    );
    const created = events[0];
    assert.equal(created.type, 'response.created');
    assert.equal(created.response.status, 'in_progress');
    assert.deepEqual(created.response.output, []);
    assert.equal(created.response.usage, null);
    const done = events.at(-1);
    assert.ok(done?.type === 'response.completed');
    const r = done.response;
    assert.match(r.id, /^resp_/);
    assert.equal(events[1].type === 'response.in_progress' && events[1].response.id, r.id);
    assert.equal(r.object, 'response');
    assert.equal(r.status, 'completed');
    assert.equal(typeof r.created_at, 'number');
    assert.equal(r.error, null);
    assert.equal(r.incomplete_details, null);
    assert.equal(r.model, MODEL);
    assert.equal(r.instructions, 'Be brief.');
    assert.deepEqual(r.tools, tools);
    assert.deepEqual(r.reasoning, { effort: 'high', summary: 'auto' });
    assert.equal((r as unknown as Record<string, unknown>).store, false);
    assert.equal(r.previous_response_id, null);
    assert.equal(r.prompt_cache_key, 'conv-1');
    assert.equal(r.parallel_tool_calls, true);
    assert.equal(r.tool_choice, 'auto');

    const second = await client.responses.create({ model: MODEL, input: 'hi' });
    assert.equal(second.model, 'gpt-5.1-codex-2025-11-13');
  });

  it('reports usage from the request and output sizes, or as scripted', async () => {
    const { client, server } = await start({
      turns: [
        { items: [{ type: 'text', text: 'x'.repeat(40) }] },
        {
          items: [{ type: 'text', text: 'y' }],
          usage: { input_tokens: 1000, cached_tokens: 800, output_tokens: 50, reasoning_tokens: 20 },
        },
      ],
    });
    const first = await client.responses.create({ model: MODEL, input: 'hello' });
    const size = JSON.stringify(server.requests[0].body).length;
    assert.deepEqual(first.usage, {
      input_tokens: Math.ceil(size / 4),
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: 10,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: Math.ceil(size / 4) + 10,
    });
    const second = await client.responses.create({ model: MODEL, input: 'hello' });
    assert.deepEqual(second.usage, {
      input_tokens: 1000,
      input_tokens_details: { cached_tokens: 800, cache_write_tokens: 0 },
      output_tokens: 50,
      output_tokens_details: { reasoning_tokens: 20 },
      total_tokens: 1050,
    });
  });

  it('answers stream:false with the complete response object', async () => {
    const { client } = await start({ turns: [allKinds] });
    const response = await client.responses.create({ model: MODEL, input: 'hi' });
    assert.equal(response.status, 'completed');
    assert.equal(response.output_text, 'Hello there');
    assert.equal(response.output.length, 5);
    assert.ok(response.usage && response.usage.total_tokens > 0);
  });

  it('waits delayMs between events', async () => {
    const { client } = await start({ turns: [{ items: [{ type: 'text', text: 'a b c' }], delayMs: 25 }] });
    const started = Date.now();
    const events = await collect(await client.responses.create({ model: MODEL, input: 'hi', stream: true }));
    assert.equal(events.at(-1)?.type, 'response.completed');
    // Timers never fire early, so the gaps add up to at least (events - 1) × delay.
    assert.ok(Date.now() - started >= (events.length - 1) * 25 - 5);
  });
});
