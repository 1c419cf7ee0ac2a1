import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandResult } from '../../../src/core/host';
import { Session, type SessionOptions } from '../../../src/core/session';
import { runProcess } from '../../../src/core/shell/processRunner';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';
import { TestHost, waitForAbort } from './testHost';

type Item = Record<string, unknown>;
type Body = Record<string, unknown> & { input: Item[] };

export function responseBodies(server: FakeServer): Body[] {
  return server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses').map((r) => r.body as Body);
}

function outputOf(body: Body, callId: string): Item | undefined {
  return body.input.find((item) => typeof item.type === 'string' && item.type.endsWith('_output') && item.call_id === callId);
}

describe('Session: streaming and the tool loop', () => {
  let server: FakeServer;
  let root: string;

  beforeEach(async () => {
    server = await startFakeServer();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-session-'));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  function session(host: TestHost, extra: Partial<SessionOptions> = {}): Session {
    return new Session({ host, provider: { kind: 'custom', baseURL: server.url }, dialect: 'builtin', model: 'gpt-5.1-codex', ...extra });
  }

  it('streams reasoning and text as events and finishes the turn', async () => {
    server.enqueue({
      items: [
        { type: 'reasoning', summary: ['Looking at the question.'] },
        { type: 'text', text: 'Hello there, friend.' },
      ],
    });
    const host = new TestHost({ root });
    const s = session(host);
    const outcome = await s.send('Say hello');
    assert.equal(outcome.reason, 'completed');
    assert.equal(host.text(), 'Hello there, friend.');
    assert.ok(host.of('text_delta').length > 1, 'text arrives as several deltas');
    assert.equal(
      host
        .of('reasoning_delta')
        .map((e) => e.delta)
        .join(''),
      'Looking at the question.',
    );
    assert.equal(host.of('reasoning_done')[0]?.text, 'Looking at the question.');
    assert.equal(host.of('text_done')[0]?.text, 'Hello there, friend.');
    assert.equal(host.events[0]?.type, 'turn_started');
    assert.deepEqual(host.events.at(-1), {
      type: 'turn_finished',
      turnId: (host.events[0] as { turnId: string }).turnId,
      reason: 'completed',
    });
    const usage = host.of('usage')[0]!;
    assert.ok(usage.turn.inputTokens > 0 && usage.turn.outputTokens > 0);
    assert.equal(usage.contextWindow, 400_000);
    assert.equal(s.title, 'Say hello');
  });

  it('runs a patch, then a command, then answers, sending every output back', async () => {
    server.enqueue(
      {
        items: [
          { type: 'reasoning', summary: ['I will create the file.'], encrypted: 'enc-1' },
          {
            type: 'apply_patch_call',
            callId: 'call_patch',
            operation: { type: 'create_file', path: 'notes/hello.txt', diff: '+hello\n+world\n' },
          },
        ],
      },
      { items: [{ type: 'shell_call', callId: 'call_shell', commands: ['cat notes/hello.txt'], timeoutMs: 5000, maxOutputLength: 4000 }] },
      { items: [{ type: 'text', text: 'Created notes/hello.txt.' }] },
    );
    const host = new TestHost({
      root,
      run: (command, options) => runProcess(command, options),
      context: { shell: '/bin/bash', openFiles: ['src/a.ts'], activeFile: 'src/a.ts' },
    });
    const s = session(host, { effort: 'high', commandPolicy: { mode: 'ask', allow: [], deny: [], readOnlyCommands: false } });
    const outcome = await s.send('Create a hello file');
    assert.equal(outcome.reason, 'completed');
    assert.equal(await fs.readFile(path.join(root, 'notes/hello.txt'), 'utf8'), 'hello\nworld\n');

    const [first, second, third] = responseBodies(server);
    assert.ok(first && second && third);
    assert.equal(responseBodies(server).length, 3);
    // The request, field by field.
    assert.equal(first.model, 'gpt-5.1-codex');
    assert.deepEqual(first.tools, [{ type: 'apply_patch' }, { type: 'shell' }]);
    assert.deepEqual(first.reasoning, { effort: 'high', summary: 'auto' });
    assert.deepEqual(first.text, { verbosity: 'medium' });
    assert.deepEqual(first.include, ['reasoning.encrypted_content']);
    assert.equal(first.store, false);
    assert.equal(first.stream, true);
    assert.deepEqual(first.stream_options, { include_obfuscation: false });
    assert.equal(first.prompt_cache_key, s.id);
    assert.equal(first.previous_response_id, undefined);
    const instructions = String(first.instructions);
    assert.ok(instructions.includes(root), 'instructions name the workspace root');
    assert.ok(instructions.includes('apply_patch') && instructions.includes('shell'));
    assert.ok(instructions.includes('/bin/bash'), 'instructions name the shell');
    assert.ok(instructions.includes('Active file: src/a.ts'));
    assert.deepEqual(first.input, [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Create a hello file' }] }]);

    // The whole history is re-sent: the reasoning with its encrypted content, the call, its output.
    const reasoning = second.input.find((i) => i.type === 'reasoning')!;
    assert.equal(reasoning.encrypted_content, 'enc-1');
    assert.ok(typeof reasoning.id === 'string');
    const patchCall = second.input.find((i) => i.type === 'apply_patch_call')!;
    assert.equal(patchCall.call_id, 'call_patch');
    assert.equal(patchCall.id, undefined, 'output ids are not re-sent with store:false');
    assert.deepEqual(outputOf(second, 'call_patch'), {
      type: 'apply_patch_call_output',
      call_id: 'call_patch',
      status: 'completed',
      output: 'Done: created notes/hello.txt.',
    });
    assert.deepEqual(outputOf(third, 'call_shell'), {
      type: 'shell_call_output',
      call_id: 'call_shell',
      max_output_length: 4000,
      output: [{ stdout: 'hello\nworld\n', stderr: '', outcome: { type: 'exit', exit_code: 0 } }],
    });
    assert.deepEqual(third.input.slice(0, second.input.length), second.input, 'each request extends the previous one');

    assert.deepEqual(
      host.approvals.map((a) => [a.commands, a.cwd]),
      [[['cat notes/hello.txt'], root]],
    );
    assert.deepEqual(host.commands, [{ command: 'cat notes/hello.txt', cwd: root, timeoutMs: 5000 }]);
    assert.deepEqual(
      host.of('tool_call_started').map((e) => e.call.kind),
      ['apply_patch', 'shell'],
    );
    assert.deepEqual(
      host.of('tool_call_finished').map((e) => [e.callId, e.outcome, e.summary]),
      [
        ['call_patch', 'completed', 'Created notes/hello.txt'],
        ['call_shell', 'completed', 'exit 0'],
      ],
    );
    assert.ok(host.of('tool_call_updated').some((e) => e.callId === 'call_shell' && e.outputDelta?.includes('hello')));
    assert.equal(host.of('usage').length, 3);
    const [u1, , u3] = host.of('usage');
    assert.ok(u3!.turn.inputTokens > u1!.turn.inputTokens, 'turn usage accumulates over the steps of the turn');
    assert.deepEqual(u3!.turn, u3!.session, 'in the first turn the session total is the turn total');
    assert.equal(u3!.turn.costUsd, (u3!.turn.inputTokens * 1.25 + u3!.turn.outputTokens * 10) / 1_000_000);
  });

  it('answers a rejected edit as failed with the reason and leaves the file alone', async () => {
    await fs.writeFile(path.join(root, 'a.txt'), 'one\n');
    server.enqueue(
      { items: [{ type: 'apply_patch_call', callId: 'c1', operation: { type: 'update_file', path: 'a.txt', diff: '@@\n-one\n+uno\n' } }] },
      { items: [{ type: 'text', text: 'OK, leaving it.' }] },
    );
    const host = new TestHost({ root, review: async () => ({ status: 'rejected', reason: 'keep English' }) });
    const outcome = await session(host).send('translate');
    assert.equal(outcome.reason, 'completed');
    assert.equal(await fs.readFile(path.join(root, 'a.txt'), 'utf8'), 'one\n');
    assert.equal(host.reviews[0]?.change.newContent, 'uno\n');
    assert.deepEqual(outputOf(responseBodies(server)[1]!, 'c1'), {
      type: 'apply_patch_call_output',
      call_id: 'c1',
      status: 'failed',
      output: 'The user rejected this change: keep English',
    });
    assert.deepEqual(
      host.of('tool_call_finished').map((e) => [e.outcome, e.summary]),
      [['rejected', 'Rejected: keep English']],
    );
  });

  it("reports a patch that does not apply to the model, with the engine's reason", async () => {
    await fs.writeFile(path.join(root, 'a.txt'), 'one\n');
    server.enqueue(
      { items: [{ type: 'apply_patch_call', callId: 'c1', operation: { type: 'update_file', path: 'a.txt', diff: '@@\n-two\n+dos\n' } }] },
      { items: [{ type: 'text', text: 'Let me re-read it.' }] },
    );
    const host = new TestHost({ root });
    await session(host).send('edit');
    assert.equal(host.reviews.length, 0, 'nothing to review');
    const output = outputOf(responseBodies(server)[1]!, 'c1')!;
    assert.equal(output.status, 'failed');
    assert.match(String(output.output), /two/);
    assert.equal(host.of('tool_call_finished')[0]?.outcome, 'failed');
  });

  it('answers invalid payloads and unknown functions as failed, with the validation message, and carries on', async () => {
    server.enqueue(
      {
        items: [
          { type: 'apply_patch_call', callId: 'bad_patch', operation: { type: 'update_file', path: 'a.txt', diff: '', move_to: '' } },
          { type: 'shell_call', callId: 'bad_shell', commands: [] },
          { type: 'function_call', callId: 'fn', name: 'read_file', arguments: '{"path":"a.txt"}' },
        ],
      },
      { items: [{ type: 'text', text: 'Sorry.' }] },
    );
    const host = new TestHost({ root });
    const outcome = await session(host).send('go');
    assert.equal(outcome.reason, 'completed');
    const body = responseBodies(server)[1]!;
    const patch = outputOf(body, 'bad_patch')!;
    assert.equal(patch.status, 'failed');
    assert.match(String(patch.output), /^Invalid apply_patch operation \(move_to: /);
    const shell = outputOf(body, 'bad_shell')! as { output: { stderr: string; outcome: unknown }[]; max_output_length: unknown };
    assert.equal(shell.output.length, 1);
    assert.match(shell.output[0]!.stderr, /^Invalid shell action \(commands: /);
    assert.deepEqual(shell.output[0]!.outcome, { type: 'exit', exit_code: 1 });
    const fn = outputOf(body, 'fn')!;
    assert.equal(fn.type, 'function_call_output');
    assert.match(String(fn.output), /Unknown tool "read_file"/);
    assert.equal(host.commands.length, 0);
    assert.deepEqual(
      host.of('tool_call_started').map((e) => e.call.callId),
      ['fn'],
      'invalid calls are not announced as started',
    );
    assert.deepEqual(
      host.of('tool_call_finished').map((e) => e.outcome),
      ['failed', 'failed', 'failed'],
    );
  });

  it('refuses denied commands without asking, and reports a declined approval', async () => {
    server.enqueue(
      { items: [{ type: 'shell_call', callId: 'deny', commands: ['git reset --hard HEAD~3'] }] },
      { items: [{ type: 'shell_call', callId: 'decline', commands: ['npm test', 'npm run lint'] }] },
      { items: [{ type: 'text', text: 'Understood.' }] },
    );
    const host = new TestHost({ root, approve: async () => ({ approved: false, reason: 'not now' }) });
    await session(host).send('clean up');
    const bodies = responseBodies(server);
    const denied = outputOf(bodies[1]!, 'deny') as { output: { stderr: string }[] };
    assert.match(denied.output[0]!.stderr, /^This command was not run: /);
    const declined = outputOf(bodies[2]!, 'decline') as { output: { stderr: string }[] };
    assert.deepEqual(
      declined.output.map((o) => o.stderr),
      ['The user rejected this command: not now', 'The user rejected this command: not now'],
    );
    assert.deepEqual(
      host.approvals.map((a) => a.commands),
      [['npm test', 'npm run lint']],
      'only the second call was asked about',
    );
    assert.equal(host.commands.length, 0);
    assert.deepEqual(
      host.of('tool_call_finished').map((e) => e.outcome),
      ['rejected', 'rejected'],
    );
  });

  it('cuts long command output to max_output_length, head and tail', async () => {
    const long = `START${'x'.repeat(50_000)}END`;
    server.enqueue(
      { items: [{ type: 'shell_call', callId: 'big', commands: ['cat big.log'], maxOutputLength: 1000 }] },
      { items: [{ type: 'text', text: 'It is long.' }] },
    );
    const host = new TestHost({ root, run: async () => ({ stdout: long, stderr: 'warning\n', outcome: { type: 'exit', exitCode: 2 } }) });
    await session(host, { commandPolicy: { mode: 'auto', allow: [], deny: [] } }).send('read it');
    const output = outputOf(responseBodies(server)[1]!, 'big') as {
      max_output_length: number;
      output: { stdout: string; stderr: string; outcome: unknown }[];
    };
    assert.equal(output.max_output_length, 1000);
    const entry = output.output[0]!;
    assert.ok(entry.stdout.length + entry.stderr.length <= 1000);
    assert.ok(entry.stdout.startsWith('START') && entry.stdout.endsWith('END'));
    assert.match(entry.stdout, /characters cut/);
    assert.equal(entry.stderr, 'warning\n');
    assert.deepEqual(entry.outcome, { type: 'exit', exit_code: 2 });
    assert.equal(host.approvals.length, 0, 'auto mode runs without asking');
  });

  it('stops at the step limit with every call answered, and the next prompt continues', async () => {
    for (let i = 0; i < 2; i++) server.enqueue({ items: [{ type: 'shell_call', callId: `loop${i}`, commands: [`echo ${i}`] }] });
    const host = new TestHost({ root });
    const s = session(host, { maxSteps: 2 });
    assert.equal((await s.send('loop')).reason, 'step_limit');
    assert.equal(responseBodies(server).length, 2);
    server.enqueue({ items: [{ type: 'text', text: 'Stopping.' }] });
    assert.equal((await s.send('stop looping')).reason, 'completed');
    const last = responseBodies(server)[2]!;
    assert.ok(outputOf(last, 'loop1'), 'the last call of the limited turn was answered');
  });

  it('cancels mid-stream at once, and the next prompt starts clean', async () => {
    // 2,000 chunks 20 ms apart: a stream run to its end would outlast the test's timeout.
    server.enqueue({ items: [{ type: 'text', text: 'word '.repeat(2000), chunks: 2000 }], delayMs: 20 });
    const host = new TestHost({ root });
    const s = session(host);
    const originalEmit = host.emit.bind(host);
    host.emit = (event) => {
      originalEmit(event);
      if (event.type === 'text_delta' && host.of('text_delta').length === 3) s.cancel();
    };
    const outcome = await s.send('talk a lot');
    assert.equal(outcome.reason, 'cancelled');
    assert.ok(host.of('text_delta').length < 10);
    assert.equal(host.events.at(-1)?.type, 'turn_finished');

    server.enqueue({ items: [{ type: 'text', text: 'Short answer.' }] });
    assert.equal((await s.send('shorter please')).reason, 'completed');
    const body = responseBodies(server)[1]!;
    assert.deepEqual(
      body.input.map((i) => [i.type, i.role]),
      [
        ['message', 'user'],
        ['message', 'user'],
      ],
      'nothing of the cancelled response is re-sent',
    );
  });

  it('cancels while a review is pending: every call of the response still gets an output on the next request', async () => {
    server.enqueue({
      items: [
        { type: 'apply_patch_call', callId: 'p1', operation: { type: 'create_file', path: 'x.txt', diff: '+x\n' } },
        { type: 'shell_call', callId: 's1', commands: ['echo later'] },
        { type: 'function_call', callId: 'f1', name: 'nope', arguments: '{}' },
      ],
    });
    let s: Session | undefined;
    const host = new TestHost({ root, review: (_review, signal) => waitForAbort(signal, () => s!.cancel()) });
    s = session(host);
    assert.equal((await s.send('do things')).reason, 'cancelled');
    assert.deepEqual(
      host.of('tool_call_finished').map((e) => [e.callId, e.outcome]),
      [
        ['p1', 'cancelled'],
        ['s1', 'cancelled'],
        ['f1', 'cancelled'],
      ],
    );
    assert.equal(host.commands.length, 0);

    server.enqueue({ items: [{ type: 'text', text: 'Fine.' }] });
    // The fake server answers 400 if any call in the input lacks its output.
    assert.equal((await s.send('never mind')).reason, 'completed');
    const body = responseBodies(server)[1]!;
    assert.equal(outputOf(body, 'p1')?.output, 'The user cancelled this call before it finished; the change was not applied.');
    assert.deepEqual((outputOf(body, 's1') as { output: unknown[] }).output, [
      { stdout: '', stderr: 'The user cancelled this command before it finished.', outcome: { type: 'exit', exit_code: 130 } },
    ]);
    assert.equal(outputOf(body, 'f1')?.type, 'function_call_output');
  });

  it('cancels a running command: the host sees the abort and the model gets a cancelled entry', async () => {
    server.enqueue({ items: [{ type: 'shell_call', callId: 'long', commands: ['sleep 100', 'echo never'] }] });
    let s: Session | undefined;
    let sawAbort = false;
    const host = new TestHost({
      root,
      run: (_command, options) =>
        waitForAbort<CommandResult>(options.signal, () => s!.cancel()).catch((error: unknown) => {
          sawAbort = true;
          throw error;
        }),
    });
    s = session(host, { commandPolicy: { mode: 'auto', allow: [], deny: [] } });
    assert.equal((await s.send('wait')).reason, 'cancelled');
    assert.ok(sawAbort);
    server.enqueue({ items: [{ type: 'text', text: 'ok' }] });
    await s.send('next');
    const entries = (outputOf(responseBodies(server)[1]!, 'long') as { output: { outcome: unknown }[] }).output;
    assert.equal(entries.length, 2, 'one entry per command');
    assert.deepEqual(
      entries.map((e) => e.outcome),
      [
        { type: 'exit', exit_code: 130 },
        { type: 'exit', exit_code: 130 },
      ],
    );
  });

  it('chains with previous_response_id when asked, sending only new items', async () => {
    server.enqueue({ items: [{ type: 'shell_call', callId: 'c', commands: ['ls'] }] }, { items: [{ type: 'text', text: 'Listed.' }] });
    const host = new TestHost({ root });
    assert.equal((await session(host, { conversation: 'previous_response_id' }).send('list')).reason, 'completed');
    const [first, second] = responseBodies(server);
    assert.equal(first!.store, true);
    assert.equal(first!.include, undefined);
    assert.equal(typeof second!.previous_response_id, 'string');
    assert.deepEqual(
      second!.input.map((i) => i.type),
      ['shell_call_output'],
    );
  });

  it('sends attached files and images as parts of the user message', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'I see.' }] });
    const host = new TestHost({ root });
    const image = 'data:image/png;base64,iVBORw0KGgo=';
    await session(host).send({
      text: 'What is wrong?',
      files: [{ path: 'src/a.ts', content: 'const a = 1;' }],
      images: [{ dataUrl: image }],
    });
    const content = (responseBodies(server)[0]!.input[0] as { content: Item[] }).content;
    assert.deepEqual(content[0], { type: 'input_text', text: 'What is wrong?' });
    assert.match(String(content[1]!.text), /^Attached file src\/a\.ts:\n```\nconst a = 1;\n```$/);
    assert.deepEqual(content[2], { type: 'input_image', image_url: image, detail: 'auto' });
  });

  it('refuses attachments that are not inline images, before sending anything', async () => {
    const s = session(new TestHost({ root }));
    await assert.rejects(
      s.send({ text: 'look', images: [{ dataUrl: 'file:///etc/passwd' }] }),
      /^Error: The message was not sent: images\.0\.dataUrl: an image must be a base64 data: URL/,
    );
    assert.equal(server.requests.length, 0);
  });

  it('refuses a second turn while one runs', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'slow '.repeat(20) }], delayMs: 10 });
    const s = session(new TestHost({ root }));
    const first = s.send('one');
    await assert.rejects(s.send('two'), /already running/);
    assert.equal((await first).reason, 'completed');
  });
});
