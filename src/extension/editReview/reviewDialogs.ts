// What the edit review asks of the user and of the workspace, behind an interface so tests answer without a dialog
// (and simulate Restricted Mode, since the test host runs with workspace trust disabled).
import * as vscode from 'vscode';
import type { PendingEdit } from './reviewManager';

export interface ReviewDialogs {
  /** Whether the user trusts the workspace; Restricted Mode turns edits off. */
  isTrusted(): boolean;
  /** Asks why an edit is rejected: a string (maybe empty) rejects, undefined keeps the edit pending. */
  askRejectReason(edit: PendingEdit): Thenable<string | undefined>;
}

export const vscodeReviewDialogs: ReviewDialogs = {
  isTrusted: () => vscode.workspace.isTrusted,
  askRejectReason: (edit) =>
    vscode.window.showInputBox({
      title: `Reject the edit to ${edit.label}`,
      prompt: 'Why? Optional: the model reads this and can try again differently. Press Escape to keep the edit pending.',
      placeHolder: 'e.g. keep the public function names',
      ignoreFocusOut: true,
    }),
};
