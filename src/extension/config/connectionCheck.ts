// "Codewright: Check Connection" and the API key check behind Set API Key. The key check is one cheap request (GET /models)
// that proves the base URL and the key. Check Connection makes it too, then, when the provider lists the model, proves the
// tool dialect the chat would use with one tiny forced tool call, and reports the provider, the model, the latency and the
// dialect in one sentence, or the exact error sentence.
import vscode = require('vscode');
import type { ConnectionCheck, DialectProbe, DialectSetting, HostHints, ProviderConfig } from '../../core/index';
import type { AgentModule } from '../agent/agentModule';
import type { KeyValidator } from './apiKey';
import type { LogSink } from '../agent/agentLog';
import type { SharedDialectMemory } from './dialectMemory';

export interface ConnectionParts {
  /** The provider as the next request would use it (settings plus the stored key). */
  provider(): Promise<ProviderConfig>;
  model(): string;
  /** The `codewright.provider.dialect` setting. */
  dialect(): DialectSetting;
  /** The endpoints' remembered dialects, the sessions' own. */
  dialects: SharedDialectMemory;
  agent(): AgentModule;
  log: LogSink;
}

/** What Check Connection found, with the sentence it showed; `tools` when the dialect was put to the test. */
export type ConnectionReport = ConnectionCheck & { tools?: DialectProbe; summary: string };

/** Inside the key box the next step is simply another key. */
const KEY_BOX_HINTS: HostHints = { setKey: 'paste a valid key', pickModel: 'pick another model with Codewright: Select Model' };

export async function checkConnection(parts: ConnectionParts): Promise<ConnectionReport> {
  const agent = parts.agent();
  const model = parts.model();
  const config = await parts.provider();
  const { result, tools } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Codewright: checking the connection…', cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const result = await agent.checkConnection(config, { model, hints: agent.VSCODE_HINTS, signal: abort.signal });
      if (!result.ok || result.modelAvailable !== true) return { result, tools: undefined };
      progress.report({ message: 'a test call with a tool…' });
      // The sessions' memory, read first, so an endpoint known to lack /responses is asked over Chat Completions at once.
      await parts.dialects.load();
      const options = { model, dialect: parts.dialect(), memory: parts.dialects, hints: agent.VSCODE_HINTS, signal: abort.signal };
      return { result, tools: await agent.probeDialect(config, options) };
    },
  );
  const summary = describe(result, model, tools && agent.describeProbe(tools, result.provider, agent.VSCODE_HINTS));
  parts.log.info(`Connection check: ${summary}`);
  if (result.ok && result.modelAvailable !== false && (!tools || tools.kind === 'called')) {
    void vscode.window.showInformationMessage(`Codewright: ${summary}`);
  } else if (result.ok && result.modelAvailable === false) {
    void vscode.window.showWarningMessage(`Codewright: ${summary}`, 'Select Model').then((pick) => {
      if (pick) void vscode.commands.executeCommand('codewright.selectModel');
    });
  } else if (result.ok) {
    void vscode.window.showWarningMessage(`Codewright: ${summary}`, 'Open Settings', 'Show Log').then((pick) => {
      if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'codewright.provider.dialect');
      if (pick === 'Show Log') void vscode.commands.executeCommand('codewright.showLog');
    });
  } else {
    const actions = /Set API Key/.test(result.message) ? ['Set API Key', 'Show Log'] : ['Show Log'];
    void vscode.window.showErrorMessage(`Codewright: ${result.message}`, ...actions).then((pick) => {
      if (pick === 'Set API Key') void vscode.commands.executeCommand('codewright.setApiKey');
      if (pick === 'Show Log') void vscode.commands.executeCommand('codewright.showLog');
    });
  }
  return { ...result, ...(tools ? { tools } : {}), summary };
}

/** One sentence for the notification and the log; `tools` is the dialect clause when the test call ran. */
export function describe(result: ConnectionCheck, model: string, tools?: string): string {
  if (!result.ok) return result.message;
  const where = `${result.provider} (${result.baseURL}) answered in ${result.latencyMs} ms`;
  if (result.modelAvailable === false) {
    return `${where}, but does not list the model "${model}". Pick another model with Codewright: Select Model, or check the model name.`;
  }
  return tools ? `${where}; model ${model} is available; ${tools}` : `${where}; model ${model} is available.`;
}

/** Checks a candidate key against the configured provider before Set API Key saves it. */
export function keyValidator(parts: ConnectionParts): KeyValidator {
  return async (key) => {
    const config = { ...(await parts.provider()), apiKey: key };
    const result = await parts.agent().checkConnection(config, { hints: KEY_BOX_HINTS });
    parts.log.info(`API key check: ${result.ok ? `${result.provider} accepted the key in ${result.latencyMs} ms` : result.message}`);
    return result.ok ? undefined : result.message;
  };
}
