// The agent feature as the user sees it: the status bar item (model and activity), the agent's events in the
// "Codewright" output channel, and Show Log. The core itself is loaded on first use through agentModule.
import * as vscode from 'vscode';
import type { ConfigFeature } from '../config';
import { providerInfo } from '../config/providerConfig';
import { onSettingsChanged } from '../config/settings';
import type { SourcedEvent } from './agentController';
import { AgentEventLog } from './agentLog';
import { AgentStatusBar } from './statusBar';

export interface AgentDeps {
  log: vscode.LogOutputChannel;
  config: ConfigFeature;
  /** Every event of the chat and of the editor tasks. */
  events: vscode.Event<SourcedEvent>;
}

export interface AgentFeature {
  status: AgentStatusBar;
}

export function registerAgent(context: vscode.ExtensionContext, deps: AgentDeps): AgentFeature {
  const { log, config } = deps;
  const status = new AgentStatusBar({
    model: () => config.settings().model,
    ready: async () => providerInfo(config.settings(), (await config.keys.get()) !== undefined).hasApiKey,
  });
  const events = new AgentEventLog(log);
  context.subscriptions.push(
    status,
    deps.events(({ source, event }) => {
      status.observe(source, event);
      events.record(source, event);
    }),
    onSettingsChanged(() => void status.refreshKey()),
    config.keys.onDidChange(() => void status.refreshKey()),
    vscode.commands.registerCommand('codewright.showLog', () => log.show(true)),
  );
  return { status };
}
