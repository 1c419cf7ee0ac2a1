import assert from 'node:assert/strict';
import { missingModelAdvice, replacementChain, replacementFor, shutdownWarning } from '../../../../src/core/models/retirement';
import { CLI_HINTS, VSCODE_HINTS } from '../../../../src/core/responses/failureMessage';
import { Session } from '../../../../src/core/session';
import { startFakeServer, type FakeServer } from '../../../fake-openai/server';
import { TestHost } from '../testHost';

const TODAY = new Date('2026-11-30T12:00:00Z');
const facts = {
  provider: 'OpenAI',
  status: ' (HTTP 404)',
  today: TODAY,
  tableDates: true,
  useModel: (m: string) => `pass --model ${m}`,
  pickModel: 'pass another --model',
};

describe('retired models', () => {
  it("follows OpenAI's named replacements to one the provider serves", () => {
    assert.deepEqual(replacementChain('gpt-5.1-codex'), ['gpt-5', 'gpt-6.1-sol']);
    assert.deepEqual(replacementChain('gpt-9'), []);
    const served = (...ids: string[]) => ids.map((id) => ({ id, shutdownDate: null }));
    const early = new Date('2026-05-01T00:00:00Z');
    assert.equal(replacementFor('gpt-5.1-codex', { served: served('gpt-6.1-sol', 'gpt-5'), today: early, tableDates: true }), 'gpt-5');
    assert.equal(
      replacementFor('gpt-5.1-codex', { served: served('gpt-6.1-sol', 'gpt-5'), today: TODAY, tableDates: true }),
      'gpt-6.1-sol',
      'gpt-5 shuts down in 11 days',
    );
    assert.equal(
      replacementFor('gpt-5.1-codex', { served: served('openai/gpt-6.1-sol'), today: TODAY, tableDates: false }),
      'openai/gpt-6.1-sol',
    );
    assert.equal(
      replacementFor('gpt-5.1-codex', { served: served('gpt-5', 'gpt-6-luna'), today: early, tableDates: false }),
      'gpt-5',
      'a gateway keeps serving gpt-5',
    );
    assert.equal(replacementFor('gpt-5.1-codex', { served: served('gpt-6-luna'), today: TODAY, tableDates: true }), undefined);
    assert.equal(replacementFor('gpt-5.1-codex', { today: early, tableDates: true }), 'gpt-5');
    assert.equal(replacementFor('gpt-5.1-codex', { today: TODAY, tableDates: true }), 'gpt-6.1-sol');
  });

  it('names the model, its shutdown date and the replacement in one sentence', () => {
    const advice = missingModelAdvice({ ...facts, model: 'gpt-5.1-codex', served: [{ id: 'gpt-6.1-sol' }] });
    assert.deepEqual(advice, {
      replacement: 'gpt-6.1-sol',
      shutdownDate: '2026-07-23',
      message: 'The model "gpt-5.1-codex" was shut down on 2026-07-23, so OpenAI no longer serves it (HTTP 404): pass --model gpt-6.1-sol.',
    });
    assert.equal(
      missingModelAdvice({ ...facts, model: 'gpt-9' }).message,
      'The model "gpt-9" is not available at OpenAI (HTTP 404): pass another --model.',
    );
  });

  it('warns within 30 days of a shutdown, and not before or after', () => {
    assert.equal(
      shutdownWarning('gpt-5', '2026-12-11', TODAY, 'gpt-6.1-sol'),
      'gpt-5 shuts down on 2026-12-11 (in 11 days): switch to gpt-6.1-sol before then.',
    );
    assert.equal(
      shutdownWarning('gpt-5', '2026-12-01', TODAY, undefined),
      'gpt-5 shuts down on 2026-12-01 (tomorrow): pick another model before then.',
    );
    assert.equal(shutdownWarning('gpt-5.1', '2027-04-01', TODAY, undefined), undefined);
    assert.equal(shutdownWarning('gpt-5.1-codex', '2026-07-23', TODAY, 'gpt-5'), undefined);
  });
});

describe('a retired model at the provider (the retired persona)', () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = await startFakeServer({ persona: 'retired' });
  });
  afterEach(() => server.close());

  it('answers the 404 with one sentence naming the model, its shutdown date and the replacement to pass', async () => {
    const host = new TestHost();
    const session = new Session({
      host,
      provider: { kind: 'openai', baseURL: server.url, apiKey: 'sk-test' },
      model: 'gpt-5.1-codex',
      hints: CLI_HINTS,
    });
    const outcome = await session.send('hi');
    assert.equal(
      outcome.error?.message,
      'The model "gpt-5.1-codex" was shut down on 2026-07-23, so OpenAI no longer serves it (HTTP 404): pass --model gpt-6.1-sol.',
    );
    assert.equal(outcome.error?.code, 'model_not_found');
    const chat = new Session({
      host,
      provider: { kind: 'openai', baseURL: server.url, apiKey: 'sk-test' },
      model: 'gpt-5.2-codex',
      hints: VSCODE_HINTS,
    });
    assert.match(
      (await chat.send('hi')).error?.message ?? '',
      /^The model "gpt-5\.2-codex" was shut down on 2026-07-23, so OpenAI no longer serves it \(HTTP 404\): switch to gpt-5\.4 in the chat header/,
    );
  });
});
