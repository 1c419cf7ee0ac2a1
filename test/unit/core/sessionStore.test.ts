import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Session } from '../../../src/core/session';
import { SessionStore, SessionStoreError, type SessionRecord } from '../../../src/core/sessionStore';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';
import { TestHost } from './testHost';

const run = promisify(execFile);

function record(id: string, updatedAt: string, extra: Partial<SessionRecord> = {}): SessionRecord {
  return {
    version: 1,
    id,
    title: `Session ${id}`,
    model: 'gpt-5.1-codex',
    createdAt: '2025-11-20T10:00:00.000Z',
    updatedAt,
    workspaceRoots: ['/w'],
    history: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: `hello from ${id}` }] }],
    previousResponseId: null,
    sentCount: 0,
    usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 2, reasoningTokens: 0, costUsd: 0.001 },
    contextTokens: 3,
    ...extra,
  };
}

describe('SessionStore', () => {
  let dir: string;
  let store: SessionStore;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-store-'));
    store = new SessionStore(path.join(dir, 'sessions'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('lists nothing before anything is saved', async () => {
    assert.deepEqual(await store.list(), { sessions: [], problems: [] });
  });

  it('saves, lists newest first, loads, renames and deletes', async () => {
    await store.save(record('a', '2025-11-20T10:00:00.000Z'));
    await store.save(record('b', '2025-11-21T10:00:00.000Z'));
    const { sessions, problems } = await store.list();
    assert.deepEqual(problems, []);
    assert.deepEqual(
      sessions.map((s) => [s.id, s.title, s.model, s.updatedAt]),
      [
        ['b', 'Session b', 'gpt-5.1-codex', '2025-11-21T10:00:00.000Z'],
        ['a', 'Session a', 'gpt-5.1-codex', '2025-11-20T10:00:00.000Z'],
      ],
    );
    assert.deepEqual(await store.load('a'), record('a', '2025-11-20T10:00:00.000Z'));
    const renamed = await store.rename('a', '  Fix the parser  ');
    assert.equal(renamed.title, 'Fix the parser');
    assert.equal((await store.load('a')).title, 'Fix the parser');
    await store.delete('a');
    assert.deepEqual(
      (await store.list()).sessions.map((s) => s.id),
      ['b'],
    );
    await assert.rejects(store.load('a'), (e: unknown) => e instanceof SessionStoreError && /There is no session "a"/.test(e.message));
  });

  it("lists only a workspace's own sessions when asked, matching any shared root folder", async () => {
    await store.save(record('here', '2025-11-20T10:00:00.000Z', { workspaceRoots: ['/w'] }));
    await store.save(record('multi', '2025-11-21T10:00:00.000Z', { workspaceRoots: ['/other', '/w/'] }));
    await store.save(record('elsewhere', '2025-11-22T10:00:00.000Z', { workspaceRoots: ['/other'] }));
    await store.save(record('folderless', '2025-11-23T10:00:00.000Z', { workspaceRoots: [] }));
    const ids = async (roots?: string[]) => (await store.list(roots ? { workspaceRoots: roots } : {})).sessions.map((s) => s.id);
    assert.deepEqual(await ids(['/w']), ['multi', 'here']);
    assert.deepEqual(await ids(['/other']), ['elsewhere', 'multi']);
    assert.deepEqual(await ids([]), ['folderless'], 'a window without folders sees the chats held without folders');
    assert.deepEqual(await ids(), ['folderless', 'elsewhere', 'multi', 'here'], 'without a workspace, everything');
    assert.deepEqual((await store.list({ workspaceRoots: ['/w'] })).sessions[0]!.workspaceRoots, ['/other', '/w/']);
  });

  it('reports and skips corrupt or foreign files, and refuses to load them with a sentence', async () => {
    await store.save(record('good', '2025-11-20T10:00:00.000Z'));
    await fs.writeFile(path.join(store.directory, 'broken.json'), '{"version":1,"id":"bro');
    await fs.writeFile(path.join(store.directory, 'future.json'), JSON.stringify({ ...record('future', 'x'), version: 99 }));
    await fs.writeFile(path.join(store.directory, 'notes.txt'), 'not a session');
    const { sessions, problems } = await store.list();
    assert.deepEqual(
      sessions.map((s) => s.id),
      ['good'],
    );
    assert.deepEqual(
      problems.map((p) => path.basename(p.file)),
      ['broken.json', 'future.json'],
    );
    assert.match(problems[0]!.message, /^Skipped .*broken\.json: it is not valid JSON/);
    assert.match(problems[1]!.message, /it is not a Codewright session file \(version: /);
    await assert.rejects(store.load('broken'), /broken\.json is corrupt \(it is not valid JSON/);
    await fs.writeFile(
      path.join(store.directory, 'badhistory.json'),
      JSON.stringify({ ...record('badhistory', 'x'), history: [{ no: 'type' }] }),
    );
    await assert.rejects(store.load('badhistory'), /badhistory\.json is not valid \(history\.0/);
  });

  it('refuses ids that could leave the directory', async () => {
    await assert.rejects(store.load('../etc/passwd'), /is not a session id/);
    assert.throws(() => store.fileOf('a/b'), /is not a session id/);
  });

  it('writes atomically, leaving no temporary files, and keeps the newest of a burst of saves', async () => {
    const saves = Array.from({ length: 20 }, (_, i) =>
      store.save(record('burst', `2025-11-20T10:00:${String(i).padStart(2, '0')}.000Z`, { title: `v${i}` })),
    );
    await Promise.all(saves);
    await store.flush('burst');
    assert.equal((await store.load('burst')).title, 'v19');
    assert.deepEqual(await fs.readdir(store.directory), ['burst.json']);
  });
});

type Item = Record<string, unknown>;

describe('Session persistence', () => {
  let server: FakeServer;
  let dir: string;

  beforeEach(async () => {
    server = await startFakeServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-persist-'));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('saves as it happens and resumes with the full history in a new process', async () => {
    const store = new SessionStore(path.join(dir, 'sessions'));
    const root = path.join(dir, 'ws');
    await fs.mkdir(root);
    server.enqueue(
      {
        items: [
          { type: 'reasoning', summary: ['Checking.'] },
          { type: 'shell_call', callId: 'ls1', commands: ['ls'] },
        ],
      },
      { items: [{ type: 'text', text: 'There is nothing here.' }] },
    );
    const host = new TestHost({ root });
    const s = new Session({
      host,
      provider: { kind: 'custom', baseURL: server.url },
      dialect: 'builtin',
      model: 'gpt-5.1-codex-mini',
      store,
      commandPolicy: { mode: 'ask', allow: [], deny: [], readOnlyCommands: false },
    });
    let savedDuringTurn = 0;
    host.approveCommands = async () => {
      // By the time the model's first answer is being acted on, it has been handed to the store (and lands on disk).
      await store.flush(s.id);
      savedDuringTurn = (await store.load(s.id)).history.length;
      return { approved: true };
    };
    const first = await s.send('What is in this folder?');
    assert.equal(first.reason, 'completed', JSON.stringify(first.error));
    assert.equal(savedDuringTurn, 3, 'user message, reasoning and the call were saved before the command ran');
    const saved = await store.load(s.id);
    assert.equal(saved.title, 'What is in this folder?');
    assert.equal(saved.model, 'gpt-5.1-codex-mini');
    assert.deepEqual(saved.history, s.history);
    assert.deepEqual(saved.workspaceRoots, [root]);
    assert.ok(saved.usage.inputTokens > 0);

    // A second process resumes the session and continues the conversation.
    server.enqueue({ items: [{ type: 'text', text: 'Still nothing.' }] });
    const script = path.join(dir, 'resume.js');
    const core = path.resolve(__dirname, '../../../src/core/index.js');
    await fs.writeFile(
      script,
      `const core = require(${JSON.stringify(core)});
      (async () => {
        const [dir, id, url, root] = process.argv.slice(2);
        const store = new core.SessionStore(dir);
        const record = await store.load(id);
        const events = [];
        const host = { workspaceRoots: [root], emit: (e) => events.push(e), reviewEdit: async () => ({ status: 'rejected' }),
          approveCommands: async () => ({ approved: false }), runCommand: async () => { throw new Error('unused'); } };
        const session = new core.Session({ host, provider: { kind: 'custom', baseURL: url }, dialect: 'builtin', model: record.model, store, resume: record });
        const outcome = await session.send('And now?');
        process.stdout.write(JSON.stringify({ outcome, text: events.filter((e) => e.type === 'text_delta').map((e) => e.delta).join('') }));
      })();`,
    );
    const { stdout } = await run(process.execPath, [script, store.directory, s.id, server.url, root]);
    const result = JSON.parse(stdout) as { outcome: { reason: string }; text: string };
    assert.equal(result.outcome.reason, 'completed');
    assert.equal(result.text, 'Still nothing.');
    const bodies = server.requests
      .filter((r) => r.path === '/v1/responses')
      .map((r) => r.body as { input: unknown[]; prompt_cache_key: string; model: string });
    const resumed = bodies[2]!;
    const shape = (items: readonly unknown[]) =>
      items.map((item) => [(item as Item).type, (item as Item).call_id, (item as Item).encrypted_content]);
    assert.deepEqual(shape(resumed.input.slice(0, saved.history.length)), shape(saved.history), 'the whole earlier history is re-sent');
    assert.ok(!JSON.stringify(resumed.input).includes('codewright_producer'), 'what marks reasoning for replay is never sent');
    assert.equal(resumed.input.length, saved.history.length + 1);
    assert.equal(resumed.prompt_cache_key, s.id, 'the prompt cache key survives the restart');
    assert.equal(resumed.model, 'gpt-5.1-codex-mini');
    const after = await store.load(s.id);
    assert.equal(after.history.length, saved.history.length + 2);
    assert.equal(after.createdAt, saved.createdAt);
  });

  it('answers calls left without output by a crash before sending anything else', async () => {
    const store = new SessionStore(path.join(dir, 'sessions'));
    await store.save({
      ...record('crashed', '2025-11-20T10:00:00.000Z'),
      history: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'edit it' }] },
        { type: 'apply_patch_call', call_id: 'orphan', status: 'completed', operation: { type: 'delete_file', path: 'a.txt' } },
      ],
    });
    server.enqueue({ items: [{ type: 'text', text: 'Recovered.' }] });
    const host = new TestHost({ root: dir });
    const s = new Session({
      host,
      provider: { kind: 'custom', baseURL: server.url },
      dialect: 'builtin',
      model: 'gpt-5.1-codex',
      store,
      resume: await store.load('crashed'),
    });
    assert.equal((await s.send('where were we?')).reason, 'completed');
    const input = (server.requests[0]!.body as { input: Record<string, unknown>[] }).input;
    assert.deepEqual(input[2], {
      type: 'apply_patch_call_output',
      call_id: 'orphan',
      status: 'failed',
      output: 'This call was interrupted (the session was closed before it finished), so it was not run.',
    });
  });
});
