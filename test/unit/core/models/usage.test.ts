import assert from 'node:assert/strict';
import { modelInfo } from '../../../../src/core/models/table';
import { addUsage, costUsd } from '../../../../src/core/models/usage';

describe('model usage pricing', () => {
  it('prices cached input at the cached rate', () => {
    const price = modelInfo('gpt-5.2-codex').price;
    // 1M input of which 400K cached, 100K output: 600K x 1.75 + 400K x 0.175 + 100K x 14 per million.
    const cost = costUsd({ inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000, reasoningTokens: 50_000 }, price);
    assert.ok(Math.abs(cost! - (1.05 + 0.07 + 1.4)) < 1e-9);
    assert.equal(costUsd({ inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0 }, null), null);
  });

  it('keeps the cost unknown when cached input has no published rate, and prices it when nothing was cached', () => {
    const astra = modelInfo('gpt-6.2-astra').price;
    assert.equal(astra?.cachedInputPerMillion, null);
    assert.equal(costUsd({ inputTokens: 1000, cachedInputTokens: 10, outputTokens: 0, reasoningTokens: 0 }, astra), null);
    assert.equal(costUsd({ inputTokens: 1_000_000, cachedInputTokens: 0, outputTokens: 1_000_000, reasoningTokens: 0 }, astra), 48);
  });

  it('keeps an unknown cost unknown when adding', () => {
    const known = { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0, costUsd: 0.5 };
    assert.equal(addUsage(known, { ...known, costUsd: null }).costUsd, null);
    assert.equal(addUsage(known, known).costUsd, 1);
  });
});
