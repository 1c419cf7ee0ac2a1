// The agent feature: the one factory of core sessions, the runner of editor tasks, the status bar item (model and
// activity), the agent's events in the "Codewright" output channel, and Show Log. The core itself is loaded on first use.
import vscode = require('vscode');
import type { ConfigFeature } from '../config';
import { providerInfo } from '../config/providerConfig';
import { onSettingsChanged } from '../config/settings';
import type { TerminalFeature } from '../terminal';
import { AgentEvents } from './agentEvents';
import { AgentEventLog, loggingFetch } from './agentLog';
import { loadAgent } from './agentModule';
import { SessionFactory, sessionsDirectory, type SessionFactoryParts } from './sessionFactory';
import { AgentStatusBar } from './statusBar';
import { EditorTaskRunner } from './taskRunner';
import type { HostParts } from './vscodeHost';

export interface AgentDeps {
  log: vscode.LogOutputChannel;
  config: ConfigFeature;
  /** The diff review every proposed edit goes to. */
  review: HostParts['review'];
  terminal: TerminalFeature;
  /** Tools and instructions the project brings (MCP servers, AGENTS.md). */
  project?: Pick<SessionFactoryParts, 'functionTools' | 'instructions'>;
}

export interface AgentFeature {
  sessions: SessionFactory;
  /** Every event of the chat and of the editor tasks. */
  events: AgentEvents;
  tasks: EditorTaskRunner;
  status: AgentStatusBar;
}

export function registerAgent(context: vscode.ExtensionContext, deps: AgentDeps): AgentFeature {
  const { log, config } = deps;
  const sessions = new SessionFactory({
    sessionsDir: sessionsDirectory(context.globalStorageUri),
    dialects: config.dialects,
    agent: loadAgent,
    settings: config.settings,
    provider: config.provider,
    host: { review: deps.review, ...deps.terminal },
    fetch: loggingFetch(log),
    ...deps.project,
  });
  const events = new AgentEvents();
  const tasks = new EditorTaskRunner(sessions, events);
  const status = new AgentStatusBar({
    // With no model set the chat picks one from what the provider serves and says which; the status bar says it is automatic.
    model: () => config.settings().model || 'auto',
    ready: async () => providerInfo(config.settings(), (await config.keys.get()) !== undefined).hasApiKey,
  });
  const eventLog = new AgentEventLog(log);
  context.subscriptions.push(
    events,
    status,
    events.onDidEmit(({ source, event }) => {
      status.observe(source, event);
      eventLog.record(source, event);
    }),
    onSettingsChanged(() => void status.refreshKey()),
    config.keys.onDidChange(() => void status.refreshKey()),
    vscode.commands.registerCommand('codewright.showLog', () => log.show(true)),
  );
  return { sessions, events, tasks, status };
}
