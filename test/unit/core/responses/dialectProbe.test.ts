import assert from 'node:assert/strict';
import { describeProbe, PROBE_MAX_OUTPUT_TOKENS, probeDialect } from '../../../../src/core/responses/dialectProbe';
import { VSCODE_HINTS } from '../../../../src/core/responses/failureMessage';
import type { DialectMemory, ToolDialect } from '../../../../src/core/tools/dialect';
import type { PersonaName } from '../../../fake-openai/personas';
import { startFakeServer, type FakeServer } from '../../../fake-openai/server';

type Body = Record<string, unknown> & { tools: Record<string, unknown>[] };

/** A memory that records what it was told, like the sessions' shared one. */
class RecordingMemory implements DialectMemory {
  readonly endpoints = new Map<string, ToolDialect>();
  get(baseURL: string): ToolDialect | undefined {
    return this.endpoints.get(baseURL);
  }
  async set(baseURL: string, dialect: ToolDialect): Promise<void> {
    this.endpoints.set(baseURL, dialect);
  }
}

describe('probeDialect: the test call behind Check Connection', () => {
  const servers: FakeServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  async function serve(options: { persona?: PersonaName; apiKey?: string } = {}): Promise<FakeServer> {
    const server = await startFakeServer(options);
    servers.push(server);
    return server;
  }

  const posts = (server: FakeServer) => server.requests.filter((r) => r.method === 'POST');

  it('builtin on OpenAI: the built-in apply_patch tool, forced, answered with an apply_patch_call', async () => {
    const server = await serve({ apiKey: 'sk-good' });
    const probe = await probeDialect({ kind: 'openai', baseURL: server.url, apiKey: 'sk-good' }, { model: 'gpt-5.1-codex' });
    assert.deepEqual(probe, { kind: 'called', dialect: 'builtin', fellBack: false });
    const [request] = posts(server);
    assert.equal(request?.path, '/v1/responses');
    const body = request?.body as Body;
    assert.deepEqual(body.tools, [{ type: 'apply_patch' }]);
    assert.deepEqual(body.tool_choice, { type: 'apply_patch' });
    assert.equal(body.max_output_tokens, PROBE_MAX_OUTPUT_TOKENS);
    assert.equal(body.store, false);
    assert.equal(body.reasoning, undefined, 'no effort the table does not list for the model');
    assert.equal(describeProbe(probe, 'OpenAI', VSCODE_HINTS), 'tools: built-in tools (Responses API), checked with a test call.');
  });

  it('sends the lowest effort the model takes, so the cap is not spent thinking (gpt-6.2-sol rejects none)', async () => {
    const server = await serve({ persona: 'effortStrict', apiKey: 'sk-good' });
    const probe = await probeDialect({ kind: 'openai', baseURL: server.url, apiKey: 'sk-good' }, { model: 'gpt-6.2-sol' });
    assert.deepEqual(probe, { kind: 'called', dialect: 'builtin', fellBack: false });
    assert.deepEqual((posts(server)[0]?.body as Body).reasoning, { effort: 'low' });
  });

  it('function on vLLM: one function tool, forced by name, answered with a function_call of it', async () => {
    const server = await serve({ persona: 'vllm' });
    const probe = await probeDialect({ kind: 'vllm', baseURL: server.url }, { model: 'Qwen/Qwen3-8B' });
    assert.deepEqual(probe, { kind: 'called', dialect: 'function', fellBack: false });
    const body = posts(server)[0]?.body as Body;
    assert.deepEqual(
      body.tools.map((t) => [t['type'], t['name']]),
      [['function', 'apply_patch']],
    );
    assert.deepEqual(body.tool_choice, { type: 'function', name: 'apply_patch' });
    assert.equal(body.reasoning, undefined, 'a model the table does not know gets the server default effort');
    assert.equal(describeProbe(probe, 'vLLM'), 'tools: function tools (Responses API), checked with a test call.');
  });

  it('builtin on vLLM: the dropped tool is never called, and the sentence says tools are ignored and what to set', async () => {
    const server = await serve({ persona: 'vllm' });
    const probe = await probeDialect({ kind: 'vllm', baseURL: server.url }, { model: 'Qwen/Qwen3-8B', dialect: 'builtin' });
    assert.deepEqual(probe, { kind: 'ignored', answer: 'text', dialect: 'builtin', fellBack: false });
    assert.equal(
      describeProbe(probe, 'vLLM', VSCODE_HINTS),
      'tools: built-in tools (Responses API), but vLLM answered the test call with text instead of calling the tool, so tools are ignored: set codewright.provider.dialect to "function".',
    );
  });

  it('auto on a server without /responses: the 404 means Chat Completions, remembered for the sessions, and the chat call is proven', async () => {
    const server = await serve({ persona: 'chat-only' });
    const memory = new RecordingMemory();
    const config = { kind: 'custom' as const, baseURL: server.url };
    const probe = await probeDialect(config, { model: 'local-model', memory });
    assert.deepEqual(probe, { kind: 'called', dialect: 'chat', fellBack: true });
    assert.deepEqual(
      posts(server).map((r) => r.path),
      ['/v1/responses', '/v1/chat/completions'],
    );
    const chat = posts(server)[1]?.body as Body;
    assert.deepEqual(chat.tool_choice, { type: 'function', function: { name: 'apply_patch' } });
    assert.deepEqual(
      chat.tools.map((t) => (t['function'] as { name: string }).name),
      ['apply_patch'],
    );
    assert.equal(chat.max_completion_tokens, PROBE_MAX_OUTPUT_TOKENS);
    assert.equal(memory.get(server.url), 'chat');
    assert.equal(
      describeProbe(probe, '127.0.0.1'),
      'tools: function tools (Chat Completions), checked with a test call (the endpoint has no /responses, so Codewright uses Chat Completions for it).',
    );

    // The next probe, like the next session, goes to Chat Completions at once.
    const again = await probeDialect(config, { model: 'local-model', memory });
    assert.deepEqual(again, { kind: 'called', dialect: 'chat', fellBack: false });
    assert.deepEqual(
      posts(server).map((r) => r.path),
      ['/v1/responses', '/v1/chat/completions', '/v1/chat/completions'],
    );
  });

  it('a chosen dialect is never switched: function on a server without /responses fails with a sentence naming chat', async () => {
    const server = await serve({ persona: 'chat-only' });
    const memory = new RecordingMemory();
    const probe = await probeDialect({ kind: 'custom', baseURL: server.url }, { model: 'local-model', dialect: 'function', memory });
    assert.equal(probe.kind, 'failed');
    assert.equal(probe.fellBack, false);
    assert.match(
      'message' in probe ? probe.message : '',
      /has no Responses API at .* \(HTTP 404\).* If it serves Chat Completions only, pass --dialect chat\.$/,
    );
    assert.equal(memory.endpoints.size, 0);
  });

  it('a refused key: the 401 sentence, no fallback, nothing remembered', async () => {
    const server = await serve({ apiKey: 'sk-good' });
    const memory = new RecordingMemory();
    const probe = await probeDialect(
      { kind: 'custom', baseURL: server.url, apiKey: 'sk-bad' },
      { model: 'gpt-5.1-codex', memory, hints: VSCODE_HINTS },
    );
    assert.deepEqual(probe, {
      kind: 'failed',
      message: `${new URL(server.url).host} rejected the API key (HTTP 401). Check the key, then run 'Codewright: Set API Key'.`,
      dialect: 'function',
      fellBack: false,
    });
    assert.equal(posts(server).length, 1);
    assert.equal(memory.endpoints.size, 0);
    assert.equal(
      describeProbe(probe, 'x'),
      `tools: function tools (Responses API), but the test call failed: ${probe.kind === 'failed' ? probe.message : ''}`,
    );
  });
});
