import assert from 'node:assert/strict';
import { DEFAULT_CONTEXT_WINDOW, MODEL_TABLE, bareModelId, modelFacts, modelInfo } from '../../../../src/core/models/table';
import { EFFORT_LEVELS } from '../../../../src/shared/effort';

describe('model table', () => {
  it('knows the GPT-6 family and the seeded family, in every provider spelling', () => {
    assert.deepEqual(modelInfo('gpt-6.2-sol'), {
      contextWindow: 1_050_000,
      inputLimit: 922_000,
      price: { inputPerMillion: 2, cachedInputPerMillion: 0.1, outputPerMillion: 10 },
    });
    assert.equal(modelInfo('openai/gpt-5.1-codex-max').contextWindow, 400_000);
    assert.deepEqual(modelInfo('gpt-5.2-codex-2025-12-11').price, modelInfo('gpt-5.2-codex').price);
    assert.equal(bareModelId(' OpenAI/GPT-5-2025-08-07 '), 'gpt-5');
  });

  it('budgets GPT-5.x from its 272K input limit, not the 400K window, and unknown models from the default', () => {
    assert.equal(modelInfo('gpt-5.1-codex').inputLimit, 272_000);
    assert.deepEqual(modelInfo('llama3.1:8b'), { contextWindow: DEFAULT_CONTEXT_WINDOW, inputLimit: DEFAULT_CONTEXT_WINDOW, price: null });
  });

  it("carries OpenAI's shutdown dates and named replacements", () => {
    assert.deepEqual([modelFacts('gpt-5.1-codex')?.shutdownDate, modelFacts('gpt-5.1-codex')?.replacement], ['2026-07-23', 'gpt-5']);
    assert.deepEqual([modelFacts('gpt-5')?.shutdownDate, modelFacts('gpt-5')?.replacement], ['2026-12-11', 'gpt-6.1-sol']);
    assert.equal(modelFacts('gpt-6.2-sol')?.shutdownDate, undefined);
  });

  it('gives every entry a source and the day it was checked, and only efforts from the shared scale', () => {
    for (const [id, facts] of Object.entries(MODEL_TABLE)) {
      assert.ok(facts.sources.length > 0 && facts.sources.every((s) => s.startsWith('https://')), `${id} has sources`);
      assert.equal(facts.checked, '2026-11-30', id);
      for (const effort of facts.efforts ?? []) assert.ok(EFFORT_LEVELS.includes(effort), `${id}: ${effort}`);
      if (facts.replacement) assert.notEqual(facts.replacement, id);
    }
  });
});
