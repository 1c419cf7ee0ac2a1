// Set API Key while the chat talks to `npm start`'s offline demo model, in a real VS Code: the key is checked with OpenAI
// itself, not with the demo server. This machine cannot reach api.openai.com, which is the case the user meets offline;
// a refusal (HTTP 401) comes from a fake server standing in for OpenAI.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadAgent } from '../../src/extension/agent/agentModule';
import type { TestApi } from '../../src/extension/extension';
import { openAiKeyChecker, promptForOpenAiKey } from '../../src/extension/config/demoMode';
import { providerInfo } from '../../src/extension/config/providerConfig';
import { readSettings } from '../../src/extension/config/settings';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { activateExtension, waitFor } from './support';

type ShowMessage = (message: string, options: vscode.MessageOptions, ...items: string[]) => Thenable<string | undefined>;
const window = vscode.window as unknown as {
  createInputBox: typeof vscode.window.createInputBox;
  showWarningMessage: ShowMessage;
  showInformationMessage: (message: string) => Thenable<string | undefined>;
};
const original = {
  createInputBox: window.createInputBox,
  showWarningMessage: window.showWarningMessage,
  showInformationMessage: window.showInformationMessage,
};
const DEMO_KEYS = ['provider.kind', 'provider.baseUrl', 'provider.name', 'provider.demo'] as const;
const logged: string[] = [];
const log = { debug: () => {}, info: (m: string) => logged.push(m), warn: () => {}, error: () => {} };

describe('Set API Key in demo mode', function () {
  this.timeout(60_000);
  let api: TestApi;
  let demo: FakeServer;
  let openAiStandIn: FakeServer;
  const config = () => vscode.workspace.getConfiguration('codewright');
  const userValues = new Map<string, unknown>();
  let storedBefore: string | undefined;
  let boxes: vscode.InputBox[];
  let warnings: { message: string; options: vscode.MessageOptions; items: string[] }[];
  let infos: string[];

  /** Types `key` into the Set API Key box and presses Enter until `done` holds (Enter is ignored while the box checks). */
  async function enterKey<T>(key: string, done: () => T | undefined | false, what: string): Promise<T> {
    const box = await waitFor(() => boxes.at(-1), 'the Set API Key box');
    box.value = key;
    return waitFor(async () => {
      const result = done();
      if (result) return result;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return undefined;
    }, what);
  }

  before(async () => {
    api = await activateExtension();
    demo = await startFakeServer();
    openAiStandIn = await startFakeServer({ apiKey: 'sk-right' });
    for (const key of DEMO_KEYS) userValues.set(key, config().inspect(key)?.globalValue);
    storedBefore = await api.config.keys.get();
  });

  beforeEach(async () => {
    // As `npm start` writes them when OPENAI_API_KEY is not set.
    await config().update('provider.kind', 'custom', vscode.ConfigurationTarget.Global);
    await config().update('provider.baseUrl', demo.url, vscode.ConfigurationTarget.Global);
    await config().update('provider.name', 'Offline demo model (no OPENAI_API_KEY set)', vscode.ConfigurationTarget.Global);
    await config().update('provider.demo', true, vscode.ConfigurationTarget.Global);
    await api.config.keys.set('sk-before');
    boxes = [];
    warnings = [];
    infos = [];
    window.createInputBox = () => {
      const box = original.createInputBox();
      boxes.push(box);
      return box;
    };
    window.showWarningMessage = (message, options, ...items) => {
      warnings.push({ message, options, items });
      return Promise.resolve('Save anyway');
    };
    window.showInformationMessage = (message) => {
      infos.push(message);
      return Promise.resolve(undefined);
    };
  });

  afterEach(async () => {
    Object.assign(window, original);
    for (const box of boxes) box.dispose();
  });

  after(async () => {
    for (const [key, value] of userValues) await config().update(key, value, vscode.ConfigurationTarget.Global);
    if (storedBefore) await api.config.keys.set(storedBefore);
    else await api.config.keys.clear();
    await demo.close();
    await openAiStandIn.close();
  });

  it('says plainly that it cannot check the key from here, and Save anyway saves it and leaves the demo for OpenAI', async () => {
    const saved = vscode.commands.executeCommand<boolean>('codewright.setApiKey');
    await enterKey('sk-offline-key', () => warnings[0], 'the sentence that OpenAI cannot be reached');
    assert.equal(await saved, true);
    const [warning] = warnings;
    assert.equal(
      warning?.message,
      'Codewright: cannot reach OpenAI from here to check the key.',
      'api.openai.com must be unreachable here',
    );
    assert.equal(warning.options.modal, true);
    assert.match(warning.options.detail ?? '', /^Could not reach https:\/\/api\.openai\.com\/v1 /);
    assert.deepEqual(warning.items, ['Save anyway']);
    assert.ok(
      demo.requests.every((r) => !JSON.stringify(r.headers).includes('sk-offline-key')),
      'the demo server was not asked about the key',
    );

    assert.equal(await api.config.keys.get(), 'sk-offline-key');
    for (const key of DEMO_KEYS) assert.equal(config().inspect(key)?.globalValue, undefined, `${key} is gone from the user's settings`);
    const settings = readSettings();
    assert.deepEqual([settings['provider.kind'], settings['provider.demo']], ['openai', false]);
    assert.equal(providerInfo(settings, true).label, 'OpenAI', 'the chat header names OpenAI');
    assert.deepEqual(await api.config.provider(), { kind: 'openai', apiKey: 'sk-offline-key' }, 'the next message goes to OpenAI');
    await waitFor(() => api.agent.status.item.text === '$(sparkle) gpt-5.1-codex', 'the status bar to show the model, not ask for a key');
    assert.deepEqual(infos, [
      'Codewright: the key is saved in secret storage, and the chat now talks to OpenAI instead of the demo model.',
    ]);
  });

  it('does not save a key OpenAI refuses, says why, and stays in the demo', async () => {
    const saving = promptForOpenAiKey(api.config.keys, openAiKeyChecker(loadAgent, log, openAiStandIn.url));
    const refusal = await enterKey(
      'sk-wrong',
      () => {
        const message = boxes.at(-1)?.validationMessage;
        return typeof message === 'object' ? message : undefined;
      },
      'the box to say the key was refused',
    );
    assert.deepEqual(refusal, {
      message: 'OpenAI rejected the API key (HTTP 401). Check the key, then paste a valid OpenAI key.',
      severity: vscode.InputBoxValidationSeverity.Error,
    });
    // Enter again on the refused key saves nothing either.
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    boxes.at(-1)?.hide();
    assert.equal(await saving, false);
    assert.equal(logged.at(-1), `OpenAI key check (leaving the demo): ${refusal.message}`, 'the log says why');
    assert.ok(openAiStandIn.requests.some((r) => r.path === '/v1/models' && r.headers['authorization'] === 'Bearer sk-wrong'));
    assert.deepEqual(warnings, [], 'no offer to save it anyway');
    assert.equal(await api.config.keys.get(), 'sk-before');
    assert.equal(config().inspect('provider.demo')?.globalValue, true);
    assert.equal(config().inspect('provider.baseUrl')?.globalValue, demo.url);
    assert.equal(readSettings()['provider.kind'], 'custom');
  });

  it('saves a key OpenAI accepts without asking again, and leaves the demo', async () => {
    const saving = promptForOpenAiKey(api.config.keys, openAiKeyChecker(loadAgent, log, openAiStandIn.url));
    await enterKey('sk-right', () => infos[0], 'the key to be saved');
    assert.equal(await saving, true);
    assert.deepEqual(warnings, []);
    assert.deepEqual(infos, [
      'Codewright: OpenAI accepted the key. It is saved in secret storage, and the chat now talks to OpenAI instead of the demo model.',
    ]);
    assert.equal(await api.config.keys.get(), 'sk-right');
    for (const key of DEMO_KEYS) assert.equal(config().inspect(key)?.globalValue, undefined, `${key} is gone from the user's settings`);
  });
});
