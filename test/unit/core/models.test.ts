import assert from 'node:assert/strict';
import { DEFAULT_CONTEXT_WINDOW, addUsage, costUsd, modelInfo } from '../../../src/core/models';

describe('model table', () => {
  it('knows the GPT-5.1-Codex family and tolerates provider spellings', () => {
    assert.equal(modelInfo('gpt-5.1-codex').contextWindow, 400_000);
    assert.equal(modelInfo('openai/gpt-5.1-codex-max').contextWindow, 400_000);
    assert.deepEqual(modelInfo('gpt-5.2-codex-2025-12-11').price, modelInfo('gpt-5.2-codex').price);
    assert.deepEqual(modelInfo('llama3.1:8b'), { contextWindow: DEFAULT_CONTEXT_WINDOW, price: null });
  });

  it('prices cached input at the cached rate', () => {
    const price = modelInfo('gpt-5.2-codex').price;
    // 1M input of which 400K cached, 100K output: 600K x 1.75 + 400K x 0.175 + 100K x 14 per million.
    const cost = costUsd({ inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000, reasoningTokens: 50_000 }, price);
    assert.ok(Math.abs(cost! - (1.05 + 0.07 + 1.4)) < 1e-9);
    assert.equal(costUsd({ inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0 }, null), null);
  });

  it('keeps an unknown cost unknown when adding', () => {
    const known = { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0, costUsd: 0.5 };
    assert.equal(addUsage(known, { ...known, costUsd: null }).costUsd, null);
    assert.equal(addUsage(known, known).costUsd, 1);
  });
});
