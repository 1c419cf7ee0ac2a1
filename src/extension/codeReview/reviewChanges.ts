// Review Changes: the repository's uncommitted diff (read with read-only git commands) goes to the model in a read-only
// task; its JSON findings come back as comment threads on the right lines, each with a Fix action that starts a task
// for that finding and a Dismiss action.
import path from 'node:path';
import vscode = require('vscode');
import type { ParsedFindings } from '../../core/index';
import { loadAgent } from '../agent/agentModule';
import { ReviewComments, type PlacedFinding } from './reviewComments';
import { fileAttachment, saveIfDirty, spanAround, workspacePathOf } from '../editorTasks/codeSpans';
import { findingFixPrompt, reviewPrompt } from '../editorTasks/editorPrompts';
import { CommandRefusal, refusalsShown } from '../editorTasks/commandRefusal';
import { runTaskWithProgress, type TaskReport, type TaskRunner } from '../editorTasks/taskProgress';

export interface CodeReviewResult {
  /** The repository reviewed. */
  root: string;
  placed: PlacedFinding[];
  /** Findings that did not fit the shape or pointed outside the changed files. */
  dropped: number;
}

export function reviewChangesCommands(runner: TaskRunner, comments: ReviewComments): vscode.Disposable[] {
  const finding = (thread: unknown): PlacedFinding => {
    const placed = comments.lookup(thread);
    if (!placed) throw new CommandRefusal('That finding is no longer shown; run Review Changes again.');
    return placed;
  };
  return [
    vscode.commands.registerCommand('codewright.reviewChanges', (target?: unknown) =>
      refusalsShown(() => reviewChanges(runner, comments, target)),
    ),
    vscode.commands.registerCommand('codewright.fixFinding', (thread?: unknown) =>
      refusalsShown(() => fixFinding(runner, comments, finding(thread))),
    ),
    vscode.commands.registerCommand('codewright.dismissFinding', (thread?: unknown) =>
      refusalsShown(async () => comments.dismiss(finding(thread))),
    ),
    vscode.commands.registerCommand('codewright.clearReviewComments', () => comments.clear()),
  ];
}

async function reviewChanges(runner: TaskRunner, comments: ReviewComments, target: unknown): Promise<CodeReviewResult | undefined> {
  const { FindingsError, GitError, matchToDiff, numberDiff, parseFindings, repositoryRoot, workingTreeChanges } = loadAgent();
  let root: string;
  let changes: Awaited<ReturnType<typeof workingTreeChanges>>;
  try {
    root = await repositoryRoot(folderFor(target));
    changes = await workingTreeChanges(root);
  } catch (error) {
    if (error instanceof GitError) throw new CommandRefusal(error.message);
    throw error;
  }
  const name = path.basename(root);
  if (changes.diff.trim() === '') {
    void vscode.window.showInformationMessage(`Codewright: ${name} has no uncommitted changes to review.`);
    return { root, placed: [], dropped: 0 };
  }
  const numbered = numberDiff(changes.diff);
  if (numbered.files.length === 0) {
    void vscode.window.showInformationMessage(
      `Codewright: the uncommitted changes in ${name} hold no text to review (only binary files, mode changes or renames).`,
    );
    return { root, placed: [], dropped: 0 };
  }
  const notes = [...changes.notes];
  if (numbered.withoutText)
    notes.push(
      `${numbered.withoutText} more file${numbered.withoutText === 1 ? '' : 's'} changed without text to review (binary files, mode changes or pure renames).`,
    );

  const report = await runTaskWithProgress(
    runner,
    { title: `Review changes in ${name}`, input: { text: reviewPrompt(numbered.text, root, notes) }, readOnly: true },
    { title: `Codewright: Review Changes in ${name} (${numbered.files.length} file${numbered.files.length === 1 ? '' : 's'})` },
  );
  if (report.outcome.reason !== 'completed') return undefined;

  let parsed: ParsedFindings;
  try {
    parsed = matchToDiff(parseFindings(report.text), numbered.files);
  } catch (error) {
    if (!(error instanceof FindingsError)) throw error;
    void vscode.window.showErrorMessage(`Codewright: ${error.message}`);
    return undefined;
  }
  const placed = await comments.show(vscode.Uri.file(root), parsed.findings);
  const dropped = parsed.dropped + parsed.findings.length - placed.length;
  void announce(name, numbered.files.length, placed, dropped);
  return { root, placed, dropped };
}

async function announce(name: string, fileCount: number, placed: readonly PlacedFinding[], dropped: number): Promise<void> {
  const left = dropped
    ? ` ${dropped} more finding${dropped === 1 ? '' : 's'} did not point at a changed line and ${dropped === 1 ? 'was' : 'were'} left out.`
    : '';
  if (placed.length === 0) {
    void vscode.window.showInformationMessage(
      `Codewright reviewed ${fileCount} changed file${fileCount === 1 ? '' : 's'} in ${name} and found nothing to report.${left}`,
    );
    return;
  }
  const files = new Set(placed.map((p) => p.uri.toString())).size;
  const pick = await vscode.window.showInformationMessage(
    `Codewright left ${placed.length} comment${placed.length === 1 ? '' : 's'} on ${files} file${files === 1 ? '' : 's'} in ${name}.${left}`,
    'Go to First',
  );
  if (pick === 'Go to First') {
    const first = placed[0]!;
    await vscode.window.showTextDocument(first.uri, { selection: first.thread.range, preview: false });
  }
}

/** A folder in the repository: the argument (a folder URI, or the Source Control view's repository), else the active file's, else the first workspace folder. */
function folderFor(target: unknown): string {
  if (target instanceof vscode.Uri && target.scheme === 'file') return target.fsPath;
  const rootUri = (target as { rootUri?: unknown } | undefined)?.rootUri;
  if (rootUri instanceof vscode.Uri && rootUri.scheme === 'file') return rootUri.fsPath;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && vscode.workspace.getWorkspaceFolder(active)) return path.dirname(active.fsPath);
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (!folder) throw new CommandRefusal('Open a folder under git to review its changes.');
  return folder.uri.fsPath;
}

async function fixFinding(runner: TaskRunner, comments: ReviewComments, placed: PlacedFinding): Promise<TaskReport | undefined> {
  const document = await vscode.workspace.openTextDocument(placed.uri);
  // The finding names a path in its repository; the agent's patches are relative to the workspace.
  const filePath = workspacePathOf(document);
  const line = (placed.thread.range?.start.line ?? placed.finding.line - 1) + 1;
  await saveIfDirty(document);
  const report = await runTaskWithProgress(
    runner,
    {
      title: `Fix finding at ${filePath}:${line}`,
      input: {
        text: findingFixPrompt({ ...placed.finding, path: filePath, line }, spanAround(document, filePath, line)),
        files: [fileAttachment(document, filePath)],
      },
    },
    { title: 'Codewright: Fix Finding', noEditMessage: (answer) => `Codewright changed nothing: ${answer}` },
  );
  if (report.edits.some((e) => e.outcome === 'completed')) comments.resolve(placed);
  return report;
}
