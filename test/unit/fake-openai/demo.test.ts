import assert from 'node:assert/strict';
import type { Response, ResponseInputItem } from 'openai/resources/responses/responses';
import { DEMO_FILE, demoResponder } from '../../fake-openai/demo';
import { useFakeServer, type Harness } from './harness';

const MODEL = 'gpt-5.1-codex';

function kinds(response: Response): string[] {
  return response.output.map((item) => item.type);
}

describe('fake OpenAI server: offline demo model', () => {
  const start = useFakeServer();
  const startDemo = (): Promise<Harness> => start({ responder: demoResponder });

  it('says plainly that it is the offline demo, with a reasoning summary and a code block', async () => {
    const { client } = await startDemo();
    const stream = client.responses.stream({ model: MODEL, input: 'Hello there', reasoning: { summary: 'auto' } });
    const final = await stream.finalResponse();
    assert.deepEqual(kinds(final), ['reasoning', 'message']);
    assert.match(final.output_text, /\*\*This is the offline demo model\.\*\* No real model is behind this reply/);
    assert.match(final.output_text, /Codewright: Set API Key/);
    assert.match(final.output_text, /```ts\nexport function greet/);
    const reasoning = final.output[0];
    assert.ok(reasoning.type === 'reasoning');
    assert.match(reasoning.summary[0].text, /^\*\*Reading the request\*\*/);
  });

  it('proposes creating hello.md when asked to edit a file', async () => {
    const { client } = await startDemo();
    const response = await client.responses.create({ model: MODEL, input: 'Please edit a file for me' });
    assert.deepEqual(kinds(response), ['reasoning', 'message', 'apply_patch_call']);
    const call = response.output[2];
    assert.ok(call.type === 'apply_patch_call');
    assert.deepEqual(call.operation, {
      type: 'create_file',
      path: DEMO_FILE,
      diff: '+# Hello from Codewright\n+\n+The offline demo model proposed this file; Codewright wrote it after you accepted the diff.\n',
    });
    assert.match(response.output_text, /I propose an edit to `hello\.md`/);
  });

  it('proposes running ls when asked to run a command, and both calls when asked for both', async () => {
    const { client } = await startDemo();
    const run = await client.responses.create({ model: MODEL, input: 'Run the tests' });
    assert.deepEqual(kinds(run), ['reasoning', 'message', 'shell_call']);
    const shell = run.output[2];
    assert.ok(shell.type === 'shell_call');
    assert.deepEqual(shell.action.commands, ['ls']);
    const both = await client.responses.create({ model: MODEL, input: [{ role: 'user', content: [{ type: 'input_text', text: 'patch a file, then run a shell command' }] }] });
    assert.deepEqual(kinds(both), ['reasoning', 'message', 'apply_patch_call', 'shell_call']);
  });

  it('summarises the tool results it gets back, in a stateless conversation', async () => {
    const { client } = await startDemo();
    const history: ResponseInputItem[] = [{ role: 'user', content: 'edit a file and run a command' }];
    const first = await client.responses.create({ model: MODEL, input: history, store: false, include: ['reasoning.encrypted_content'] });
    const patch = first.output.find((item) => item.type === 'apply_patch_call');
    const shell = first.output.find((item) => item.type === 'shell_call');
    assert.ok(patch && shell);
    const results: ResponseInputItem[] = [
      { type: 'apply_patch_call_output', call_id: patch.call_id, status: 'completed', output: 'Created hello.md' },
      {
        type: 'shell_call_output',
        call_id: shell.call_id,
        max_output_length: null,
        output: [{ stdout: 'hello.md\nweird ``` name\n', stderr: '', outcome: { type: 'exit', exit_code: 0 } }],
      },
    ];
    const second = await client.responses.create({
      model: MODEL,
      store: false,
      input: [...history, ...(first.output as ResponseInputItem[]), ...results],
    });
    assert.deepEqual(kinds(second), ['reasoning', 'message']);
    const text = second.output_text;
    assert.match(text, /^\*\*Offline demo model:\*\* here is what came back\./);
    assert.ok(text.includes(`- File edit \`${patch.call_id}\` was applied (the tool said: "Created hello.md").`));
    assert.ok(text.includes(`- Command \`${shell.call_id}\` exited with code 0:`));
    // The stdout contains a fence of three backticks, so the block is fenced with four.
    assert.ok(text.includes('````text\nhello.md\nweird ``` name\n\n````'));
  });

  it('summarises results sent on top of a stored response, and reports failures and timeouts', async () => {
    const { client } = await startDemo();
    const first = await client.responses.create({ model: MODEL, input: 'edit a file and run a command' });
    const patch = first.output.find((item) => item.type === 'apply_patch_call');
    const shell = first.output.find((item) => item.type === 'shell_call');
    assert.ok(patch && shell);
    const second = await client.responses.create({
      model: MODEL,
      previous_response_id: first.id,
      input: [
        { type: 'apply_patch_call_output', call_id: patch.call_id, status: 'failed', output: 'Rejected by the user' },
        { type: 'shell_call_output', call_id: shell.call_id, output: [{ stdout: '', stderr: '', outcome: { type: 'timeout' } }] },
      ],
    });
    assert.ok(second.output_text.includes(`- File edit \`${patch.call_id}\` was not applied (the tool said: "Rejected by the user").`));
    assert.ok(second.output_text.includes(`- Command \`${shell.call_id}\` timed out and printed nothing.`));
  });

  it('updates hello.md instead of creating it again once the conversation shows it was created', async () => {
    const { client } = await startDemo();
    const history: ResponseInputItem[] = [
      { role: 'user', content: 'edit a file' },
      { type: 'apply_patch_call', call_id: 'call_made', status: 'completed', operation: { type: 'create_file', path: DEMO_FILE, diff: '+x\n' } },
      { type: 'apply_patch_call_output', call_id: 'call_made', status: 'completed' },
      { role: 'user', content: 'edit the file again' },
    ];
    const response = await client.responses.create({ model: MODEL, store: false, input: history });
    const call = response.output.find((item) => item.type === 'apply_patch_call');
    assert.ok(call);
    assert.equal(call.operation.type, 'update_file');
    assert.equal(call.operation.path, DEMO_FILE);
    assert.ok('diff' in call.operation && call.operation.diff.startsWith('@@\n The offline demo model proposed this file;'));
  });

  it('answers the same prompt the same way every time', async () => {
    const { client } = await startDemo();
    const a = await client.responses.create({ model: MODEL, input: 'edit a file' });
    const b = await client.responses.create({ model: MODEL, input: 'edit a file' });
    const strip = (r: Response): unknown => r.output.map(({ id: _id, ...rest }) => ('call_id' in rest ? { ...rest, call_id: '' } : rest));
    assert.deepEqual(strip(a), strip(b));
  });
});
