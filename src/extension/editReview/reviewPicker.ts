// "Codewright: Pending Edits": lists the proposals waiting for review; picking one opens its diff, the item buttons
// accept or reject it, and Accept All / Reject All settle the rest of the turn.
import vscode = require('vscode');
import type { PendingEdit, ReviewManager } from './reviewManager';
import { describeEdit } from './reviewStatus';

interface EditItem extends vscode.QuickPickItem {
  callId?: string;
  all?: 'accept' | 'reject';
}

const ACCEPT: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('check'), tooltip: 'Accept this edit' };
const REJECT: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('close'), tooltip: 'Reject this edit' };

function items(pending: readonly PendingEdit[]): EditItem[] {
  const edits: EditItem[] = pending.map((edit) => ({
    label: `$(diff) ${edit.label}`,
    description: edit.writing ? 'writing…' : describeEdit(edit),
    callId: edit.callId,
    buttons: edit.writing ? [] : [ACCEPT, REJECT],
  }));
  if (pending.length < 2) return edits;
  return [
    { label: `$(check-all) Accept All (${pending.length})`, all: 'accept' },
    { label: `$(close-all) Reject All (${pending.length})`, all: 'reject' },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...edits,
  ];
}

/** Shows the live list of pending edits; resolves when it closes. */
export function showPendingEdits(review: ReviewManager): Promise<void> {
  const pick = vscode.window.createQuickPick<EditItem>();
  pick.title = 'Codewright: Pending Edits';
  pick.placeholder = 'Pick an edit to open its diff; the buttons accept or reject it';
  const refresh = () => {
    const pending = review.pending();
    pick.items = items(pending);
    if (pending.length === 0) pick.placeholder = 'No edits are waiting for review.';
  };
  refresh();
  const disposables = [
    review.onDidChange(refresh),
    pick.onDidTriggerItemButton(({ item, button }) => {
      if (!item.callId) return;
      if (button === ACCEPT) void review.accept(item.callId);
      else void review.rejectWithPrompt(item.callId);
    }),
    pick.onDidAccept(() => {
      const [item] = pick.selectedItems;
      pick.hide();
      if (item?.all === 'accept') void review.acceptAll();
      else if (item?.all === 'reject') void vscode.commands.executeCommand('codewright.rejectAllEdits');
      else if (item?.callId) void review.openDiff(item.callId);
    }),
  ];
  return new Promise((resolve) => {
    disposables.push(
      pick.onDidHide(() => {
        for (const d of disposables) d.dispose();
        pick.dispose();
        resolve();
      }),
    );
    pick.show();
  });
}

/** Asks which pending edit a command should act on; undefined when there is none or the user backed out. */
export async function pickPendingEdit(review: ReviewManager, action: string): Promise<string | undefined> {
  const pending = review.pending().filter((e) => !e.writing);
  if (pending.length <= 1) return pending[0]?.callId;
  const picked = await vscode.window.showQuickPick(
    pending.map((edit) => ({ label: `$(diff) ${edit.label}`, description: describeEdit(edit), callId: edit.callId })),
    { title: `Codewright: ${action}`, placeHolder: `Which edit do you want to ${action.toLowerCase()}?` },
  );
  return picked?.callId;
}
