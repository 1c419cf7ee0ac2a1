// Composition root: builds each feature and hands it what it needs from the others. No logic of its own lives here.
// Bundled apart (dist/features.js) and loaded by the entry points in extension.ts on first use, so activating the
// extension costs only those entry points.
import vscode = require('vscode');
import { registerAgent, type AgentFeature } from '../agent';
import { registerChat, type ChatFeature } from '../chat';
import { showInstructionsInChat } from '../chat/instructionsLine';
import { askMcpInChat } from '../chat/mcpApprovalCards';
import { registerCheckpoints, type CheckpointsFeature } from '../checkpoints';
import { registerCodeReview, type CodeReviewFeature } from '../codeReview';
import { registerConfig, type ConfigFeature } from '../config';
import { registerEditorTasks, type EditorTasksFeature } from '../editorTasks';
import { registerEditReview, type ReviewFeature } from '../editReview';
import { loadAgent } from '../agent/agentModule';
import { registerInstructions, type InstructionsFeature } from '../instructions';
import { registerMcp, type McpFeature } from '../mcp';
import { registerTerminal } from '../terminal';

/** Every feature, composed; the integration tests reach them as the extension's API (extension mode Test only). */
export interface Features {
  config: ConfigFeature;
  chat: ChatFeature;
  review: ReviewFeature;
  agent: AgentFeature;
  editorTasks: EditorTasksFeature;
  codeReview: CodeReviewFeature;
  mcp: McpFeature;
  instructions: InstructionsFeature;
  checkpoints: CheckpointsFeature;
  /** The folder the "Codewright" output channel's log file is written to. */
  logFolder: vscode.Uri;
}

export function composeFeatures(context: vscode.ExtensionContext): Features {
  const log = vscode.window.createOutputChannel('Codewright', { log: true });
  context.subscriptions.push(log);
  const config = registerConfig(context, { log });
  const review = registerEditReview(context, { log });
  const terminal = registerTerminal(context, { log });
  const mcp = registerMcp(context, { log, agent: loadAgent });
  const instructions = registerInstructions(context, { log, agent: loadAgent });
  const project = { functionTools: mcp.servers.tools, instructions: instructions.source };
  const agent = registerAgent(context, { log, config, review: review.manager, terminal, project });
  const chat = registerChat(context, { log, config, sessions: agent.sessions, events: agent.events, edits: review.manager });
  context.subscriptions.push(showInstructionsInChat(chat.view, instructions, log), askMcpInChat(chat.view, mcp.approvals));
  const editorTasks = registerEditorTasks(context, { runner: agent.tasks, chat: chat.access });
  const checkpoints = registerCheckpoints(context, {
    log,
    sessions: agent.sessions,
    currentSession: () => chat.session.currentSessionId,
    chatMessages: chat.view.onDidReceiveMessage,
    chatEntries: () => chat.session.entries,
    rewindChat: (id) => chat.session.rewindTo(id),
    onChatRewind: (listener) => chat.session.onDidRewind(listener),
  });
  const codeReview = registerCodeReview(context, { runner: agent.tasks });
  return { config, chat, review, agent, editorTasks, codeReview, checkpoints, mcp, instructions, logFolder: context.logUri };
}
