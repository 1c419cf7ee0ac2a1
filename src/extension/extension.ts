// Composition root: builds the extension's parts and wires them together. No logic of its own lives here.
import * as vscode from 'vscode';
import { AgentController, sessionsDirectory } from './agentController';
import { loggingFetch } from './agentLog';
import { ApiKeyStore } from './apiKey';
import { ChatContext } from './chatContext';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatView';
import { addToAllowlist, approveCommandsInModal } from './commandApproval';
import { EditorFeatures, registerEditorFeatures } from './editorFeatures';
import { registerReview, ReviewFeature } from './reviewCommands';
import { onSettingsChanged } from './settings';
import { TerminalRunner } from './terminal';

/** Handed to the integration tests only (extension mode Test); the product exposes no API. */
export interface TestApi {
  chat: ChatViewProvider;
  keys: ApiKeyStore;
  review: ReviewFeature;
  agent: AgentController;
  editor: EditorFeatures;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = vscode.window.createOutputChannel('Codewright', { log: true });
  const keys = new ApiKeyStore(context.secrets);
  const chat = new ChatViewProvider(context.extensionUri, keys, log);
  const review = registerReview(context, { log });
  const terminal = new TerminalRunner({ log: (m) => log.info(m) });
  const editorContext = new ChatContext((selection) => chat.post({ type: 'selection', selection }));
  const agent = new AgentController({
    sessionsDir: sessionsDirectory(context.globalStorageUri),
    keys,
    log,
    state: context.workspaceState,
    view: chat,
    context: editorContext,
    edits: review.manager,
    host: { review: review.manager, runner: terminal, approveInModal: approveCommandsInModal, addToAllowlist },
    fetch: loggingFetch(log),
  });
  const editor = registerEditorFeatures({ context, agent, chat, keys, log });

  context.subscriptions.push(
    log,
    chat,
    terminal,
    editorContext,
    agent,
    chat.onDidReceiveMessage((message) => agent.handle(message)),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, chat, { webviewOptions: { retainContextWhenHidden: false } }),
    onSettingsChanged(() => chat.settingsChanged()),
    vscode.commands.registerCommand('codewright.openChat', () => vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`)),
    vscode.commands.registerCommand('codewright.newChat', async () => {
      await chat.reveal();
      agent.newChat();
    }),
    vscode.commands.registerCommand('codewright.showHistory', async () => {
      await chat.reveal();
      chat.postWhenReady({ type: 'show_history' });
    }),
    vscode.commands.registerCommand('codewright.stop', () => agent.stop()),
    vscode.commands.registerCommand('codewright.clearApiKey', async () => {
      await keys.clear();
      void vscode.window.showInformationMessage('Codewright: API key removed from secret storage.');
    }),
  );

  return context.extensionMode === vscode.ExtensionMode.Test ? { chat, keys, review, agent, editor } : undefined;
}

export function deactivate(): void {}
