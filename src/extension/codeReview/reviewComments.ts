// Review findings as VS Code comment threads, one per finding on its line, each with Fix and Dismiss in its title bar.
// A new review replaces the previous one's threads. Finding text is model output: rendered as untrusted Markdown.
import vscode = require('vscode');
import type { Finding } from '../../core/index';

export const REVIEW_CONTROLLER_ID = 'codewright.review';
/** The thread contextValue the Fix / Dismiss menu entries match. */
export const FINDING_CONTEXT = 'codewright.finding';

export interface PlacedFinding {
  finding: Finding;
  uri: vscode.Uri;
  thread: vscode.CommentThread;
}

const ICONS: Record<Finding['severity'], string> = { error: '$(error)', warning: '$(warning)', info: '$(info)' };

export class ReviewComments implements vscode.Disposable {
  readonly controller = vscode.comments.createCommentController(REVIEW_CONTROLLER_ID, 'Codewright Review');
  private placed: PlacedFinding[] = [];

  constructor() {
    this.controller.options = { prompt: 'Codewright review findings are read-only.', placeHolder: '' };
  }

  /** The threads on screen, in the order they were placed. */
  get findings(): readonly PlacedFinding[] {
    return this.placed;
  }

  /** Replaces the threads on screen with one per finding; paths are relative to `root`. A line past the end goes on the last line. */
  async show(root: vscode.Uri, findings: readonly Finding[]): Promise<PlacedFinding[]> {
    this.clear();
    for (const finding of findings) {
      const uri = vscode.Uri.joinPath(root, ...finding.path.split('/'));
      let lineCount: number;
      try {
        lineCount = (await vscode.workspace.openTextDocument(uri)).lineCount;
      } catch {
        continue;
      }
      const line = Math.min(finding.line, lineCount) - 1;
      const thread = this.controller.createCommentThread(uri, new vscode.Range(line, 0, line, 0), [comment(finding)]);
      thread.label = `${finding.severity}: ${finding.title}`;
      thread.canReply = false;
      thread.contextValue = FINDING_CONTEXT;
      thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
      this.placed.push({ finding, uri, thread });
    }
    return [...this.placed];
  }

  /** The finding behind a thread (what the Fix / Dismiss menu entries receive). */
  lookup(thread: unknown): PlacedFinding | undefined {
    return this.placed.find((p) => p.thread === thread);
  }

  /** Marks a fixed finding as resolved and collapses it. */
  resolve(placed: PlacedFinding): void {
    placed.thread.state = vscode.CommentThreadState.Resolved;
    placed.thread.collapsibleState = vscode.CommentThreadCollapsibleState.Collapsed;
  }

  dismiss(placed: PlacedFinding): void {
    placed.thread.dispose();
    this.placed = this.placed.filter((p) => p !== placed);
  }

  clear(): void {
    for (const p of this.placed) p.thread.dispose();
    this.placed = [];
  }

  dispose(): void {
    this.clear();
    this.controller.dispose();
  }
}

function comment(finding: Finding): vscode.Comment {
  // Untrusted and without HTML: VS Code renders the model's Markdown but its command links and markup do nothing.
  const body = new vscode.MarkdownString(undefined, true);
  body.isTrusted = false;
  body.supportHtml = false;
  body.appendMarkdown(`${ICONS[finding.severity]} **`).appendText(finding.title).appendMarkdown('**');
  if (finding.detail) body.appendMarkdown(`\n\n${finding.detail}`);
  return { body, mode: vscode.CommentMode.Preview, author: { name: 'Codewright' }, label: finding.severity };
}
