// Composition root: builds the extension's parts and wires them together. No logic of its own lives here.
import * as vscode from 'vscode';
import { ApiKeyStore, promptForApiKey } from './apiKey';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatView';
import { registerReview, ReviewFeature } from './reviewCommands';
import { onSettingsChanged } from './settings';

/** Handed to the integration tests only (extension mode Test); the product exposes no API. */
export interface TestApi {
  chat: ChatViewProvider;
  keys: ApiKeyStore;
  review: ReviewFeature;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = vscode.window.createOutputChannel('Codewright', { log: true });
  const keys = new ApiKeyStore(context.secrets);
  const chat = new ChatViewProvider(context.extensionUri, keys, log);
  const review = registerReview(context, { log });

  context.subscriptions.push(
    log,
    chat,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, chat, { webviewOptions: { retainContextWhenHidden: false } }),
    onSettingsChanged(() => chat.settingsChanged()),
    vscode.commands.registerCommand('codewright.openChat', () => vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`)),
    vscode.commands.registerCommand('codewright.setApiKey', () => promptForApiKey(keys)),
    vscode.commands.registerCommand('codewright.clearApiKey', async () => {
      await keys.clear();
      void vscode.window.showInformationMessage('Codewright: API key removed from secret storage.');
    }),
  );

  return context.extensionMode === vscode.ExtensionMode.Test ? { chat, keys, review } : undefined;
}

export function deactivate(): void {}
