// The chat feature: the sidebar view, the chat's session with its history, and the commands that open, start and
// stop it. What the editor commands need from the chat is handed out as ChatAccess.
import * as vscode from 'vscode';
import { AgentController, sessionsDirectory } from '../agent/agentController';
import { loggingFetch } from '../agent/agentLog';
import type { ConfigFeature } from '../config';
import { onSettingsChanged } from '../config/settings';
import type { ReviewManager } from '../editReview/reviewManager';
import type { ChatAccess } from '../editorTasks/inlineCommands';
import type { TerminalFeature } from '../terminal';
import { ChatContext } from './chatContext';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatView';

export interface ChatDeps {
  log: vscode.LogOutputChannel;
  config: ConfigFeature;
  review: ReviewManager;
  terminal: TerminalFeature;
}

export interface ChatFeature {
  view: ChatViewProvider;
  agent: AgentController;
  /** What the editor commands use to attach a selection or ask in the chat. */
  access: ChatAccess;
}

export function registerChat(context: vscode.ExtensionContext, deps: ChatDeps): ChatFeature {
  const { log, config, review, terminal } = deps;
  const view = new ChatViewProvider(context.extensionUri, config.keys, log);
  const editorContext = new ChatContext((selection) => view.post({ type: 'selection', selection }));
  const agent = new AgentController({
    sessionsDir: sessionsDirectory(context.globalStorageUri),
    provider: config.provider,
    log,
    state: context.workspaceState,
    view,
    context: editorContext,
    edits: review,
    host: { review, ...terminal },
    fetch: loggingFetch(log),
  });
  const access: ChatAccess = {
    attach: async (selection) => {
      await view.reveal();
      view.postWhenReady({ type: 'selection', selection });
    },
    ask: async (text, selection) => {
      await view.reveal();
      const { model, reasoningEffort } = config.settings();
      await agent.send({ type: 'send', text, files: [], selection, images: [], model, effort: reasoningEffort });
    },
    get busy() {
      return agent.running;
    },
  };

  context.subscriptions.push(
    view,
    editorContext,
    agent,
    view.onDidReceiveMessage((message) => agent.handle(message)),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    onSettingsChanged(() => view.settingsChanged()),
    vscode.commands.registerCommand('codewright.openChat', () => vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`)),
    vscode.commands.registerCommand('codewright.newChat', async () => {
      await view.reveal();
      agent.newChat();
    }),
    vscode.commands.registerCommand('codewright.showHistory', async () => {
      await view.reveal();
      view.postWhenReady({ type: 'show_history' });
    }),
    vscode.commands.registerCommand('codewright.stop', () => agent.stop()),
  );
  return { view, agent, access };
}
