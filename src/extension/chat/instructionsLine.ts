// The chat's "Instructions:" line: the AGENTS.md files each turn used go to the page as the turn starts, and a click
// on one opens it, but only a file the last turn really used (the page's message names a path, which is not trusted).
import vscode = require('vscode');
import type { InstructionFile } from '../../core/index';
import { errorText } from '../../shared/errorText';
import type { WebviewMessage } from '../../shared/protocol';
import type { ChatViewProvider } from './chatView';

type LineView = Pick<ChatViewProvider, 'post' | 'onDidReceiveMessage'>;

export interface InstructionsSource {
  readonly lastFiles: readonly InstructionFile[];
  readonly onDidLoad: vscode.Event<readonly InstructionFile[]>;
}

export function showInstructionsInChat(view: LineView, instructions: InstructionsSource, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    instructions.onDidLoad((files) => {
      if (files.length > 0)
        view.post({ type: 'instructions_used', files: files.map(({ path, label, truncated }) => ({ path, label, truncated })) });
    }),
    view.onDidReceiveMessage((message: WebviewMessage) => {
      if (message.type !== 'open_instruction_file') return;
      if (!instructions.lastFiles.some((file) => file.path === message.path)) {
        log.warn("Did not open a file from the chat's instructions line: the last turn did not use it.");
        return;
      }
      vscode.window.showTextDocument(vscode.Uri.file(message.path), { preview: true }).then(undefined, (error: unknown) => {
        log.error(`Could not open the instruction file ${message.path}: ${errorText(error)}`);
      });
    }),
  );
}
