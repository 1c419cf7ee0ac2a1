import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProviderConfig } from '../../../src/core/providers';
import { Session, type SessionOptions } from '../../../src/core/session';
import { FileDialectMemory } from '../../../src/core/tools/dialectMemory';
import type { PersonaName } from '../../fake-openai/personas';
import type { ScriptItem, ScriptTurn } from '../../fake-openai/script';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';
import { TestHost } from './testHost';

type Item = Record<string, unknown>;
type Body = Item & { input: Item[]; tools: Item[]; messages: Item[]; instructions: string };

const CREATE: ScriptItem = {
  type: 'apply_patch_call',
  callId: 'c_patch',
  operation: { type: 'create_file', path: 'hello.txt', diff: '+hello\n' },
};
const SHELL: ScriptItem = { type: 'shell_call', callId: 'c_shell', commands: ['cat hello.txt'], timeoutMs: 5000 };
const DONE: ScriptTurn = { items: [{ type: 'text', text: 'Done.' }] };

describe('Session: tool dialects and provider personas', () => {
  let server: FakeServer;
  let root: string;
  const servers: FakeServer[] = [];

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-dialects-'));
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  async function serve(persona?: PersonaName): Promise<FakeServer> {
    server = await startFakeServer(persona ? { persona } : {});
    servers.push(server);
    return server;
  }

  function bodies(at: FakeServer, route = '/v1/responses'): Body[] {
    return at.requests.filter((r) => r.path.replace(/^\/openai/, '') === route).map((r) => r.body as Body);
  }

  function session(host: TestHost, extra: Partial<SessionOptions> & { provider?: ProviderConfig } = {}): Session {
    return new Session({
      host,
      provider: { kind: 'custom', baseURL: server.url },
      model: 'gpt-5.1-codex',
      commandPolicy: { mode: 'auto', allow: [], deny: [] },
      ...extra,
    });
  }

  it('auto gives a custom endpoint function tools: the patch as an envelope, the command as JSON, answered with function outputs', async () => {
    await serve();
    server.enqueue({ items: [CREATE] }, { items: [SHELL] }, DONE);
    const host = new TestHost({ root });
    const s = session(host);
    assert.equal(s.dialect, 'function');
    const outcome = await s.send('make hello');
    assert.equal(outcome.reason, 'completed');
    assert.equal(await fs.readFile(path.join(root, 'hello.txt'), 'utf8'), 'hello\n');
    const [first, second, third] = bodies(server);
    assert.deepEqual(
      first!.tools.map((t) => [t.type, t.name, t.strict]),
      [
        ['function', 'apply_patch', false],
        ['function', 'shell', false],
      ],
    );
    assert.match(first!.instructions, /\*\*\* Begin Patch/, 'the prompt describes the envelope the function tool takes');
    const call = second!.input.find((i) => i.type === 'function_call')!;
    assert.equal(call.name, 'apply_patch');
    assert.deepEqual(JSON.parse(String(call.arguments)), { input: '*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch' });
    assert.deepEqual(second!.input.at(-1), { type: 'function_call_output', call_id: 'c_patch', output: 'Done: created hello.txt.' });
    assert.deepEqual(JSON.parse(String(third!.input.at(-1)!.output)), {
      command: 'cat hello.txt',
      exit_code: 0,
      stdout: 'ran cat hello.txt\n',
      stderr: '',
    });
    assert.deepEqual(
      host.commands.map((c) => [c.command, c.timeoutMs]),
      [['cat hello.txt', 5000]],
    );
    assert.deepEqual(
      host.of('tool_call_started').map((e) => e.call.kind),
      ['apply_patch', 'shell'],
      'function calls show as the same cards as the built-in tools',
    );
  });

  it('falls back to Chat Completions when /responses is missing, remembers it per endpoint, and answers calls with tool messages', async () => {
    await serve('chat-only');
    server.enqueue({ items: [CREATE, SHELL] }, DONE, DONE);
    const memoryFile = path.join(root, 'state', 'dialects.json');
    const memory = await FileDialectMemory.open(memoryFile);
    const host = new TestHost({ root });
    const outcome = await session(host, { dialectMemory: memory }).send('make hello');
    assert.equal(outcome.reason, 'completed', JSON.stringify(outcome.error));
    assert.equal(bodies(server).length, 1, 'one 404 from /responses');
    const chats = bodies(server, '/v1/chat/completions');
    assert.equal(chats.length, 2);
    assert.deepEqual(
      chats[0]!.tools.map((t) => (t.function as Item).name),
      ['apply_patch', 'shell'],
    );
    const messages = chats[1]!.messages;
    assert.equal(messages[0]!.role, 'system');
    const assistant = messages.find((m) => m.role === 'assistant')!;
    assert.deepEqual(
      (assistant.tool_calls as Item[]).map((c) => c.id),
      ['c_patch', 'c_shell'],
    );
    assert.deepEqual(
      messages.filter((m) => m.role === 'tool').map((m) => [m.tool_call_id, m.role]),
      [
        ['c_patch', 'tool'],
        ['c_shell', 'tool'],
      ],
    );
    assert.equal(messages.find((m) => m.tool_call_id === 'c_patch')!.content, 'Done: created hello.txt.');
    assert.equal(await fs.readFile(path.join(root, 'hello.txt'), 'utf8'), 'hello\n');
    assert.deepEqual(JSON.parse(await fs.readFile(memoryFile, 'utf8')), { version: 1, endpoints: { [server.url]: 'chat' } });

    // A new session (even in a new process: the map is on disk) goes straight to Chat Completions.
    const again = session(new TestHost({ root }), { dialectMemory: await FileDialectMemory.open(memoryFile) });
    assert.equal(again.dialect, 'chat');
    await again.send('hi');
    assert.equal(bodies(server).length, 1, 'no second try of /responses');
  });

  it('a chosen dialect is kept: no fallback when the user picked function tools', async () => {
    await serve('chat-only');
    const host = new TestHost({ root });
    const outcome = await session(host, { dialect: 'function' }).send('hi');
    assert.equal(outcome.reason, 'error');
    assert.equal(bodies(server, '/v1/chat/completions').length, 0);
  });

  it('vLLM drops the built-in tools; auto sends function tools it keeps, so the model can still edit', async () => {
    await serve('vllm');
    server.enqueue({ items: [CREATE] }, DONE);
    const host = new TestHost({ root });
    assert.equal((await session(host).send('make hello')).reason, 'completed');
    assert.equal(await fs.readFile(path.join(root, 'hello.txt'), 'utf8'), 'hello\n');
  });

  it('a provider that answers with a tool the request did not declare gets a failed output, and nothing runs', async () => {
    await serve('vllm');
    server.enqueue(
      { items: [SHELL, { type: 'function_call', callId: 'c_odd', name: 'delete_all', arguments: '{}' }], verbatim: true },
      DONE,
    );
    const host = new TestHost({ root });
    const outcome = await session(host).send('go');
    assert.equal(outcome.reason, 'completed');
    assert.equal(host.commands.length, 0);
    const input = bodies(server)[1]!.input;
    // Replayed in the function dialect: the built-in call and its output travel as a function call and output.
    const shellAnswer = JSON.parse(String(input.find((i) => i.call_id === 'c_shell' && i.type === 'function_call_output')!.output));
    assert.match(shellAnswer.stderr, /did not offer the built-in shell tool, so the call was not run/);
    assert.match(
      String(input.find((i) => i.call_id === 'c_odd' && i.type === 'function_call_output')!.output),
      /Unknown tool "delete_all"/,
    );
    assert.deepEqual(
      host.of('tool_call_finished').map((e) => e.outcome),
      ['failed', 'failed'],
    );
  });

  it('malformed function arguments get a sentence naming the problem; nothing is written or run', async () => {
    await serve();
    server.enqueue(
      {
        items: [
          { type: 'function_call', callId: 'bad_json', name: 'apply_patch', arguments: '{"input": "*** Begin Patch' },
          { type: 'function_call', callId: 'bad_patch', name: 'apply_patch', arguments: '{"input": "hello"}' },
          { type: 'function_call', callId: 'no_command', name: 'shell', arguments: '{"workdir": "."}' },
          { type: 'function_call', callId: 'escape', name: 'shell', arguments: '{"command": "ls", "workdir": "../.."}' },
        ],
      },
      DONE,
    );
    const host = new TestHost({ root });
    await session(host).send('go');
    const input = bodies(server)[1]!.input;
    const answer = (id: string) => String(input.find((i) => i.call_id === id && i.type === 'function_call_output')!.output);
    assert.match(answer('bad_json'), /^The apply_patch arguments are not valid JSON \(.+\); send one JSON object\.$/);
    assert.match(answer('bad_patch'), /Invalid patch at line 1: the first line must be '\*\*\* Begin Patch'/);
    assert.match(answer('no_command'), /^The shell call has no command to run\./);
    assert.match(answer('escape'), /^The workdir is not usable: '\.\.\/\.\.' /);
    assert.equal(host.reviews.length + host.commands.length + host.approvals.length, 0);
    assert.deepEqual(await fs.readdir(root), []);
  });

  it('a shell argv array and a bash -lc script both reach the policy as the command line the user reads', async () => {
    await serve();
    server.enqueue(
      {
        items: [
          { type: 'function_call', callId: 'argv', name: 'shell', arguments: '{"command": ["grep", "-n", "a b", "f.txt"]}' },
          { type: 'function_call', callId: 'lc', name: 'shell', arguments: '{"command": ["bash", "-lc", "ls -la"], "workdir": "sub"}' },
          { type: 'function_call', callId: 'list', name: 'shell', arguments: '{"commands": ["pwd", "ls"]}' },
        ],
      },
      DONE,
    );
    await fs.mkdir(path.join(root, 'sub'));
    const host = new TestHost({ root });
    await session(host).send('go');
    assert.deepEqual(
      host.commands.map((c) => [c.command, path.relative(root, c.cwd)]),
      [
        ["grep -n 'a b' f.txt", ''],
        ['ls -la', 'sub'],
        ['pwd', ''],
        ['ls', ''],
      ],
    );
  });

  it('OpenRouter never gets the built-in shell, and a call the provider ran itself is shown as run there, never run here', async () => {
    await serve('openrouter');
    const host = new TestHost({ root });
    server.enqueue(DONE);
    await session(host, { provider: { kind: 'openrouter', baseURL: server.url, apiKey: 'k' }, dialect: 'builtin' }).send('hi');
    assert.deepEqual(bodies(server)[0]!.tools, [{ type: 'apply_patch' }]);
    assert.doesNotMatch(bodies(server)[0]!.instructions, /# Running commands: shell/);

    // An endpoint that does run a declared shell in its sandbox (the persona, reached as a custom endpoint).
    server.enqueue({ items: [SHELL, { type: 'text', text: 'It says hello.' }] });
    const hosted = new TestHost({ root });
    const outcome = await session(hosted, { dialect: 'builtin' }).send('read it');
    assert.equal(outcome.reason, 'completed');
    assert.equal(hosted.commands.length + hosted.approvals.length, 0, 'nothing runs on this machine');
    assert.equal(bodies(server).length, 2, 'no second request: the call was already answered');
    const updated = hosted.of('tool_call_updated').find((e) => e.callId === 'c_shell')!;
    assert.equal(updated.status, 'ran_by_provider');
    assert.equal(updated.outputDelta, 'sandbox ran: cat hello.txt\n');
    assert.deepEqual(
      hosted.of('tool_call_finished').map((e) => [e.callId, e.outcome, e.summary]),
      [['c_shell', 'completed', `Run by ${new URL(server.url).host}, not on this machine: exit 0`]],
    );
  });

  it('Azure: reasoning goes back without its id under store:false, and the conversation continues', async () => {
    await serve('azure');
    server.enqueue({ items: [{ type: 'reasoning', summary: ['Plan.'] }, CREATE] }, DONE);
    const origin = new URL(server.url).origin;
    const host = new TestHost({ root });
    const outcome = await session(host, { provider: { kind: 'azure', baseURL: origin, apiKey: 'k' } }).send('make hello');
    assert.equal(outcome.reason, 'completed', JSON.stringify(outcome.error));
    const reasoning = bodies(server)[1]!.input.find((i) => i.type === 'reasoning')!;
    assert.equal(reasoning.id, undefined);
    assert.equal(typeof reasoning.encrypted_content, 'string');
    assert.deepEqual(bodies(server)[0]!.tools, [{ type: 'apply_patch' }, { type: 'shell' }], 'Azure gets the built-in tools');
  });

  it('after a switch to Ollama, built-in history is replayed as function calls and the old reasoning is left out', async () => {
    const openai = await serve();
    openai.enqueue({ items: [{ type: 'reasoning', summary: ['Plan.'] }, CREATE] }, DONE);
    const host = new TestHost({ root });
    const s = session(host, { provider: { kind: 'openai', baseURL: openai.url, apiKey: 'k' } });
    await s.send('make hello');
    assert.equal(s.dialect, 'builtin');

    const ollama = await serve('ollama');
    ollama.enqueue(DONE);
    s.setProvider({ kind: 'custom', baseURL: ollama.url });
    const outcome = await s.send('thanks');
    assert.equal(outcome.reason, 'completed', JSON.stringify(outcome.error));
    const input = bodies(ollama)[0]!.input;
    assert.deepEqual(
      input.map((i) => i.type),
      ['message', 'function_call', 'function_call_output', 'message', 'message'],
    );
    for (const item of input) {
      for (const key of ['id', 'status', 'created_by', 'caller', 'codewright_producer'])
        assert.equal(item[key], undefined, `${String(item.type)}.${key}`);
    }
  });

  it('Ollama rejects built-in items: the fake says so with a 400, the way the provider does', async () => {
    await serve('ollama');
    const host = new TestHost({ root });
    const s = session(host, { dialect: 'builtin' });
    server.enqueue({ items: [CREATE] });
    await s.send('make hello');
    const outcome = await s.send('again');
    assert.equal(outcome.reason, 'error');
    assert.match(String(outcome.error?.message), /unknown input item type: apply_patch_call/);
  });

  it("compaction starts from the model's input limit, not its whole window", async () => {
    await serve();
    server.enqueue({ items: [{ type: 'text', text: 'Hi.' }], usage: { input_tokens: 230_000, output_tokens: 10 } }, DONE);
    const host = new TestHost({ root });
    const s = session(host, { dialect: 'builtin' });
    assert.equal(s.inputLimit < s.contextWindow, true, 'the model table keeps room for the answer');
    await s.send('one');
    await s.send('two');
    assert.equal(host.of('compacted').length, 1, '230K is past 80% of a 272K input limit, though not of the 400K window');
  });
});
