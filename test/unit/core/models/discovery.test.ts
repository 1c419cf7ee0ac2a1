import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelCatalog, listModels } from '../../../../src/core/models/discovery';
import { startFakeServer, type FakeServer } from '../../../fake-openai/server';

describe('served models (GET /models)', () => {
  let server: FakeServer;
  let dir: string;
  beforeEach(async () => {
    server = await startFakeServer({ persona: 'retired' });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-models-'));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('lists what the provider serves with the shutdown dates it gives', async () => {
    const models = await listModels({ kind: 'openai', baseURL: server.url, apiKey: 'sk-test' });
    assert.deepEqual(models.slice(0, 2), [
      { id: 'gpt-6.2-sol', shutdownDate: null },
      { id: 'gpt-6.2-astra', shutdownDate: null },
    ]);
    assert.deepEqual(
      models.find((m) => m.id === 'gpt-5'),
      { id: 'gpt-5', shutdownDate: '2026-12-11' },
    );
    assert.equal(
      models.some((m) => m.id === 'gpt-5.1-codex'),
      false,
      'the retired family is not listed',
    );
  });

  it('lists the seeded family on a provider that still serves it, without dates', async () => {
    const gateway = await startFakeServer();
    try {
      const models = await listModels({ kind: 'custom', baseURL: gateway.url });
      assert.deepEqual(models[0], { id: 'gpt-5.1-codex', shutdownDate: null });
    } finally {
      await gateway.close();
    }
  });

  it('caches in memory and on disk with the fetch time, and asks again on refresh or when stale', async () => {
    const file = path.join(dir, 'cache', 'models.json');
    let now = new Date('2026-11-30T10:00:00Z');
    const config = { kind: 'openai' as const, baseURL: server.url, apiKey: 'sk-test' };
    const catalog = new ModelCatalog({ file, now: () => now });
    const first = await catalog.models(config);
    assert.equal(first.cached, false);
    assert.equal((await catalog.models(config)).cached, true);
    const gets = () => server.requests.filter((r) => r.path === '/v1/models').length;
    assert.equal(gets(), 1);

    const saved = JSON.parse(await fs.readFile(file, 'utf8')) as { version: number; providers: Record<string, { fetchedAt: string }> };
    assert.equal(saved.version, 1);
    assert.equal(saved.providers[server.url]?.fetchedAt, '2026-11-30T10:00:00.000Z');

    const reopened = new ModelCatalog({ file, now: () => now });
    assert.deepEqual((await reopened.models(config)).models, first.models, 'a new process reads the file');
    assert.equal(gets(), 1);
    assert.equal((await reopened.models(config, { refresh: true })).cached, false);
    assert.equal(gets(), 2);
    now = new Date('2026-12-02T10:00:00Z');
    assert.equal((await reopened.models(config)).cached, false, 'a day-old list is fetched again');
    assert.equal(gets(), 3);
  });

  it('rebuilds a cache file that is not JSON, saying so, and throws what the provider answered', async () => {
    const file = path.join(dir, 'models.json');
    await fs.writeFile(file, '{oops');
    const catalog = new ModelCatalog({ file });
    const result = await catalog.models({ kind: 'openai', baseURL: server.url, apiKey: 'sk-test' });
    assert.equal(result.cached, false);
    assert.match(catalog.problem ?? '', /is not JSON; it will be rebuilt from the providers\.$/);
    assert.equal((JSON.parse(await fs.readFile(file, 'utf8')) as { version: number }).version, 1);

    const keyed = await startFakeServer({ apiKey: 'sk-right' });
    try {
      await assert.rejects(listModels({ kind: 'openai', baseURL: keyed.url, apiKey: 'sk-wrong' }), { status: 401 });
    } finally {
      await keyed.close();
    }
  });
});
