// The chat feature: the sidebar view, the chat's session with its history, and the commands that open, start and
// stop it. What the editor commands need from the chat is handed out as ChatAccess.
import vscode = require('vscode');
import type { AgentEvents } from '../agent/agentEvents';
import { loadAgent } from '../agent/agentModule';
import type { SessionFactory } from '../agent/sessionFactory';
import type { ConfigFeature } from '../config';
import { onSettingsChanged } from '../config/settings';
import type { ChatAccess } from '../editorTasks/inlineCommands';
import { ChatContext } from './chatContext';
import { vscodeChatDialogs, type ChatDialogs } from './chatDialogs';
import { ChatHistory } from './chatHistory';
import { ChatSession, type ChatPort } from './chatSession';
import { ChatViewProvider } from './chatView';
import { CHAT_VIEW_ID } from './chatViewId';
import { chatMessageHandlers, dispatch, type EditActions, type WebviewHandlers } from './messageHandlers';

export interface ChatDeps {
  log: vscode.LogOutputChannel;
  config: ConfigFeature;
  sessions: SessionFactory;
  events: AgentEvents;
  edits: EditActions;
}

export interface ChatFeature {
  view: ChatViewProvider;
  session: ChatSession;
  history: ChatHistory;
  /** What the editor commands use to attach a selection or ask in the chat. */
  access: ChatAccess;
}

export function registerChat(context: vscode.ExtensionContext, deps: ChatDeps): ChatFeature {
  const { log, config } = deps;
  const view = new ChatViewProvider(context.extensionUri, config.keys, log, {
    agent: loadAgent,
    provider: config.provider,
    cacheFile: config.modelsCacheFile,
    // The session is built just below; the view asks only once the page is up.
    dialect: () => session.dialect,
  });
  const editorContext = new ChatContext((selection) => view.post({ type: 'selection', selection }));
  const parts = { ...deps, state: context.workspaceState, view, context: editorContext, dialogs: vscodeChatDialogs };
  const { session, history, handlers } = buildChat(parts);
  const access: ChatAccess = {
    attach: async (selection) => {
      await view.reveal();
      view.postWhenReady({ type: 'selection', selection });
    },
    ask: async (text, selection) => {
      await view.reveal();
      const model = await view.currentModel();
      await session.send({ type: 'send', text, files: [], selection, images: [], model, effort: config.settings().reasoningEffort });
    },
    get busy() {
      return session.running;
    },
  };

  context.subscriptions.push(
    view,
    editorContext,
    session,
    view.onDidReceiveMessage((message) => void dispatch(handlers, message, log)),
    onSettingsChanged(() => view.settingsChanged()),
    vscode.commands.registerCommand('codewright.openChat', () => vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`)),
    vscode.commands.registerCommand('codewright.newChat', async () => {
      await view.reveal();
      session.newChat();
    }),
    vscode.commands.registerCommand('codewright.showHistory', async () => {
      await view.reveal();
      view.postWhenReady({ type: 'show_history' });
    }),
    vscode.commands.registerCommand('codewright.stop', () => session.stop()),
  );
  return { view, session, history, access };
}

export interface ChatParts {
  log: vscode.LogOutputChannel;
  sessions: SessionFactory;
  events: AgentEvents;
  edits: EditActions;
  /** Per-workspace memory of the current session, so a reload reopens it. */
  state: vscode.Memento;
  view: ChatPort;
  context: ChatContext;
  dialogs: ChatDialogs;
}

/** The chat's session, its history and the handlers of the page's messages, over one view (a window reload builds anew). */
export function buildChat(parts: ChatParts): { session: ChatSession; history: ChatHistory; handlers: WebviewHandlers } {
  const inform = (message: string) => void vscode.window.showInformationMessage(message);
  const setRunning = (running: boolean) => void vscode.commands.executeCommand('setContext', 'codewright.running', running);
  const session = new ChatSession({ ...parts, inform, setRunning });
  const history = new ChatHistory({ ...parts, chat: session });
  const handlers = chatMessageHandlers({ ...parts, chat: session, history });
  return { session, history, handlers };
}
