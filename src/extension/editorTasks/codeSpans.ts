// The code the editor commands send: a selection widened to whole lines, the lines around a problem, and the whole
// file, always from a file inside the workspace (the agent edits nothing else) and saved first, so the patch the model
// writes against the attached text also fits the file on disk.
import vscode = require('vscode');
import { MAX_ATTACHMENT_CHARS } from '../chat/chatContext';
import { CommandRefusal } from './commandRefusal';
import { surroundingRange, type CodeSpan } from './editorPrompts';

/** The workspace-relative path of a document the agent may edit; a sentence when it is outside the workspace. */
export function workspacePathOf(document: vscode.TextDocument): string {
  if (document.uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(document.uri)) {
    throw new CommandRefusal(
      `${document.uri.scheme === 'file' ? document.fileName : 'This editor'} is not a file inside the open workspace, and Codewright only edits workspace files. Open its folder first.`,
    );
  }
  return vscode.workspace.asRelativePath(document.uri, false);
}

/** The editor's selection widened to whole lines; a selection ending at the start of a line leaves that line out. */
export function selectionSpan(editor: vscode.TextEditor, path: string): CodeSpan {
  const { start, end } = editor.selection;
  const last = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  return spanOf(editor.document, path, start.line + 1, last + 1);
}

/** Lines `startLine`..`endLine` (1-based, inclusive) with a margin around them, clamped to the file. */
export function spanAround(document: vscode.TextDocument, path: string, startLine: number, endLine = startLine): CodeSpan {
  // A file ending in a line break has an empty last "line" in VS Code's count; it is no code to quote.
  const lines = document.lineCount > 1 && document.lineAt(document.lineCount - 1).text === '' ? document.lineCount - 1 : document.lineCount;
  const range = surroundingRange(startLine, lines, endLine);
  return spanOf(document, path, range.startLine, range.endLine);
}

export function spanOf(document: vscode.TextDocument, path: string, startLine: number, endLine: number): CodeSpan {
  const first = Math.max(0, Math.min(document.lineCount - 1, startLine - 1));
  const last = Math.max(first, Math.min(document.lineCount - 1, endLine - 1));
  const text = document.getText(new vscode.Range(first, 0, last, document.lineAt(last).text.length));
  return { path, startLine: first + 1, endLine: last + 1, text, languageId: document.languageId };
}

/** The whole file as an attachment (cut, with a note, past the chat's attachment limit). */
export function fileAttachment(document: vscode.TextDocument, path: string): { path: string; content: string } {
  const text = document.getText();
  if (text.length <= MAX_ATTACHMENT_CHARS) return { path, content: text };
  return {
    path,
    content: `${text.slice(0, MAX_ATTACHMENT_CHARS)}\n[… ${path} continues for another ${text.length - MAX_ATTACHMENT_CHARS} characters, left out]`,
  };
}

/** Saves unsaved changes, since proposals are computed from the file on disk; a sentence when VS Code could not save. */
export async function saveIfDirty(document: vscode.TextDocument): Promise<void> {
  if (document.isDirty && !(await document.save())) {
    throw new CommandRefusal(
      `${vscode.workspace.asRelativePath(document.uri, false)} has unsaved changes that VS Code could not save; save it, then try again.`,
    );
  }
}
