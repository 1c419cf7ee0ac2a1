import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type { ScriptTurn } from '../../fake-openai/script';
import { thrown, useFakeServer } from './harness';

const MODEL = 'gpt-5.1-codex';

const callsTurn: ScriptTurn = {
  items: [
    { type: 'reasoning', summary: ['Look first'] },
    { type: 'function_call', callId: 'call_fn', name: 'lookup', arguments: '{}' },
    { type: 'apply_patch_call', callId: 'call_patch', operation: { type: 'update_file', path: 'a.ts', diff: '@@\n-a\n+b' } },
    { type: 'shell_call', callId: 'call_sh', commands: ['ls'] },
  ],
};
const reply: ScriptTurn = { items: [{ type: 'text', text: 'Done.' }] };

const outputs: Record<string, ResponseInputItem> = {
  call_fn: { type: 'function_call_output', call_id: 'call_fn', output: '{"found":true}' },
  call_patch: { type: 'apply_patch_call_output', call_id: 'call_patch', status: 'completed', output: 'Applied a.ts' },
  call_sh: {
    type: 'shell_call_output',
    call_id: 'call_sh',
    max_output_length: null,
    output: [{ stdout: 'a.ts\n', stderr: '', outcome: { type: 'exit', exit_code: 0 } }],
  },
};

/** Output items go back as input items without their ids (under store:false the server kept none); reasoning keeps its id. */
function asInput(items: readonly unknown[]): ResponseInputItem[] {
  return (items as Record<string, unknown>[]).map((item) => {
    if (item['type'] === 'reasoning') return item;
    const { id: _id, ...rest } = item;
    return rest;
  }) as unknown as ResponseInputItem[];
}

describe('fake OpenAI server: conversation checks', () => {
  const start = useFakeServer();

  describe('tool outputs', () => {
    for (const [callId, label] of [
      ['call_fn', 'function call'],
      ['call_patch', 'apply patch call'],
      ['call_sh', 'shell call'],
    ] as const) {
      it(`answers 400 when the ${label} ${callId} is sent back without its output, before using a turn`, async () => {
        const { client, server } = await start({ turns: [callsTurn, reply] });
        const first = await client.responses.create({ model: MODEL, input: 'go', store: false, include: ['reasoning.encrypted_content'] });
        const answered = Object.entries(outputs)
          .filter(([id]) => id !== callId)
          .map(([, output]) => output);
        const error = await thrown(() =>
          client.responses.create({
            model: MODEL,
            store: false,
            stream: true,
            input: [{ role: 'user', content: 'go' }, ...asInput(first.output), ...answered],
          }),
        );
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal(error.message, `400 No tool output found for ${label} ${callId}.`);
        assert.equal(error.type, 'invalid_request_error');
        assert.equal(error.param, 'input');
        assert.equal(error.code, null);
        assert.equal(server.pending(), 1);
      });
    }

    it('accepts the whole history re-sent with store:false once every call has its output', async () => {
      const { client, server } = await start({ turns: [callsTurn, reply] });
      const first = await client.responses.create({ model: MODEL, input: 'go', store: false, include: ['reasoning.encrypted_content'] });
      const reasoning = first.output[0];
      assert.ok(reasoning.type === 'reasoning' && typeof reasoning.encrypted_content === 'string');
      const second = await client.responses.create({
        model: MODEL,
        store: false,
        include: ['reasoning.encrypted_content'],
        input: [{ role: 'user', content: 'go' }, ...asInput(first.output), ...Object.values(outputs)],
      });
      assert.equal(second.output_text, 'Done.');
      assert.equal(server.pending(), 0);
    });

    it('answers 404 for an output item sent back with its id under store:false, as the server kept none', async () => {
      const { client } = await start({ turns: [callsTurn] });
      const first = await client.responses.create({ model: MODEL, input: 'go', store: false, include: ['reasoning.encrypted_content'] });
      const call = first.output.find((item) => item.type === 'function_call');
      assert.ok(call?.type === 'function_call' && typeof call.id === 'string');
      const error = await thrown(() =>
        client.responses.create({
          model: MODEL,
          store: false,
          input: [{ role: 'user', content: 'go' }, call as ResponseInputItem, outputs.call_fn!],
        }),
      );
      assert.ok(error instanceof OpenAI.NotFoundError);
      assert.match(error.message, new RegExp(`Item with id '${call.id}' not found`));
    });

    it('answers 400 for a field the API does not take, at the top level and inside an item', async () => {
      const { client } = await start({ turns: [reply] });
      const top = await thrown(() => client.responses.create({ model: MODEL, input: 'hi', verbosity: 'low' } as never));
      assert.ok(top instanceof OpenAI.BadRequestError);
      assert.equal(top.message, "400 Unknown parameter: 'verbosity'.");
      assert.equal(top.code, 'unknown_parameter');
      const inner = await thrown(() =>
        client.responses.create({
          model: MODEL,
          input: [{ role: 'user', content: 'hi' }, { ...outputs.call_sh!, created_by: 'resp_1' } as unknown as ResponseInputItem],
        }),
      );
      assert.ok(inner instanceof OpenAI.BadRequestError);
      assert.equal(inner.message, "400 Unknown parameter: 'input[1].created_by'.");
      assert.equal(inner.param, 'input[1].created_by');
    });

    it('answers 400 for an output that answers no call', async () => {
      const { client } = await start({ turns: [reply] });
      const error = await thrown(() =>
        client.responses.create({ model: MODEL, input: [{ role: 'user', content: 'hi' }, outputs.call_sh] }),
      );
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal(error.message, '400 No tool call found for shell call output with call_id call_sh.');
    });

    it('checks the calls of the stored response named by previous_response_id', async () => {
      const { client } = await start({ turns: [callsTurn, reply, callsTurn, reply] });
      const first = await client.responses.create({ model: MODEL, input: 'go' });
      const missing = await thrown(() =>
        client.responses.create({ model: MODEL, previous_response_id: first.id, input: [outputs.call_fn, outputs.call_sh] }),
      );
      assert.ok(missing instanceof OpenAI.BadRequestError);
      assert.match(missing.message, /No tool output found for apply patch call call_patch\./);
      const second = await client.responses.create({ model: MODEL, previous_response_id: first.id, input: Object.values(outputs) });
      assert.equal(second.output_text, 'Done.');
      assert.equal(second.previous_response_id, first.id);
      // The chain keeps growing: a third turn on top of the second sees the first's answered calls as answered.
      const third = await client.responses.create({ model: MODEL, previous_response_id: second.id, input: 'more' });
      assert.equal(third.output.length, 4);
      const fourth = await client.responses.create({ model: MODEL, previous_response_id: third.id, input: Object.values(outputs) });
      assert.equal(fourth.output_text, 'Done.');
    });
  });

  describe('stored responses and items', () => {
    it('answers 404 for a previous_response_id that was never stored', async () => {
      const { client } = await start({ turns: [reply] });
      const error = await thrown(() => client.responses.create({ model: MODEL, previous_response_id: 'resp_missing', input: 'hi' }));
      assert.ok(error instanceof OpenAI.NotFoundError);
      assert.equal(error.message, "404 Previous response with id 'resp_missing' not found.");
      assert.equal(error.param, 'previous_response_id');
      assert.equal(error.code, 'previous_response_not_found');
    });

    it('does not store store:false responses', async () => {
      const { client } = await start({ turns: [reply, reply] });
      const unstored = await client.responses.create({ model: MODEL, input: 'hi', store: false });
      const error = await thrown(() => client.responses.create({ model: MODEL, previous_response_id: unstored.id, input: 'again' }));
      assert.ok(error instanceof OpenAI.NotFoundError);
      const stored = await client.responses.create({ model: MODEL, input: 'hi' });
      assert.equal(stored.output_text, 'Done.');
    });

    it('answers 404 for a reasoning item sent by bare id when it was not stored, and accepts it with its encrypted content', async () => {
      const turn: ScriptTurn = {
        items: [
          { type: 'reasoning', summary: ['Think'] },
          { type: 'text', text: 'Hi.' },
        ],
      };
      const { client } = await start({ turns: [turn, reply, turn, reply] });
      const unstored = await client.responses.create({ model: MODEL, input: 'hi', store: false, include: ['reasoning.encrypted_content'] });
      const reasoning = unstored.output[0];
      assert.ok(reasoning.type === 'reasoning');
      const bare = { type: 'reasoning' as const, id: reasoning.id, summary: reasoning.summary };
      const error = await thrown(() =>
        client.responses.create({ model: MODEL, store: false, input: [{ role: 'user', content: 'hi' }, bare] }),
      );
      assert.ok(error instanceof OpenAI.NotFoundError);
      assert.equal(
        error.message,
        `404 Item with id '${reasoning.id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
      );
      const accepted = await client.responses.create({
        model: MODEL,
        store: false,
        input: [{ role: 'user', content: 'hi' }, ...asInput(unstored.output)],
      });
      assert.equal(accepted.output_text, 'Done.');

      // Stored responses' items resolve by id, also through item_reference.
      const stored = await client.responses.create({ model: MODEL, input: 'hi' });
      const storedReasoning = stored.output[0];
      const byId = await client.responses.create({
        model: MODEL,
        input: [
          { role: 'user', content: 'hi' },
          { type: 'reasoning', id: storedReasoning.id ?? '', summary: [] },
          { type: 'item_reference', id: stored.output[1].id ?? '' },
        ],
      });
      assert.equal(byId.output_text, 'Done.');
    });

    it('answers 404 for an item_reference to an unknown item', async () => {
      const { client } = await start({ turns: [reply] });
      const error = await thrown(() => client.responses.create({ model: MODEL, input: [{ type: 'item_reference', id: 'msg_nowhere' }] }));
      assert.ok(error instanceof OpenAI.NotFoundError);
      assert.match(error.message, /Item with id 'msg_nowhere' not found/);
    });
  });

  describe('request validation', () => {
    async function post(
      url: string,
      body: unknown,
    ): Promise<{ status: number; error: { message: string; type: string; param: string | null; code: string | null } }> {
      const res = await fetch(`${url}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        error: ((await res.json()) as { error: { message: string; type: string; param: string | null; code: string | null } }).error,
      };
    }

    it('answers 400 for a missing model or input, naming the parameter', async () => {
      const { server } = await start({ turns: [reply] });
      assert.deepEqual(await post(server.url, { input: 'hi' }), {
        status: 400,
        error: {
          message: "Missing required parameter: 'model'.",
          type: 'invalid_request_error',
          param: 'model',
          code: 'missing_required_parameter',
        },
      });
      assert.deepEqual(await post(server.url, { model: MODEL }), {
        status: 400,
        error: {
          message: "Missing required parameter: 'input'.",
          type: 'invalid_request_error',
          param: 'input',
          code: 'missing_required_parameter',
        },
      });
      assert.equal(server.pending(), 1);
    });

    it('answers 400 for malformed items, with the path of the offending field', async () => {
      const { server } = await start({ turns: [reply] });
      const call = { type: 'shell_call', call_id: 'call_1', action: { commands: ['ls'] } };
      const noOutcome = await post(server.url, {
        model: MODEL,
        input: [call, { type: 'shell_call_output', call_id: 'call_1', output: [{ stdout: '', stderr: '' }] }],
      });
      assert.equal(noOutcome.status, 400);
      assert.equal(noOutcome.error.message, "Missing required parameter: 'input[1].output[0].outcome'.");
      assert.equal(noOutcome.error.param, 'input[1].output[0].outcome');

      const patch = { type: 'apply_patch_call', call_id: 'call_2', status: 'completed', operation: { type: 'delete_file', path: 'a' } };
      const badStatus = await post(server.url, {
        model: MODEL,
        input: [patch, { type: 'apply_patch_call_output', call_id: 'call_2', status: 'rejected' }],
      });
      assert.equal(badStatus.error.message, "Invalid value: 'rejected'. Supported values are: 'completed', 'failed'.");
      assert.equal(badStatus.error.param, 'input[1].status');
      assert.equal(badStatus.error.code, 'invalid_value');

      const unknown = await post(server.url, { model: MODEL, input: [{ type: 'local_shell_call_output', id: 'x', output: '' }] });
      assert.equal(unknown.error.param, 'input[0].type');
      assert.match(unknown.error.message, /^Invalid value: 'local_shell_call_output'\. Supported values are: 'message', /);

      const wrongType = await post(server.url, { model: MODEL, input: [{ role: 'user', content: 42 }] });
      assert.equal(wrongType.error.param, 'input[0].content');
      assert.equal(wrongType.error.code, 'invalid_type');
      assert.equal(
        wrongType.error.message,
        "Invalid type for 'input[0].content': expected one of string or array, but got a number instead.",
      );

      const badOutcome = await post(server.url, {
        model: MODEL,
        input: [call, { type: 'shell_call_output', call_id: 'call_1', output: [{ stdout: '', stderr: '', outcome: { type: 'killed' } }] }],
      });
      assert.equal(badOutcome.error.message, "Invalid value: 'killed'. Supported values are: 'exit', 'timeout'.");
      assert.equal(badOutcome.error.param, 'input[1].output[0].outcome.type');
      assert.equal(server.pending(), 1);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const { server } = await start({ turns: [reply] });
      const res = await fetch(`${server.url}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"model":',
      });
      assert.equal(res.status, 400);
      const body = (await res.json()) as { error: { message: string } };
      assert.match(body.error.message, /We could not parse the JSON body of your request/);
      assert.equal(server.requests[0].body, undefined);
    });
  });
});
