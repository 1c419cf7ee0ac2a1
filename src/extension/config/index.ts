// The configuration feature: settings, the API key in secret storage (and the way out of `npm start`'s demo), Select Model
// and Check Connection.
import vscode = require('vscode');
import type { ProviderConfig } from '../../core/index';
import { loadAgent } from '../agent/agentModule';
import { ApiKeyStore, promptForApiKey } from './apiKey';
import { checkConnection, keyValidator, type ConnectionParts } from './connectionCheck';
import { openAiKeyChecker, promptForOpenAiKey } from './demoMode';
import { dialectsFile, SharedDialectMemory } from './dialectMemory';
import { selectModel } from './modelPicker';
import { configuredProvider } from './providerConfig';
import { readSettings, type Settings } from './settings';

export interface ConfigFeature {
  keys: ApiKeyStore;
  /** The settings as they are now; an invalid value falls back to its default and is logged. */
  settings(): Settings;
  /** The provider as the next request would use it (settings plus the stored key). */
  provider(): Promise<ProviderConfig>;
  connection: ConnectionParts;
  /** The endpoints' remembered tool dialects, shared by the sessions and Check Connection. */
  dialects: SharedDialectMemory;
  /** Where the provider's served-model lists are cached, for Select Model and the chat. */
  modelsCacheFile: string;
}

export function registerConfig(context: vscode.ExtensionContext, deps: { log: vscode.LogOutputChannel }): ConfigFeature {
  const { log } = deps;
  const keys = new ApiKeyStore(context.secrets);
  const settings = () => readSettings((m) => log.warn(m));
  const provider = () => configuredProvider(settings(), keys);
  const dialects = new SharedDialectMemory(loadAgent, dialectsFile(context.globalStorageUri));
  const connection: ConnectionParts = {
    provider,
    model: () => settings().model,
    dialect: () => settings()['provider.dialect'],
    dialects,
    agent: loadAgent,
    log,
  };
  const modelsCacheFile = vscode.Uri.joinPath(context.globalStorageUri, 'models.json').fsPath;
  context.subscriptions.push(
    vscode.commands.registerCommand('codewright.checkConnection', () => checkConnection(connection)),
    vscode.commands.registerCommand('codewright.selectModel', (model?: unknown) =>
      selectModel({ provider, agent: loadAgent, cacheFile: modelsCacheFile }, model),
    ),
    vscode.commands.registerCommand('codewright.setApiKey', () =>
      settings()['provider.demo']
        ? promptForOpenAiKey(keys, openAiKeyChecker(loadAgent, log))
        : promptForApiKey(keys, keyValidator(connection)),
    ),
    vscode.commands.registerCommand('codewright.clearApiKey', async () => {
      await keys.clear();
      void vscode.window.showInformationMessage('Codewright: API key removed from secret storage.');
    }),
  );
  return { keys, settings, provider, connection, dialects, modelsCacheFile };
}
