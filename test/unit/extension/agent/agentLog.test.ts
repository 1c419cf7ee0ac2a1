import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentEventLog, loggingFetch, type LogSink } from '../../../../src/extension/agent/agentLog';
import { startFakeServer } from '../../../fake-openai/server';

function sink(): LogSink & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

describe('agent log', () => {
  it('logs method, endpoint, status, time and request id of each request, never the key or the body', async () => {
    const server = await startFakeServer({ apiKey: 'sk-right' });
    try {
      const log = sink();
      const f = loggingFetch(log);
      const ok = await f(`${server.url}/models`, { headers: { authorization: 'Bearer sk-right' } });
      assert.equal(ok.status, 200);
      const bad = await f(`${server.url}/responses`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-wrong' },
        body: '{"secret":"file contents"}',
      });
      assert.equal(bad.status, 401);
      const host = new URL(server.url).host;
      assert.equal(log.lines.length, 2);
      assert.match(log.lines[0]!, new RegExp(`^info GET ${host}/v1/models → 200 in \\d+ ms \\(request id req_\\w+\\)$`));
      assert.match(log.lines[1]!, new RegExp(`^warn POST ${host}/v1/responses → 401 in \\d+ ms \\(request id req_\\w+\\)$`));
      assert.doesNotMatch(log.lines.join('\n'), /sk-right|sk-wrong|secret|file contents/);
    } finally {
      await server.close();
    }
  });

  it('drops credentials and queries from the logged URL, and names the network error', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const log = sink();
    await assert.rejects(loggingFetch(log)(`http://127.0.0.1:${port}/v1/models?key=sk-q`));
    // Node's fetch refuses a URL with credentials, quoting it in the error.
    await assert.rejects(loggingFetch(log)(`http://user:pw@127.0.0.1:${port}/v1/models`));
    assert.equal(log.lines.length, 2);
    assert.match(
      log.lines[0]!,
      new RegExp(`^warn GET 127\\.0\\.0\\.1:${port}/v1/models failed after \\d+ ms: fetch failed \\(.*ECONNREFUSED.*\\)$`),
    );
    assert.match(
      log.lines[1]!,
      new RegExp(`^warn GET 127\\.0\\.0\\.1:${port}/v1/models failed after \\d+ ms: .*127\\.0\\.0\\.1:${port}/v1/models`),
    );
    assert.doesNotMatch(log.lines.join('\n'), /pw|sk-q|user/);
  });

  it('logs a cancelled request as cancelled, at info', async () => {
    const server = await startFakeServer({ turns: [{ fail: { kind: 'stall', afterEvents: 0 } }] });
    try {
      const log = sink();
      const abort = new AbortController();
      const pending = loggingFetch(log)(`${server.url}/responses`, {
        method: 'POST',
        body: JSON.stringify({ model: 'gpt-5.1-codex', input: 'hi' }),
        headers: { 'content-type': 'application/json' },
        signal: abort.signal,
      });
      abort.abort();
      await assert.rejects(pending);
      assert.match(log.lines[0]!, /^info POST .*\/v1\/responses cancelled after \d+ ms$/);
    } finally {
      await server.close();
    }
  });

  it('logs a turn: start, tool calls, retries, usage, errors and duration, but no model text', () => {
    const log = sink();
    const events = new AgentEventLog(log);
    events.record('chat', { type: 'turn_started', turnId: 't1', model: 'gpt-5.1-codex' });
    events.record('chat', { type: 'text_delta', itemId: 'i', delta: 'the model says something private' });
    events.record('chat', { type: 'text_done', itemId: 'i', text: 'the model says something private' });
    events.record('chat', { type: 'retrying', attempt: 1, delayMs: 1500, reason: 'rate limited (HTTP 429)' });
    events.record('chat', {
      type: 'tool_call_started',
      call: { kind: 'apply_patch', callId: 'c1', operation: { type: 'update_file', path: 'src/a.ts', diff: '@@\n-secret\n+code' } },
    });
    events.record('chat', { type: 'tool_call_started', call: { kind: 'shell', callId: 'c2', action: { commands: ['npm test'] } } });
    events.record('chat', { type: 'tool_call_finished', callId: 'c1', outcome: 'completed', summary: 'Applied src/a.ts' });
    const usage = { inputTokens: 100, cachedInputTokens: 40, outputTokens: 20, reasoningTokens: 5, costUsd: 0.0012 };
    events.record('chat', { type: 'usage', turn: usage, session: usage, contextTokens: 120, contextWindow: 400000 });
    events.record('chat', { type: 'error', message: 'OpenAI rejected the API key (HTTP 401).', retryable: false, code: 'invalid_api_key' });
    events.record('chat', { type: 'turn_finished', turnId: 't1', reason: 'error' });
    const text = log.lines.join('\n');
    assert.doesNotMatch(text, /private|secret/);
    assert.deepEqual(
      log.lines.map((l) => l.replace(/in \d+\.\d s$/, 'in N s')),
      [
        'info [chat] turn t1 started with gpt-5.1-codex',
        'warn [chat] retry 1 in 1500 ms: rate limited (HTTP 429)',
        'info [chat] c1: apply_patch update_file src/a.ts',
        'info [chat] c2: shell, 1 command',
        'debug [chat] c2: $ npm test',
        'info [chat] c1: completed (Applied src/a.ts)',
        'info [chat] usage: 100 input (40 cached), 20 output (5 reasoning) tokens, $0.0012 this turn; context 120/400000',
        'error [chat] invalid_api_key: OpenAI rejected the API key (HTTP 401).',
        'info [chat] turn t1 finished: error in N s',
      ],
    );
  });
});
