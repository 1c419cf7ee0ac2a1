// What the edit review asks of the user and of the workspace, behind an interface so tests answer without a dialog
// (and simulate Restricted Mode, since the test host runs with workspace trust disabled).
import vscode = require('vscode');
import type { PendingEdit } from './reviewManager';

export interface ReviewDialogs {
  /** Whether the user trusts the workspace; Restricted Mode turns edits off. */
  isTrusted(): boolean;
  /** Asks why an edit (or `count` edits, Reject All) is rejected: a string (maybe empty) rejects, undefined keeps it pending. */
  askRejectReason(edit: PendingEdit, count?: number): Thenable<string | undefined>;
}

export const vscodeReviewDialogs: ReviewDialogs = {
  isTrusted: () => vscode.workspace.isTrusted,
  askRejectReason: (edit, count = 1) =>
    vscode.window.showInputBox({
      title: count === 1 ? `Reject the edit to ${edit.label}` : `Reject the edits to ${count} files`,
      // VS Code adds its own Enter/Escape hint after the prompt; this says only what the answer is for.
      prompt: `Why? Optional: the model reads this and can try again differently. Cancelling keeps ${count === 1 ? 'the edit' : 'them'} pending.`,
      placeHolder: 'e.g. keep the public function names',
      ignoreFocusOut: true,
    }),
};
