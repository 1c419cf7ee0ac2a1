// The editor tasks feature: Refactor, Explain, Add to Chat and Generate Tests on the selection, and the light bulb's
// Fix with Codewright. Each task runs the agent in a session of its own with progress in the editor.
import vscode = require('vscode');
import { registerCodeActions } from './codeActions';
import { registerInlineCommands, type ChatAccess } from './inlineCommands';
import { RecentInstructions } from './recentInstructions';
import type { TaskRunner } from './taskProgress';

export interface EditorTasksDeps {
  runner: TaskRunner;
  chat: ChatAccess;
}

export interface EditorTasksFeature {
  recent: RecentInstructions;
}

export function registerEditorTasks(context: vscode.ExtensionContext, deps: EditorTasksDeps): EditorTasksFeature {
  const recent = new RecentInstructions(context.globalState);
  context.subscriptions.push(
    ...registerInlineCommands({ runner: deps.runner, chat: deps.chat, recent }),
    ...registerCodeActions(deps.runner),
  );
  return { recent };
}
