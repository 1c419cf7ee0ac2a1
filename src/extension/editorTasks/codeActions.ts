// The light bulb: "Fix with Codewright" on a diagnostic (a quick fix) and "Refactor with Codewright" on a selection (a
// rewrite). The fix sends the diagnostic's message, position and the code around it, and comes back as a diff to review.
import vscode = require('vscode');
import { fileAttachment, saveIfDirty, spanAround, workspacePathOf } from './codeSpans';
import { fixPrompt, type ProblemReport } from './editorPrompts';
import { REFACTOR_COMMAND } from './inlineCommands';
import { CommandRefusal, refusalsShown } from './commandRefusal';
import { runTaskWithProgress, type TaskReport, type TaskRunner } from './taskProgress';

export const FIX_COMMAND = 'codewright.fixProblem';
/** More fixes than this on one spot would only crowd the light bulb menu. */
const MAX_FIXES = 3;

export class CodewrightCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite],
  };

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (document.uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(document.uri)) return [];
    const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);
    const actions: vscode.CodeAction[] = [];
    if (wants(vscode.CodeActionKind.QuickFix)) {
      const problems = context.diagnostics.filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint).slice(0, MAX_FIXES);
      for (const diagnostic of problems) {
        const action = new vscode.CodeAction(`Fix with Codewright: ${short(diagnostic.message)}`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = { command: FIX_COMMAND, title: 'Fix with Codewright', arguments: [document.uri, diagnostic] };
        actions.push(action);
      }
    }
    if (!range.isEmpty && wants(vscode.CodeActionKind.RefactorRewrite)) {
      const action = new vscode.CodeAction('Refactor with Codewright…', vscode.CodeActionKind.RefactorRewrite);
      action.command = { command: REFACTOR_COMMAND, title: 'Refactor with Codewright' };
      actions.push(action);
    }
    return actions;
  }
}

export function registerCodeActions(runner: TaskRunner): vscode.Disposable[] {
  return [
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new CodewrightCodeActions(), CodewrightCodeActions.metadata),
    vscode.commands.registerCommand(FIX_COMMAND, (uri?: unknown, diagnostic?: unknown) =>
      refusalsShown(() => fixProblem(runner, uri, diagnostic)),
    ),
  ];
}

/** From the light bulb: the document and the diagnostic. From the palette: the problem at the cursor, picked if several. */
async function fixProblem(runner: TaskRunner, uri: unknown, given: unknown): Promise<TaskReport | undefined> {
  const target = uri instanceof vscode.Uri && given instanceof vscode.Diagnostic ? { uri, diagnostic: given } : await problemAtCursor();
  if (!target) return undefined;
  const document = await vscode.workspace.openTextDocument(target.uri);
  const path = workspacePathOf(document);
  const { diagnostic } = target;
  const line = diagnostic.range.start.line + 1;
  const problem: ProblemReport = {
    message: diagnostic.message,
    line,
    column: diagnostic.range.start.character + 1,
    severity: SEVERITY[diagnostic.severity],
    ...(diagnostic.source ? { source: diagnostic.source } : {}),
    ...(diagnostic.code !== undefined
      ? { code: String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code) }
      : {}),
    related: (diagnostic.relatedInformation ?? []).slice(0, 5).map((r) => ({
      path: vscode.workspace.asRelativePath(r.location.uri, false),
      line: r.location.range.start.line + 1,
      message: r.message,
    })),
  };
  await saveIfDirty(document);
  return runTaskWithProgress(
    runner,
    {
      title: `Fix ${path}:${line}`,
      input: {
        text: fixPrompt(problem, spanAround(document, path, line, diagnostic.range.end.line + 1)),
        files: [fileAttachment(document, path)],
      },
    },
    { title: 'Codewright: Fix Problem', noEditMessage: (answer) => `Codewright proposed no fix: ${answer}` },
  );
}

async function problemAtCursor(): Promise<{ uri: vscode.Uri; diagnostic: vscode.Diagnostic } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new CommandRefusal('Open the file with the problem and put the cursor on it, then run Fix Problem again.');
  const { uri } = editor.document;
  const cursor = editor.selection.active;
  const all = vscode.languages.getDiagnostics(uri).filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint);
  const here = all.filter((d) => d.range.contains(cursor) || d.range.start.line === cursor.line);
  const candidates = here.length ? here : all;
  if (candidates.length === 0) throw new CommandRefusal('There is no problem reported in this file to fix.');
  if (candidates.length === 1) return { uri, diagnostic: candidates[0]! };
  const picked = await vscode.window.showQuickPick(
    candidates.map((diagnostic) => ({
      label: short(diagnostic.message),
      description: `line ${diagnostic.range.start.line + 1}${diagnostic.source ? ` · ${diagnostic.source}` : ''}`,
      diagnostic,
    })),
    { title: 'Codewright: Fix Problem', placeHolder: 'Which problem should be fixed?' },
  );
  return picked ? { uri, diagnostic: picked.diagnostic } : undefined;
}

const SEVERITY: Record<vscode.DiagnosticSeverity, ProblemReport['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function short(message: string): string {
  const line = message.split('\n', 1)[0]!.trim();
  return line.length <= 60 ? line : `${line.slice(0, 59)}…`;
}
