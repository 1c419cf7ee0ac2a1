import assert from 'node:assert/strict';
import { checkKey } from '../../../src/core/keyCheck';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';

describe('checkKey', () => {
  const hints = { setKey: 'paste a valid key', pickModel: 'pick another model' };
  let server: FakeServer;
  beforeEach(async () => {
    server = await startFakeServer({ apiKey: 'sk-good' });
  });
  afterEach(() => server.close());

  it('accepts a key the provider lists its models with, and refuses one it rejects (HTTP 401)', async () => {
    assert.deepEqual(await checkKey({ kind: 'openai', baseURL: server.url, apiKey: 'sk-good' }), {
      verdict: 'accepted',
      provider: 'OpenAI',
    });
    assert.equal(server.requests[0]?.path, '/v1/models');
    assert.deepEqual(await checkKey({ kind: 'openai', baseURL: server.url, apiKey: 'sk-bad' }, { hints }), {
      verdict: 'refused',
      provider: 'OpenAI',
      message: 'OpenAI rejected the API key (HTTP 401). Check the key, then paste a valid key.',
    });
  });

  it('tells a provider it cannot reach from one whose answer is not about the key', async () => {
    const url = server.url;
    const missing = await checkKey({ kind: 'openai', baseURL: `${new URL(url).origin}/elsewhere`, apiKey: 'sk-good' });
    assert.equal(missing.verdict, 'unsure');
    assert.match('message' in missing ? missing.message : '', /^OpenAI has no Responses API at .*\/elsewhere \(HTTP 404\)/);
    await server.close();
    const down = await checkKey({ kind: 'openai', baseURL: url, apiKey: 'sk-good' });
    assert.equal(down.verdict, 'unreachable');
    assert.match('message' in down ? down.message : '', /^Could not reach http:\/\/127\.0\.0\.1:\d+\/v1 /);
  });
});
