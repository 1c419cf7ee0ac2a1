// "Codewright: Check Connection" and the API key check behind Set API Key: one cheap request (GET /models) that proves
// the base URL, the key and the model, reported as the provider, the model and the latency, or the exact error sentence.
import * as vscode from 'vscode';
import type { ConnectionCheck, HostHints, ProviderConfig } from '../../core/index';
import type { AgentModule } from '../agent/agentModule';
import type { KeyValidator } from './apiKey';
import type { LogSink } from '../agent/agentLog';

export interface ConnectionParts {
  /** The provider as the next request would use it (settings plus the stored key). */
  provider(): Promise<ProviderConfig>;
  model(): string;
  agent(): AgentModule;
  log: LogSink;
}

/** Inside the key box the next step is simply another key. */
const KEY_BOX_HINTS: HostHints = { setKey: 'paste a valid key', pickModel: 'pick another model with Codewright: Select Model' };

export async function checkConnection(parts: ConnectionParts): Promise<ConnectionCheck> {
  const agent = parts.agent();
  const model = parts.model();
  const config = await parts.provider();
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Codewright: checking the connection…', cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return agent.checkConnection(config, { model, hints: agent.VSCODE_HINTS, signal: abort.signal });
    },
  );
  parts.log.info(`Connection check: ${describe(result, model)}`);
  if (result.ok && result.modelAvailable !== false) {
    void vscode.window.showInformationMessage(`Codewright: ${describe(result, model)}`);
  } else if (result.ok) {
    void vscode.window.showWarningMessage(`Codewright: ${describe(result, model)}`, 'Select Model').then((pick) => {
      if (pick) void vscode.commands.executeCommand('codewright.selectModel');
    });
  } else {
    const actions = /Set API Key/.test(result.message) ? ['Set API Key', 'Show Log'] : ['Show Log'];
    void vscode.window.showErrorMessage(`Codewright: ${result.message}`, ...actions).then((pick) => {
      if (pick === 'Set API Key') void vscode.commands.executeCommand('codewright.setApiKey');
      if (pick === 'Show Log') void vscode.commands.executeCommand('codewright.showLog');
    });
  }
  return result;
}

/** One sentence for the notification and the log. */
export function describe(result: ConnectionCheck, model: string): string {
  if (!result.ok) return result.message;
  const where = `${result.provider} (${result.baseURL}) answered in ${result.latencyMs} ms`;
  if (result.modelAvailable === false) {
    return `${where}, but does not list the model "${model}". Pick another model with Codewright: Select Model, or check the model name.`;
  }
  return `${where}; model ${model} is available.`;
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
