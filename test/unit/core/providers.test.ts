import assert from 'node:assert/strict';
import { PROVIDER_KINDS, providerModelId, type ProviderKind } from '../../../src/core/providerPresets';
import { checkConnection, resolveProvider } from '../../../src/core/providers';
import { VSCODE_HINTS } from '../../../src/core/responses/failureMessage';
import { startFakeServer, type FakeServer } from '../../fake-openai/server';

describe('providers', () => {
  it('fills in defaults and normalises base URLs', () => {
    assert.deepEqual(resolveProvider({ kind: 'openai' }), {
      kind: 'openai',
      name: 'OpenAI',
      baseURL: 'https://api.openai.com/v1',
      requiresKey: true,
      supportsStoredResponses: true,
      modelIdForm: 'bare',
      defaultDialect: 'builtin',
    });
    assert.equal(resolveProvider({ kind: 'openrouter' }).baseURL, 'https://openrouter.ai/api/v1');
    assert.equal(resolveProvider({ kind: 'openrouter' }).supportsStoredResponses, false);
    for (const given of ['https://me.openai.azure.com', 'https://me.openai.azure.com/openai', 'https://me.openai.azure.com/openai/v1/']) {
      assert.equal(resolveProvider({ kind: 'azure', baseURL: given }).baseURL, 'https://me.openai.azure.com/openai/v1');
    }
    const local = resolveProvider({ kind: 'custom', baseURL: 'http://localhost:11434/v1/' });
    assert.deepEqual([local.name, local.baseURL, local.requiresKey], ['localhost:11434', 'http://localhost:11434/v1', false]);
    assert.equal(resolveProvider({ kind: 'custom', baseURL: 'http://h/v1', name: 'My vLLM' }).name, 'My vLLM');
  });

  it('has a preset for every provider kind: base URL, key, model-id form and default dialect', () => {
    const row = (kind: ProviderKind) => {
      const p = resolveProvider({ kind, ...(kind === 'azure' || kind === 'custom' ? { baseURL: 'https://h.example/openai/v1' } : {}) });
      return [p.name, kind === 'azure' || kind === 'custom' ? '' : p.baseURL, p.requiresKey, p.modelIdForm, p.defaultDialect];
    };
    assert.deepEqual(Object.fromEntries(PROVIDER_KINDS.map((kind) => [kind, row(kind)])), {
      openai: ['OpenAI', 'https://api.openai.com/v1', true, 'bare', 'builtin'],
      azure: ['Azure OpenAI', '', true, 'bare', 'builtin'],
      openrouter: ['OpenRouter', 'https://openrouter.ai/api/v1', true, 'vendor-prefixed', 'function'],
      cometapi: ['CometAPI', 'https://api.cometapi.com/v1', true, 'bare', 'function'],
      vercel: ['Vercel AI Gateway', 'https://ai-gateway.vercel.sh/v1', true, 'vendor-prefixed', 'function'],
      ollama: ['Ollama', 'http://localhost:11434/v1', false, 'bare', 'function'],
      lmstudio: ['LM Studio', 'http://localhost:1234/v1', false, 'bare', 'function'],
      vllm: ['vLLM', 'http://localhost:8000/v1', false, 'bare', 'function'],
      litellm: ['LiteLLM', 'http://localhost:4000', false, 'bare', 'function'],
      custom: ['h.example', '', false, 'bare', 'function'],
    });
    assert.equal(resolveProvider({ kind: 'ollama', baseURL: 'http://gpu-box:11434/v1/' }).baseURL, 'http://gpu-box:11434/v1');
    assert.throws(() => resolveProvider({ kind: 'vllm', baseURL: 'gpu-box:8000' }), /is not an http\(s\) URL/);
    assert.deepEqual(
      [
        providerModelId('vercel', 'gpt-6.1-sol'),
        providerModelId('openrouter', 'openai/gpt-6.1-sol'),
        providerModelId('openai', 'gpt-6.1-sol'),
      ],
      ['openai/gpt-6.1-sol', 'openai/gpt-6.1-sol', 'gpt-6.1-sol'],
    );
  });

  it('sends no key to a local preset that needs none, and refuses a hosted one without a key', async () => {
    const local = await startFakeServer();
    try {
      const ok = await checkConnection({ kind: 'ollama', baseURL: local.url });
      assert.equal(ok.ok, true);
      assert.equal(local.requests[0]?.headers.authorization, undefined);
    } finally {
      await local.close();
    }
    const hosted = await checkConnection({ kind: 'cometapi' });
    assert.deepEqual(
      hosted.ok ? null : hosted.message,
      'No API key is set for CometAPI: set OPENAI_API_KEY (or, for a local server that needs no key, pass its --base-url, e.g. http://localhost:11434/v1).',
    );
  });

  it('explains configurations that cannot work', () => {
    assert.throws(
      () => resolveProvider({ kind: 'azure' }),
      /^Error: Azure OpenAI needs a base URL: set it to https:\/\/<resource>\.openai\.azure\.com\/openai\/v1\/\.$/,
    );
    assert.throws(() => resolveProvider({ kind: 'custom', baseURL: 'ftp://x' }), /is not an http\(s\) URL/);
    assert.throws(() => resolveProvider({ kind: 'custom' }), /needs a base URL/);
  });

  describe('checkConnection', () => {
    let server: FakeServer;
    beforeEach(async () => {
      server = await startFakeServer({ apiKey: 'sk-good' });
    });
    afterEach(() => server.close());

    it('lists the models and says whether the chosen one is there', async () => {
      const ok = await checkConnection({ kind: 'openai', baseURL: server.url, apiKey: 'sk-good' }, { model: 'gpt-5.1-codex' });
      assert.equal(ok.ok, true);
      if (!ok.ok) return;
      assert.equal(ok.modelAvailable, true);
      assert.ok(ok.models.includes('gpt-5.1-codex-max'));
      assert.ok(ok.latencyMs >= 0);
      assert.equal(server.requests[0]?.method, 'GET');
      assert.equal(server.requests[0]?.path, '/v1/models');
      const other = await checkConnection({ kind: 'openai', baseURL: server.url, apiKey: 'sk-good' }, { model: 'gpt-4-turbo' });
      assert.equal(other.ok && other.modelAvailable, false);
    });

    it('returns the sentence for a bad key, a missing key and an unreachable server', async () => {
      const bad = await checkConnection({ kind: 'openai', baseURL: server.url, apiKey: 'sk-bad' }, { hints: VSCODE_HINTS });
      assert.deepEqual(
        bad.ok ? null : bad.message,
        "OpenAI rejected the API key (HTTP 401). Check the key, then run 'Codewright: Set API Key'.",
      );
      const none = await checkConnection({ kind: 'openai', baseURL: server.url }, { hints: VSCODE_HINTS });
      assert.deepEqual(none.ok ? null : none.message, "No API key is set for OpenAI: run 'Codewright: Set API Key'.");
      const url = server.url;
      await server.close();
      const down = await checkConnection({ kind: 'custom', baseURL: url });
      assert.equal(down.ok, false);
      assert.match(down.ok ? '' : down.message, /^Could not reach http:\/\/127\.0\.0\.1:\d+\/v1 /);
    });
  });
});
