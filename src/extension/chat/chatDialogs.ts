// The questions the chat history asks the user, behind an interface so tests answer them without a dialog.
import vscode = require('vscode');

export interface ChatDialogs {
  /** Asks for a chat's new title; undefined keeps it. */
  askTitle(current: string): Thenable<string | undefined>;
  /** Confirms deleting a chat. */
  confirmDelete(title: string): Thenable<boolean>;
}

export const vscodeChatDialogs: ChatDialogs = {
  askTitle: (current) =>
    vscode.window.showInputBox({
      title: 'Rename Chat',
      value: current,
      prompt: 'The name shown in the chat history.',
      validateInput: (v) => (v.trim() ? undefined : 'Enter a name.'),
    }),
  confirmDelete: async (title) => {
    const detail = 'Its conversation is removed from disk. This cannot be undone.';
    return (await vscode.window.showWarningMessage(`Delete the chat "${title}"?`, { modal: true, detail }, 'Delete')) === 'Delete';
  },
};
