import assert from 'node:assert/strict';
import { effortFor, effortRetry, effortsFor, nearestEffort, parseEffortRejection } from '../../../../src/core/models/effort';
import { Session } from '../../../../src/core/session';
import { EFFORT_LEVELS } from '../../../../src/shared/effort';
import { startFakeServer, type FakeServer } from '../../../fake-openai/server';
import { TestHost } from '../testHost';

const OPENAI_400 =
  "Unsupported value: 'reasoning.effort' does not support 'none' with this model. Supported values are: 'low', 'medium', 'high', 'xhigh', and 'max'.";

describe('effort per model', () => {
  it('offers the levels the table lists, and the whole scale for models it does not know', () => {
    assert.deepEqual(effortsFor('gpt-6.2-sol'), ['low', 'medium', 'high', 'xhigh', 'max']);
    assert.deepEqual(effortsFor('gpt-6-luna'), ['none', 'low', 'medium', 'high', 'xhigh', 'max']);
    assert.deepEqual(effortsFor('qwen3-coder'), EFFORT_LEVELS);
    assert.equal(effortFor('gpt-6.1-sol', 'none'), 'low');
    assert.equal(effortFor('gpt-6.1-sol', 'high'), 'high');
  });

  it('picks the nearest supported level, the higher one on a tie', () => {
    assert.equal(nearestEffort('none', ['low', 'medium', 'high']), 'low');
    assert.equal(nearestEffort('max', ['low', 'medium', 'high', 'xhigh']), 'xhigh');
    assert.equal(nearestEffort('minimal', ['none', 'low']), 'low');
    assert.equal(nearestEffort('medium', ['medium']), 'medium');
    assert.equal(nearestEffort('medium', []), undefined);
  });

  it("reads OpenAI's 400 in both the Responses and the Chat Completions wording", () => {
    assert.deepEqual(parseEffortRejection(OPENAI_400), { rejected: 'none', supported: ['low', 'medium', 'high', 'xhigh', 'max'] });
    assert.deepEqual(
      parseEffortRejection(
        "Unsupported value: 'reasoning_effort' does not support 'none' with this model. Supported values are: 'minimal', 'low', 'medium', and 'high'.",
      ),
      { rejected: 'none', supported: ['minimal', 'low', 'medium', 'high'] },
    );
    assert.equal(parseEffortRejection("Unsupported parameter: 'temperature' is not supported with this model."), undefined);
    assert.equal(parseEffortRejection("Invalid value for 'reasoning.effort'."), undefined, 'no supported list: nothing to retry with');
  });

  it('says what it retries with, and declines when the message gives nothing better', () => {
    assert.deepEqual(effortRetry('gpt-6.2-sol', 'none', OPENAI_400), {
      effort: 'low',
      notice: "gpt-6.2-sol does not accept reasoning effort 'none' (it accepts low, medium, high, xhigh, max), so 'low' is used instead",
    });
    assert.equal(effortRetry('m', 'low', "Supported values are: 'low'. reasoning.effort"), undefined);
    assert.equal(effortRetry('m', 'low', 'The request was invalid.'), undefined);
  });
});

describe('effort rejected by the server (the effortStrict persona)', () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = await startFakeServer({ persona: 'effortStrict' });
  });
  afterEach(() => server.close());

  it('retries once with the nearest level the 400 names, tells the user, and keeps the new level', async () => {
    server.enqueue({ items: [{ type: 'text', text: 'done' }] }, { items: [{ type: 'text', text: 'again' }] });
    const host = new TestHost();
    const session = new Session({
      host,
      provider: { kind: 'openai', baseURL: server.url, apiKey: 'sk-test' },
      model: 'gpt-6.2-sol',
      effort: 'none',
    });
    assert.equal((await session.send('hi')).reason, 'completed');
    const efforts = server.requests
      .filter((r) => r.path === '/v1/responses')
      .map((r) => (r.body as { reasoning: { effort: string } }).reasoning.effort);
    assert.deepEqual(efforts, ['none', 'low']);
    const notices = host.events.filter((e) => e.type === 'retrying');
    assert.deepEqual(
      notices.map((e) => e.type === 'retrying' && e.reason),
      ["gpt-6.2-sol does not accept reasoning effort 'none' (it accepts low, medium, high, xhigh, max), so 'low' is used instead"],
    );
    assert.equal(session.effort, 'low');
    assert.equal((await session.send('more')).reason, 'completed');
    assert.equal(host.events.filter((e) => e.type === 'retrying').length, 1, 'the next turn sends low straight away');
  });

  it('retries only once, and reports a rejection it cannot fix as the error it is', async () => {
    const host = new TestHost();
    server.enqueue({
      fail: {
        kind: 'http',
        status: 400,
        body: {
          error: {
            message: "Unsupported value: 'reasoning.effort' does not support 'low' with this model. Supported values are: 'high'.",
            type: 'invalid_request_error',
            param: 'reasoning.effort',
            code: 'unsupported_value',
          },
        },
      },
    });
    server.enqueue({
      fail: {
        kind: 'http',
        status: 400,
        body: {
          error: {
            message: "Unsupported value: 'reasoning.effort' does not support 'high' with this model. Supported values are: 'xhigh'.",
            type: 'invalid_request_error',
            param: 'reasoning.effort',
            code: 'unsupported_value',
          },
        },
      },
    });
    const session = new Session({
      host,
      provider: { kind: 'openai', baseURL: server.url, apiKey: 'sk-test' },
      model: 'gpt-6.1-terra',
      effort: 'low',
    });
    const outcome = await session.send('hi');
    assert.equal(outcome.reason, 'error');
    assert.match(
      outcome.error?.message ?? '',
      /^OpenAI rejected the request \(HTTP 400\): "Unsupported value: 'reasoning\.effort' does not support 'high'/,
    );
    assert.equal(server.requests.filter((r) => r.path === '/v1/responses').length, 2);
  });
});
