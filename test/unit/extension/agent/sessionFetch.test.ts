import assert from 'node:assert/strict';
import { loggingFetch, type LogSink } from '../../../../src/extension/agent/agentLog';
import { Session } from '../../../../src/core/session';
import { startFakeServer } from '../../../fake-openai/server';
import { TestHost } from '../../core/testHost';

describe("a session with the host's fetch", () => {
  it('sends every request through it, also after the provider changes, so the log sees each request id', async () => {
    const server = await startFakeServer({
      turns: [{ items: [{ type: 'text', text: 'one' }] }, { items: [{ type: 'text', text: 'two' }] }],
    });
    try {
      const lines: string[] = [];
      const log: LogSink = { debug: () => undefined, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
      const session = new Session({
        host: new TestHost(),
        provider: { kind: 'custom', baseURL: server.url },
        model: 'gpt-5.1-codex',
        fetch: loggingFetch(log),
      });
      assert.equal((await session.send('first')).reason, 'completed');
      session.setProvider({ kind: 'custom', baseURL: server.url, name: 'again' });
      assert.equal((await session.send('second')).reason, 'completed');
      assert.equal(lines.length, 2);
      for (const line of lines) assert.match(line, /^POST 127\.0\.0\.1:\d+\/v1\/responses → 200 in \d+ ms \(request id req_\w+\)$/);
    } finally {
      await server.close();
    }
  });
});
