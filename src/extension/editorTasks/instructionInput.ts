// Asks how the selection should change: a quick pick whose typed text is the instruction, offering the recent
// instructions to pick again (newest first) and a button to forget one.
import vscode = require('vscode');
import type { RecentInstructions } from './recentInstructions';

interface InstructionItem extends vscode.QuickPickItem {
  instruction: string;
}

const FORGET: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('close'), tooltip: 'Remove from recent instructions' };

/** The instruction typed or picked; undefined when the user pressed Escape. */
export function askInstruction(recent: RecentInstructions, title: string): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<InstructionItem>();
  pick.title = title;
  pick.placeholder = 'How should the selection change? e.g. "extract a function", "use async/await", "add error handling"';
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = false;
  const recentItems = (): InstructionItem[] =>
    recent.list().map((instruction) => ({ label: instruction, instruction, description: 'recent', buttons: [FORGET] }));
  const typedItem = (value: string): InstructionItem => ({
    label: value,
    instruction: value,
    description: 'new instruction',
    alwaysShow: true,
  });
  const refresh = () => {
    const value = pick.value.trim();
    const items = recentItems();
    pick.items = value && !items.some((i) => i.instruction === value) ? [typedItem(value), ...items] : items;
  };
  refresh();

  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: string | undefined) => {
      if (settled) return;
      settled = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidChangeValue(refresh);
    pick.onDidTriggerItemButton(async ({ item }) => {
      await recent.forget(item.instruction);
      refresh();
    });
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.instruction ?? pick.value.trim();
      if (chosen.trim()) finish(chosen.trim());
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}
