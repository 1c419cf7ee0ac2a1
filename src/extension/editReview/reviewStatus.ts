// The status bar item counting pending edits (hidden at zero) and the explorer marks on the files they touch, kept in
// step with the review manager.
import vscode = require('vscode');
import type { PendingEdit, ReviewManager } from './reviewManager';
import { PendingEditDecorations } from './reviewDecorations';

export const SHOW_PENDING_COMMAND = 'codewright.showPendingEdits';

const KIND_TEXT: Record<PendingEdit['kind'], string> = {
  create_file: 'create',
  update_file: 'edit',
  delete_file: 'delete',
};

export function describeEdit(edit: PendingEdit): string {
  return edit.moveTo ? 'move and edit' : KIND_TEXT[edit.kind];
}

export class PendingEditSignals implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('codewright.pendingEdits', vscode.StatusBarAlignment.Left, 100);
  readonly decorations = new PendingEditDecorations();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly review: ReviewManager) {
    this.item.name = 'Codewright Pending Edits';
    this.item.command = SHOW_PENDING_COMMAND;
    this.disposables = [
      this.item,
      this.decorations,
      vscode.window.registerFileDecorationProvider(this.decorations),
      review.onDidChange(() => this.refresh()),
    ];
    this.refresh();
  }

  private refresh(): void {
    const pending = this.review.pending();
    const count = pending.length;
    void vscode.commands.executeCommand('setContext', 'codewright.hasPendingEdits', count > 0);
    if (count === 0) {
      this.item.hide();
    } else {
      this.item.text = `$(diff) ${count} pending edit${count === 1 ? '' : 's'}`;
      this.item.tooltip = `Codewright proposed ${count === 1 ? 'an edit that waits' : `${count} edits that wait`} for your review. Click to list them.`;
      this.item.show();
    }
    const marks = new Map<vscode.Uri, string>();
    for (const edit of pending)
      marks.set(edit.uri, `Codewright proposes to ${describeEdit(edit)} this file: open the diff from Codewright: Pending Edits.`);
    this.decorations.update(marks);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
