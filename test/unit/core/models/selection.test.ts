import assert from 'node:assert/strict';
import { DEFAULT_MODEL, PREFERRED_MODELS, chooseModel } from '../../../../src/core/models/selection';
import { daysUntil, shutdownState } from '../../../../src/core/models/shutdown';

const TODAY = new Date('2026-11-30T12:00:00Z');
const served = (...ids: string[]) => ids.map((id) => ({ id, shutdownDate: null }));

describe('default model selection', () => {
  it("picks the first preferred model the provider serves, in the provider's spelling", () => {
    const choice = chooseModel(served('gpt-5', 'gpt-6-luna', 'gpt-6.1-sol'), { provider: 'OpenAI', tableDates: true, today: TODAY });
    assert.equal(choice?.model, 'gpt-6.1-sol');
    assert.match(
      choice!.reason,
      /^No model is configured, so Codewright uses gpt-6\.1-sol: the first of its preferred models that OpenAI serves/,
    );
    assert.equal(
      chooseModel(served('openai/gpt-6.2-sol'), { provider: 'OpenRouter', tableDates: false, today: TODAY })?.model,
      'openai/gpt-6.2-sol',
    );
    assert.equal(DEFAULT_MODEL, PREFERRED_MODELS[0]);
  });

  it('keeps the seeded family first-class where a provider still serves it', () => {
    const azure = served('gpt-5.1-codex-mini', 'gpt-5.1-codex');
    assert.equal(chooseModel(azure, { provider: 'Azure OpenAI', tableDates: false, today: TODAY })?.model, 'gpt-5.1-codex');
    assert.equal(
      chooseModel(azure, { provider: 'OpenAI', tableDates: true, today: TODAY })?.model,
      'gpt-5.1-codex-mini',
      "OpenAI's dates rule them out on OpenAI",
    );
  });

  it('skips models past or within 30 days of the shutdown date the provider gives', () => {
    const list = [
      { id: 'gpt-6.2-sol', shutdownDate: '2026-12-20' },
      { id: 'gpt-6.1-sol', shutdownDate: '2027-06-01' },
    ];
    assert.equal(chooseModel(list, { provider: 'OpenAI', tableDates: true, today: TODAY })?.model, 'gpt-6.1-sol');
  });

  it('falls back to the first model a local server lists, and to nothing for an empty list', () => {
    const choice = chooseModel(served('qwen3-coder:30b', 'llama3.1'), { provider: 'Ollama', tableDates: false, today: TODAY });
    assert.equal(choice?.model, 'qwen3-coder:30b');
    assert.match(choice!.reason, /Ollama serves none of Codewright's preferred models, so it uses qwen3-coder:30b/);
    assert.equal(chooseModel([], { provider: 'Ollama', tableDates: false, today: TODAY }), undefined);
  });

  it('counts days in UTC and flags the last 30 of them', () => {
    assert.equal(daysUntil('2026-12-11', TODAY), 11);
    assert.deepEqual(shutdownState('2026-12-11', TODAY), { kind: 'soon', date: '2026-12-11', days: 11 });
    assert.deepEqual(shutdownState('2026-11-30', TODAY), { kind: 'past', date: '2026-11-30' });
    assert.deepEqual(shutdownState('2026-12-31', TODAY), { kind: 'none' });
    assert.deepEqual(shutdownState(undefined, TODAY), { kind: 'none' });
  });
});
