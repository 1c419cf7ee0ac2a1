import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProjectInstructions } from '../../../src/core/projectInstructions';
import { Session } from '../../../src/core/session';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';
import { TestHost } from './testHost';

describe('Session: standing instructions asked at every turn', () => {
  let server: FakeServer;
  let root: string;

  beforeEach(async () => {
    server = await startFakeServer();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-session-instr-'));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  const instructionsSent = () =>
    server.requests.filter((r) => r.path === '/v1/responses').map((r) => String((r.body as { instructions: string }).instructions));

  it("sends what the source answers for each turn's prompt and files, so an edited AGENTS.md counts from the next turn", async () => {
    await fs.writeFile(path.join(root, 'AGENTS.md'), 'Use tabs.');
    const asked: { prompt: string; files: readonly string[] }[] = [];
    const session = new Session({
      host: new TestHost({ root }),
      provider: { kind: 'custom', baseURL: server.url },
      model: 'gpt-5.1-codex',
      userInstructions: 'never used while the source answers',
      instructions: async (turn) => {
        asked.push(turn);
        return (await loadProjectInstructions({ roots: [root], standing: 'Answer briefly.' })).text;
      },
    });
    server.enqueue({ items: [{ type: 'text', text: 'One.' }] }, { items: [{ type: 'text', text: 'Two.' }] });
    await session.send({ text: 'first', files: [{ path: 'src/a.ts', content: 'x' }] });
    await fs.writeFile(path.join(root, 'AGENTS.md'), 'Use spaces.');
    await session.send('second');
    assert.deepEqual(asked, [
      { prompt: 'first', files: ['src/a.ts'] },
      { prompt: 'second', files: [] },
    ]);
    const [first, second] = instructionsSent();
    assert.match(first!, /Use tabs\.[\s\S]*Answer briefly\./);
    assert.match(second!, /Use spaces\./);
    assert.doesNotMatch(first! + second!, /never used/);
  });

  it('keeps userInstructions when the source fails, and the turn goes on', async () => {
    const session = new Session({
      host: new TestHost({ root }),
      provider: { kind: 'custom', baseURL: server.url },
      model: 'gpt-5.1-codex',
      userInstructions: 'Fallback rule.',
      instructions: () => Promise.reject(new Error('disk gone')),
    });
    server.enqueue({ items: [{ type: 'text', text: 'Fine.' }] });
    const outcome = await session.send('hello');
    assert.equal(outcome.reason, 'completed');
    assert.match(instructionsSent()[0]!, /Fallback rule\./);
  });
});
