// Wires the editor side of Codewright from the composition root: the inline commands, the light bulb, Review Changes
// with its comments, the status bar item, Check Connection, Select Model, the validated Set API Key, and the agent's
// events into the output channel. One call from extension.ts.
import * as vscode from 'vscode';
import type { AgentController } from './agentController';
import { AgentEventLog } from './agentLog';
import { loadAgent } from './agentModule';
import { promptForApiKey, type ApiKeyStore } from './apiKey';
import { providerInfo, type ChatViewProvider } from './chatView';
import { registerCodeActions } from './codeActions';
import { registerCodeReview } from './codeReview';
import { ReviewComments } from './codeReviewComments';
import { checkConnection, keyValidator, type ConnectionParts } from './connectionCheck';
import { registerInlineCommands, type ChatAccess } from './inlineCommands';
import { selectModel } from './modelPicker';
import { RecentInstructions } from './recentInstructions';
import { onSettingsChanged, readSettings } from './settings';
import { AgentStatusBar } from './statusBar';

export interface EditorParts {
  context: vscode.ExtensionContext;
  agent: AgentController;
  chat: ChatViewProvider;
  keys: ApiKeyStore;
  log: vscode.LogOutputChannel;
}

/** Handed to the integration tests through the TestApi. */
export interface EditorFeatures {
  status: AgentStatusBar;
  comments: ReviewComments;
  recent: RecentInstructions;
  connection: ConnectionParts;
  /** The folder the "Codewright" output channel's log file is written to. */
  logFolder: vscode.Uri;
}

export function registerEditorFeatures(parts: EditorParts): EditorFeatures {
  const { context, agent, chat, keys, log } = parts;
  const settings = () => readSettings((m) => log.warn(m));
  const status = new AgentStatusBar({
    model: () => settings().model,
    ready: async () => providerInfo(settings(), (await keys.get()) !== undefined).hasApiKey,
  });
  const events = new AgentEventLog(log);
  const comments = new ReviewComments();
  const recent = new RecentInstructions(context.globalState);
  const connection: ConnectionParts = { provider: () => agent.provider(), model: () => settings().model, agent: loadAgent, log };
  const chatAccess: ChatAccess = {
    attach: async (selection) => {
      await chat.reveal();
      chat.postWhenReady({ type: 'selection', selection });
    },
    ask: async (text, selection) => {
      await chat.reveal();
      const { model, reasoningEffort } = settings();
      await agent.send({ type: 'send', text, files: [], selection, images: [], model, effort: reasoningEffort });
    },
    get busy() {
      return agent.running;
    },
  };

  context.subscriptions.push(
    status,
    comments,
    agent.onDidEmit(({ source, event }) => {
      status.observe(source, event);
      events.record(source, event);
    }),
    onSettingsChanged(() => void status.refreshKey()),
    keys.onDidChange(() => void status.refreshKey()),
    ...registerInlineCommands({ runner: agent, chat: chatAccess, recent }),
    ...registerCodeActions(agent),
    ...registerCodeReview(agent, comments),
    vscode.commands.registerCommand('codewright.checkConnection', () => checkConnection(connection)),
    vscode.commands.registerCommand('codewright.selectModel', (model?: unknown) => selectModel(model)),
    vscode.commands.registerCommand('codewright.setApiKey', () => promptForApiKey(keys, keyValidator(connection))),
    vscode.commands.registerCommand('codewright.showLog', () => log.show(true)),
  );
  return { status, comments, recent, connection, logFolder: context.logUri };
}
