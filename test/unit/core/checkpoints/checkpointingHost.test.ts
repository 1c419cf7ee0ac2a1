import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CheckpointingHost } from '../../../../src/core/checkpoints/checkpointingHost';
import { Checkpoints } from '../../../../src/core/checkpoints/checkpoints';
import { Session } from '../../../../src/core/session';
import { runProcess } from '../../../../src/core/shell/processRunner';
import { startFakeServer, type FakeServer } from '../../../fake-openai/server';
import { TestHost } from '../testHost';
import { snapshotTree } from './treeSnapshot';

describe('CheckpointingHost: checkpoints around a real session', () => {
  let server: FakeServer;
  let work: string;
  let root: string;

  beforeEach(async () => {
    server = await startFakeServer();
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-cphost-'));
    root = path.join(work, 'project');
    await fs.mkdir(root);
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(work, { recursive: true, force: true });
  });

  function setup(options: { maxFileBytes?: number } = {}) {
    const inner = new TestHost({ root, run: (command, runOptions) => runProcess(command, { ...runOptions, shell: '/bin/sh' }) });
    const checkpoints = new Checkpoints({ dir: path.join(work, 'store'), roots: [root], ...options });
    let session: Session | undefined;
    const host = new CheckpointingHost(inner, checkpoints, () => session!.id);
    session = new Session({ host, provider: { kind: 'custom', baseURL: server.url }, model: 'gpt-5.1-codex', id: 'sess-1' });
    return { inner, checkpoints, session, host };
  }

  it('a turn that edits, runs rm and mv and writes a binary file is taken back byte for byte', async () => {
    await fs.mkdir(path.join(root, 'src'));
    await fs.writeFile(path.join(root, 'src/keep.ts'), 'export const keep = 1;\n');
    await fs.writeFile(path.join(root, 'doomed.txt'), 'delete me\n');
    await fs.writeFile(path.join(root, 'old-name.md'), '# title\n');
    await fs.writeFile(path.join(root, 'tool.sh'), '#!/bin/sh\n', { mode: 0o755 });
    await fs.chmod(path.join(root, 'tool.sh'), 0o755);
    const original = await snapshotTree(root);
    server.enqueue(
      {
        items: [
          {
            type: 'apply_patch_call',
            callId: 'p1',
            operation: { type: 'update_file', path: 'src/keep.ts', diff: '@@\n-export const keep = 1;\n+export const keep = 2;\n' },
          },
        ],
      },
      { items: [{ type: 'shell_call', callId: 'c1', commands: ['rm doomed.txt', 'mv old-name.md new-name.md'] }] },
      { items: [{ type: 'shell_call', callId: 'c2', commands: ["printf '\\000\\001\\377binary' > blob.bin && chmod -x tool.sh"] }] },
      { items: [{ type: 'text', text: 'Done.' }] },
    );
    const { checkpoints, session, host } = setup();
    assert.equal((await session.send('reshape the project')).reason, 'completed');
    await host.settled();
    assert.deepEqual(await fs.readFile(path.join(root, 'blob.bin')), Buffer.from([0, 1, 255, ...Buffer.from('binary')]));

    const [turn] = (await checkpoints.turns('sess-1'))!;
    assert.equal(turn?.status, 'recorded');
    assert.deepEqual(
      turn?.changes.map((c) => `${c.change} ${c.path}`),
      ['added blob.bin', 'deleted doomed.txt', 'added new-name.md', 'deleted old-name.md', 'modified src/keep.ts', 'modified tool.sh'],
    );
    const result = await checkpoints.restoreTurn('sess-1', 1, { overwrite: false });
    assert.equal(result.status, 'restored');
    assert.deepEqual(await snapshotTree(root), original);
  });

  it('checkpoints before the first edit and before each command, and numbers a retry as the same turn', async () => {
    await fs.writeFile(path.join(root, 'a.txt'), 'a\n');
    server.enqueue(
      { items: [{ type: 'apply_patch_call', callId: 'p1', operation: { type: 'create_file', path: 'b.txt', diff: '+b\n' } }] },
      { items: [{ type: 'apply_patch_call', callId: 'p2', operation: { type: 'create_file', path: 'c.txt', diff: '+c\n' } }] },
      { items: [{ type: 'shell_call', callId: 'c1', commands: ['echo one > d.txt', 'echo two > e.txt'] }] },
      { items: [{ type: 'text', text: 'ok' }], fail: { kind: 'http', status: 400 } },
      { items: [{ type: 'text', text: 'Done after the retry.' }] },
    );
    const { checkpoints, session, host } = setup();
    assert.equal((await session.send('make files')).reason, 'error');
    assert.equal((await session.retry()).reason, 'completed');
    await host.settled();
    const record = JSON.parse(await fs.readFile(path.join(work, 'store/sessions/sess-1.json'), 'utf8')) as {
      turns: { turn: number; checkpoints: string[] }[];
    };
    assert.deepEqual(
      record.turns.map((t) => [t.turn, t.checkpoints.length]),
      [[1, 3]],
      'one before the first edit, one before each of the two commands',
    );
    assert.equal((await checkpoints.restoreTurn('sess-1', 1, { overwrite: false })).status, 'restored');
    assert.deepEqual((await fs.readdir(root)).sort(), ['a.txt']);
  });

  it('says once that a file was too big to record, and the turn goes on', async () => {
    await fs.writeFile(path.join(root, 'huge.bin'), Buffer.alloc(5000));
    server.enqueue(
      { items: [{ type: 'shell_call', callId: 'c1', commands: ['echo 1 > x.txt', 'echo 2 > y.txt'] }] },
      { items: [{ type: 'text', text: 'Done.' }] },
    );
    const { session, inner, host } = setup({ maxFileBytes: 1000 });
    assert.equal((await session.send('go')).reason, 'completed');
    await host.settled();
    const notes = inner.of('error').filter((e) => e.code === 'checkpoint');
    assert.deepEqual(
      notes.map((e) => e.message),
      ['Checkpoint: huge.bin skipped: 4.9 KB, over the 1000 B size cap, so a restore leaves it as it is.'],
    );
    assert.equal(await fs.readFile(path.join(root, 'y.txt'), 'utf8'), '2\n');
  });

  it('a turn without edits or commands records nothing', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'Just talking.' }] });
    const { checkpoints, session, host } = setup();
    await session.send('hello');
    await host.settled();
    assert.deepEqual(
      (await checkpoints.turns('sess-1'))!.map((t) => t.status),
      ['unchanged'],
    );
    assert.deepEqual(await fs.readdir(path.join(work, 'store')), ['sessions']);
  });
});
