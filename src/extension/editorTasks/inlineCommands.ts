// The commands that start from the editor: Refactor Selection (an instruction, then a diff to review), Explain Selection
// and Add Selection to Chat (the chat opens with the selection attached), and Generate Tests for the active file.
import vscode = require('vscode');
import type { SelectionRef } from '../../shared/protocol';
import { fileAttachment, saveIfDirty, selectionSpan, workspacePathOf } from './codeSpans';
import { CommandRefusal, refusalsShown } from './commandRefusal';
import { explainPrompt, refactorPrompt, testsPrompt } from './editorPrompts';
import { askInstruction } from './instructionInput';
import type { RecentInstructions } from './recentInstructions';
import { runTaskWithProgress, type TaskReport, type TaskRunner } from './taskProgress';

/** What these commands need from the chat. */
export interface ChatAccess {
  /** Opens the chat with the selection as its context chip. */
  attach(selection: SelectionRef): Promise<void>;
  /** Opens the chat and sends `text` with the selection attached, so the answer streams there. */
  ask(text: string, selection: SelectionRef): Promise<void>;
  /** True while the chat's agent is answering (a new message would not be sent). */
  readonly busy: boolean;
}

export interface InlineParts {
  runner: TaskRunner;
  chat: ChatAccess;
  recent: RecentInstructions;
}

export const REFACTOR_COMMAND = 'codewright.refactorSelection';

export function registerInlineCommands(parts: InlineParts): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(REFACTOR_COMMAND, (instruction?: unknown) =>
      refusalsShown(() => refactorSelection(parts, instruction)),
    ),
    vscode.commands.registerCommand('codewright.explainSelection', () => refusalsShown(() => explainSelection(parts))),
    vscode.commands.registerCommand('codewright.addSelectionToChat', () => refusalsShown(() => addSelectionToChat(parts))),
    vscode.commands.registerCommand('codewright.generateTests', () => refusalsShown(() => generateTests(parts))),
  ];
}

/**
 * `instruction`: given by a test, a keybinding's args or the code action; from the editor's context menu VS Code passes
 * the document's URI instead, and the user is asked.
 */
async function refactorSelection(parts: InlineParts, instruction: unknown): Promise<TaskReport | undefined> {
  const editor = selectedEditor('refactor');
  const path = workspacePathOf(editor.document);
  const span = selectionSpan(editor, path);
  const given = typeof instruction === 'string' && instruction.trim() ? instruction.trim() : undefined;
  const chosen = given ?? (await askInstruction(parts.recent, `Codewright: Refactor ${path}:${span.startLine}-${span.endLine}`));
  if (!chosen) return undefined;
  await parts.recent.remember(chosen);
  await saveIfDirty(editor.document);
  return runTaskWithProgress(
    parts.runner,
    {
      title: `Refactor ${path}:${span.startLine}-${span.endLine}`,
      input: { text: refactorPrompt(chosen, span), files: [fileAttachment(editor.document, path)] },
    },
    { title: 'Codewright: Refactor Selection', noEditMessage: (answer) => `Codewright proposed no change: ${answer}` },
  );
}

async function explainSelection(parts: InlineParts): Promise<void> {
  const editor = selectedEditor('explain');
  const selection = selectionRef(editor, workspacePathOf(editor.document));
  if (parts.chat.busy) {
    void vscode.window.showInformationMessage(
      'Codewright is still answering in the chat. Wait for it, or press Stop, then run Explain Selection again.',
    );
    return;
  }
  await parts.chat.ask(explainPrompt(selection), selection);
}

async function addSelectionToChat(parts: InlineParts): Promise<void> {
  const editor = selectedEditor('add to the chat');
  await parts.chat.attach(selectionRef(editor, workspacePathOf(editor.document)));
}

async function generateTests(parts: InlineParts): Promise<TaskReport | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new CommandRefusal('Open the file to write tests for, then run Generate Tests again.');
  const path = workspacePathOf(editor.document);
  await saveIfDirty(editor.document);
  return runTaskWithProgress(
    parts.runner,
    {
      title: `Generate tests for ${path}`,
      input: { text: testsPrompt(path, editor.document.languageId), files: [fileAttachment(editor.document, path)] },
    },
    { title: `Codewright: Generate Tests for ${path}`, noEditMessage: (answer) => `Codewright wrote no tests: ${answer}` },
  );
}

function selectedEditor(action: string): vscode.TextEditor {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new CommandRefusal(`Open a file and select the code to ${action}, then try again.`);
  if (editor.selection.isEmpty) throw new CommandRefusal(`Select the code to ${action} first, then try again.`);
  return editor;
}

function selectionRef(editor: vscode.TextEditor, path: string): SelectionRef {
  const span = selectionSpan(editor, path);
  return { path, startLine: span.startLine, endLine: span.endLine };
}
