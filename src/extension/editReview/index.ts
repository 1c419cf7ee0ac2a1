// The edit review feature: proposed edits as native diffs. Wires into VS Code the proposal documents, the commands behind the diff title buttons, the
// palette and the keybindings, the status bar item and explorer marks. One call from the composition root.
import vscode = require('vscode');
import { ReviewManager, ReviewOptions } from './reviewManager';
import { vscodeReviewDialogs } from './reviewDialogs';
import { PROPOSAL_SCHEME } from './reviewDocuments';
import { pickPendingEdit, showPendingEdits } from './reviewPicker';
import { PendingEditSignals, SHOW_PENDING_COMMAND } from './reviewStatus';

export interface ReviewFeature {
  /** What the Host's reviewEdit and the chat's edit cards call. */
  manager: ReviewManager;
  /** The status bar item and explorer marks (read by tests). */
  signals: PendingEditSignals;
}

/** Builds the review and registers everything it contributes with `context`. */
export function registerEditReview(context: vscode.ExtensionContext, options: Omit<ReviewOptions, 'state'>): ReviewFeature {
  const dialogs = options.dialogs ?? vscodeReviewDialogs;
  const review = new ReviewManager({ ...options, dialogs, state: context.workspaceState });
  const signals = new PendingEditSignals(review);

  /** The edit a command means: a call id from the chat, the diff whose title button was clicked, the active diff, or a pick. */
  const target = async (arg: unknown, action: string): Promise<string | undefined> => {
    if (typeof arg === 'string') return arg;
    if (arg instanceof vscode.Uri) return review.callIdFor(arg);
    return review.activeCallId() ?? (await pickPendingEdit(review, action));
  };
  const nothingPending = () => void vscode.window.showInformationMessage('Codewright: no edit is waiting for review.');

  context.subscriptions.push(
    review,
    signals,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, review.documents),
    vscode.commands.registerCommand('codewright.acceptEdit', async (arg?: unknown) => {
      const callId = await target(arg, 'Accept Edit');
      if (!callId || !(await review.accept(callId))) nothingPending();
    }),
    vscode.commands.registerCommand('codewright.rejectEdit', async (arg?: unknown, reason?: unknown) => {
      const callId = await target(arg, 'Reject Edit');
      if (!callId) return nothingPending();
      if (typeof reason === 'string') await review.reject(callId, reason);
      else await review.rejectWithPrompt(callId);
    }),
    vscode.commands.registerCommand('codewright.acceptAllEdits', async () => {
      if ((await review.acceptAll()).length === 0) nothingPending();
    }),
    vscode.commands.registerCommand('codewright.rejectAllEdits', async (reason?: unknown) => {
      const pending = review.pending();
      if (pending.length === 0) return nothingPending();
      const why = typeof reason === 'string' ? reason : await dialogs.askRejectReason({ ...pending[0]! }, pending.length);
      if (why !== undefined) await review.rejectAll(why);
    }),
    vscode.commands.registerCommand(SHOW_PENDING_COMMAND, () => void showPendingEdits(review)),
  );

  if (review.interrupted.length) {
    const names = review.interrupted.map((p) => (p.moveTo ? `${p.path} → ${p.moveTo}` : p.path)).join(', ');
    void vscode.window.showInformationMessage(
      `Codewright: ${review.interrupted.length === 1 ? 'an edit' : `${review.interrupted.length} edits`} (${names}) still waited for review when the window closed. Nothing was written; ask again if you still want ${review.interrupted.length === 1 ? 'it' : 'them'}.`,
    );
  }
  // Diff tabs of proposals from before a reload would only show "no longer pending".
  void review.closeStaleTabs();
  return { manager: review, signals };
}
