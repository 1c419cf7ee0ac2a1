// `npm start` without OPENAI_API_KEY points Codewright at its offline demo model and says so with codewright.provider.demo.
// Set API Key is the way out of the demo: it asks for an OpenAI key (the demo has none of its own), checks it with OpenAI
// itself (the demo server would take any key), and once a key is saved removes the demo's provider settings where npm start
// wrote them, the user's settings, so that the chat header, the status bar and the next message go to OpenAI.
import vscode = require('vscode');
import type { HostHints, KeyCheck } from '../../core/index';
import type { AgentModule } from '../agent/agentModule';
import type { LogSink } from '../agent/agentLog';
import { createKeyBox, keyFormatProblem, type ApiKeyStore } from './apiKey';

/** What `npm start` writes for the demo, removed together; the flag last, so that an interrupted removal can be retried. */
const DEMO_SETTINGS = ['provider.baseUrl', 'provider.name', 'provider.kind', 'provider.demo'] as const;

const SAVE_ANYWAY = 'Save anyway';

/** Inside the key box the next step is simply another key. */
const KEY_BOX_HINTS: HostHints = { setKey: 'paste a valid OpenAI key', pickModel: 'pick a model with Codewright: Select Model' };

export type KeyChecker = (key: string) => Promise<KeyCheck>;

/**
 * Checks a key with OpenAI's own endpoint (the OpenAI preset), whatever the settings point at; `baseURL` stands in for
 * it where a test needs an answer the real endpoint would not give.
 */
export function openAiKeyChecker(agent: () => AgentModule, log: LogSink, baseURL?: string): KeyChecker {
  return async (key) => {
    const result = await agent().checkKey({ kind: 'openai', apiKey: key, ...(baseURL ? { baseURL } : {}) }, { hints: KEY_BOX_HINTS });
    log.info(`OpenAI key check (leaving the demo): ${result.verdict === 'accepted' ? 'OpenAI accepted the key' : result.message}`);
    return result;
  };
}

/**
 * Set API Key in demo mode. A key OpenAI refuses is not saved: the box stays open and says why. A key it could not check
 * (OpenAI unreachable from here, or an answer that is not about the key) is saved only when the user says so. Resolves true
 * when a key was saved and the demo left.
 */
export async function promptForOpenAiKey(store: ApiKeyStore, check: KeyChecker): Promise<boolean> {
  const answer = await askForCheckedKey(check);
  if (!answer) return false;
  const { key, result } = answer;
  if (result.verdict !== 'accepted') {
    const reason = result.verdict === 'unreachable' ? 'cannot reach OpenAI from here to check the key.' : 'OpenAI did not confirm the key.';
    const next = 'Save it anyway to leave the demo: the chat then talks to OpenAI, and says so if OpenAI refuses the key.';
    const detail = `${result.message}\n\n${next}`;
    const pick = await vscode.window.showWarningMessage(`Codewright: ${reason}`, { modal: true, detail }, SAVE_ANYWAY);
    if (pick !== SAVE_ANYWAY) return false;
  }
  await store.set(key);
  await leaveDemo();
  const saved = result.verdict === 'accepted' ? 'OpenAI accepted the key. It is saved' : 'the key is saved';
  void vscode.window.showInformationMessage(
    `Codewright: ${saved} in secret storage, and the chat now talks to OpenAI instead of the demo model.`,
  );
  return true;
}

/** Removes the demo's settings from the user's settings, where `npm start` writes them. */
async function leaveDemo(): Promise<void> {
  const config = vscode.workspace.getConfiguration('codewright');
  for (const key of DEMO_SETTINGS) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
}

/** The key box: resolves with a key and its check once the check allows the next step, or undefined when dismissed. */
function askForCheckedKey(check: KeyChecker): Promise<{ key: string; result: KeyCheck } | undefined> {
  const box = createKeyBox(
    'The demo model needs no key. To talk to OpenAI instead, paste an OpenAI API key: ' +
      "it is checked with OpenAI and kept in VS Code's secret storage.",
  );
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: { key: string; result: KeyCheck } | undefined) => {
      if (settled) return;
      settled = true;
      resolve(answer);
      box.dispose();
    };
    box.onDidChangeValue((value) => {
      box.validationMessage = keyFormatProblem(value);
    });
    box.onDidAccept(async () => {
      const key = box.value.trim();
      if (keyFormatProblem(box.value) || box.busy) return;
      box.busy = true;
      box.enabled = false;
      const result = await check(key);
      box.busy = false;
      box.enabled = true;
      // Refused by OpenAI itself: no second Enter saves it (unlike a key the provider could not check), only another key.
      if (result.verdict === 'refused')
        box.validationMessage = { message: result.message, severity: vscode.InputBoxValidationSeverity.Error };
      else finish({ key, result });
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}
