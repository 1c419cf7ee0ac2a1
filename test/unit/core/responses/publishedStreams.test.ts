// Streams rebuilt from the providers' own published examples, replayed byte for byte by a bare HTTP server (not our fake),
// so a misreading shared by the client and the fake cannot pass. Sources: OpenAI's function-calling guide, "Streaming"
// (platform.openai.com/docs/guides/function-calling): the Responses events of one function call, and the Chat Completions
// tool-call deltas, where later deltas carry `id`, `name` and `type` as null.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type { RawItem } from '../../../../src/core/history';
import { ResponsesClient, type StreamSink } from '../../../../src/core/responses/client';

const RESPONSES_EVENTS = [
  { type: 'response.created', response: { id: 'resp_1234xyz', object: 'response', status: 'in_progress', model: 'gpt-4.1', output: [] } },
  {
    type: 'response.output_item.added',
    response_id: 'resp_1234xyz',
    output_index: 0,
    item: { type: 'function_call', id: 'fc_1234xyz', call_id: 'call_1234xyz', name: 'get_weather', arguments: '' },
  },
  { type: 'response.function_call_arguments.delta', response_id: 'resp_1234xyz', item_id: 'fc_1234xyz', output_index: 0, delta: '{"' },
  {
    type: 'response.function_call_arguments.delta',
    response_id: 'resp_1234xyz',
    item_id: 'fc_1234xyz',
    output_index: 0,
    delta: 'location',
  },
  { type: 'response.function_call_arguments.delta', response_id: 'resp_1234xyz', item_id: 'fc_1234xyz', output_index: 0, delta: '":"' },
  { type: 'response.function_call_arguments.delta', response_id: 'resp_1234xyz', item_id: 'fc_1234xyz', output_index: 0, delta: 'Paris' },
  { type: 'response.function_call_arguments.delta', response_id: 'resp_1234xyz', item_id: 'fc_1234xyz', output_index: 0, delta: ',' },
  { type: 'response.function_call_arguments.delta', response_id: 'resp_1234xyz', item_id: 'fc_1234xyz', output_index: 0, delta: ' France' },
  { type: 'response.function_call_arguments.delta', response_id: 'resp_1234xyz', item_id: 'fc_1234xyz', output_index: 0, delta: '"}' },
  {
    type: 'response.function_call_arguments.done',
    response_id: 'resp_1234xyz',
    item_id: 'fc_1234xyz',
    output_index: 0,
    arguments: '{"location":"Paris, France"}',
  },
  {
    type: 'response.output_item.done',
    response_id: 'resp_1234xyz',
    output_index: 0,
    item: {
      type: 'function_call',
      id: 'fc_1234xyz',
      call_id: 'call_1234xyz',
      name: 'get_weather',
      arguments: '{"location":"Paris, France"}',
    },
  },
  { type: 'response.completed', response: { id: 'resp_1234xyz', object: 'response', status: 'completed', model: 'gpt-4.1', output: [] } },
];

const CHAT_TOOL_DELTAS = [
  [{ index: 0, id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', function: { arguments: '', name: 'get_weather' }, type: 'function' }],
  [{ index: 0, id: null, function: { arguments: '{"', name: null }, type: null }],
  [{ index: 0, id: null, function: { arguments: 'location', name: null }, type: null }],
  [{ index: 0, id: null, function: { arguments: '":"', name: null }, type: null }],
  [{ index: 0, id: null, function: { arguments: 'Paris', name: null }, type: null }],
  [{ index: 0, id: null, function: { arguments: ',', name: null }, type: null }],
  [{ index: 0, id: null, function: { arguments: ' France', name: null }, type: null }],
  [{ index: 0, id: null, function: { arguments: '"}', name: null }, type: null }],
];

function chatBody(): string {
  const chunk = (delta: unknown, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4.1', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
  return [
    chunk({ role: 'assistant', content: null }, null),
    ...CHAT_TOOL_DELTAS.map((toolCalls) => chunk({ tool_calls: toolCalls }, null)),
    chunk({}, 'tool_calls'),
    'data: [DONE]\n\n',
  ].join('');
}

function sink(): StreamSink & { items: RawItem[] } {
  const items: RawItem[] = [];
  return {
    items,
    textDelta: () => undefined,
    textDone: () => undefined,
    reasoningDelta: () => undefined,
    reasoningDone: () => undefined,
    itemDone: (item) => void items.push(item),
    retrying: () => undefined,
  };
}

describe('Published provider streams, replayed verbatim', () => {
  let server: http.Server;
  let client: ResponsesClient;

  before(async () => {
    server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (req.url?.endsWith('/chat/completions')) return void res.end(chatBody());
      res.end(RESPONSES_EVENTS.map((e, i) => `event: ${e.type}\ndata: ${JSON.stringify({ ...e, sequence_number: i })}\n\n`).join(''));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new ResponsesClient(new OpenAI({ apiKey: 'k', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 }), {
      retry: { maxRetries: 0 },
    });
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('Responses: a streamed function call arrives whole, with its call id and joined arguments', async () => {
    const events = sink();
    const result = await client.stream({ model: 'gpt-4.1', input: 'weather?', stream: true }, events, new AbortController().signal);
    assert.equal(result.status, 'completed');
    assert.deepEqual(
      result.output.map((item) => [item.type, item['call_id'], item['name'], item['arguments']]),
      [['function_call', 'call_1234xyz', 'get_weather', '{"location":"Paris, France"}']],
    );
    assert.equal(events.items.length, 1);
  });

  it('Chat Completions: deltas with null id, name and type extend the open call instead of starting new ones', async () => {
    const events = sink();
    const result = await client.streamChat(
      { model: 'gpt-4.1', messages: [{ role: 'user', content: 'weather?' }], stream: true },
      events,
      new AbortController().signal,
    );
    assert.equal(result.status, 'completed');
    assert.deepEqual(
      result.output.map((item) => [item.type, item['call_id'], item['name'], item['arguments']]),
      [['function_call', 'call_DdmO9pD3xa9XTPNJ32zg2hcA', 'get_weather', '{"location":"Paris, France"}']],
    );
  });
});
