import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as agent from '../../../../src/core/index';
import { chatConfig, readServed, type ServedList } from '../../../../src/extension/chat/chatModels';
import { startFakeServer, type FakeServer } from '../../../fake-openai/server';

const TODAY = new Date('2026-11-30T12:00:00Z');
const OPENAI_NOW: ServedList = {
  name: 'OpenAI',
  tableDates: true,
  models: [
    { id: 'gpt-6.1-sol', shutdownDate: null },
    { id: 'gpt-6.2-sol', shutdownDate: null },
    { id: 'gpt-5', shutdownDate: '2026-12-11' },
  ],
};
const input = { extra: [], effort: 'medium' as const, today: TODAY };

describe('chat models: what the header and the composer say about the model', () => {
  it('picks a served model by the core rule when none is configured, and says why', () => {
    const config = chatConfig(agent, { ...input, list: OPENAI_NOW, configured: '' });
    assert.equal(config.model, 'gpt-6.2-sol');
    assert.match(
      config.notice!,
      /^No model is configured, so Codewright uses gpt-6\.2-sol: the first of its preferred models that OpenAI serves/,
    );
    assert.deepEqual(config.models, ['gpt-6.2-sol', 'gpt-6.1-sol', 'gpt-5'], 'the served rows, preferred first');
    assert.equal(config.warning, undefined);
  });

  it("carries the session's dialect in words for the header, and none before there is a session", () => {
    const words = agent.describeDialect('function');
    assert.equal(chatConfig(agent, { ...input, list: OPENAI_NOW, configured: 'gpt-5', dialect: words }).dialect, words);
    assert.equal('dialect' in chatConfig(agent, { ...input, list: OPENAI_NOW, configured: 'gpt-5' }), false);
  });

  it('falls back to the default model and says so when the list cannot be read or is empty', () => {
    const unreadable = chatConfig(agent, { ...input, list: { name: 'OpenAI', tableDates: true, problem: 'HTTP 401' }, configured: '' });
    assert.equal(unreadable.model, agent.DEFAULT_MODEL);
    assert.equal(
      unreadable.notice,
      `No model is configured and OpenAI's model list could not be read (HTTP 401), so Codewright uses ${agent.DEFAULT_MODEL}.`,
    );
    assert.deepEqual(unreadable.models, [agent.DEFAULT_MODEL]);
    const empty = chatConfig(agent, { ...input, list: { name: 'Local', tableDates: false, models: [] }, configured: '' });
    assert.equal(empty.notice, `No model is configured and Local lists no models, so Codewright uses ${agent.DEFAULT_MODEL}.`);
  });

  it('keeps a configured model, with the extra models, and warns when it is within 30 days of its shutdown', () => {
    const config = chatConfig(agent, { ...input, list: OPENAI_NOW, configured: 'gpt-5', extra: ['my-model'] });
    assert.equal(config.model, 'gpt-5');
    assert.equal(config.notice, undefined);
    assert.deepEqual(config.models, ['gpt-6.2-sol', 'gpt-6.1-sol', 'gpt-5', 'my-model']);
    assert.match(config.warning!, /^gpt-5 shuts down on 2026-12-11 \(in 11 days\): switch to gpt-6\.1-sol before then\.$/);
    assert.equal(config.replacement, 'gpt-6.1-sol');
  });

  it("shows the provider's refusal of the model with the served replacement, and forgets it for another model", () => {
    const refusal = { model: 'gpt-5.1-codex', message: 'The model "gpt-5.1-codex" was shut down on 2026-07-23.' };
    const refused = chatConfig(agent, { ...input, list: OPENAI_NOW, configured: 'gpt-5.1-codex', refusal });
    assert.equal(refused.warning, refusal.message);
    assert.equal(refused.replacement, 'gpt-6.1-sol', 'gpt-5.1-codex → gpt-5 (going) → gpt-6.1-sol');
    assert.deepEqual(refused.models, ['gpt-6.2-sol', 'gpt-6.1-sol', 'gpt-5', 'gpt-5.1-codex'], 'the configured model stays listed');
    const other = chatConfig(agent, { ...input, list: OPENAI_NOW, configured: 'gpt-6.1-sol', refusal });
    assert.equal(other.warning, undefined);
    assert.equal(other.replacement, undefined);
  });

  it('offers only the efforts the model accepts and moves the setting to the nearest of them', () => {
    const sol = chatConfig(agent, { ...input, list: OPENAI_NOW, configured: 'gpt-6.2-sol', effort: 'none' });
    assert.deepEqual(sol.efforts, [...agent.effortsFor('gpt-6.2-sol')]);
    assert.ok(!sol.efforts.includes('none'), 'gpt-6.2-sol rejects none');
    assert.ok(sol.efforts.includes(sol.effort));
    assert.equal(sol.effort, 'low');
    const unknown = chatConfig(agent, { ...input, list: OPENAI_NOW, configured: 'my-local-model', effort: 'none' });
    assert.equal(unknown.effort, 'none', 'a model the table does not know takes the whole scale');
  });

  describe('reading the served list', () => {
    let server: FakeServer;
    let dir: string;
    before(async () => {
      server = await startFakeServer({ persona: 'retired' });
    });
    after(() => server.close());
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-chat-models-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("lists the provider's models through the catalog and names the provider", async () => {
      const list = await readServed(
        agent,
        { kind: 'custom', baseURL: server.url, apiKey: 'k', name: 'Fake' },
        path.join(dir, 'models.json'),
        false,
      );
      assert.ok('models' in list, JSON.stringify(list));
      assert.equal(list.name, 'Fake');
      assert.ok(list.models.some((m) => m.id === 'gpt-6.2-sol'));
    });

    it('turns an unreachable /models into the sentence, without throwing', async () => {
      const list = await readServed(
        agent,
        { kind: 'custom', baseURL: 'http://127.0.0.1:9/v1', apiKey: 'k', name: 'Gone' },
        path.join(dir, 'models.json'),
        false,
      );
      assert.ok('problem' in list);
      assert.ok(list.problem.length > 0);
    });
  });
});
