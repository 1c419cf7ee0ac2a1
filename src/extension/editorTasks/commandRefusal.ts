// The expected ways an editor command declines (no selection, a file outside the workspace, no repository, Restricted
// Mode): a sentence with the next step, shown as a message. Anything else is a bug and reaches VS Code's own error report.
import vscode = require('vscode');

export class CommandRefusal extends Error {
  override readonly name = 'CommandRefusal';
}

/** Runs a command's body; a CommandRefusal becomes an information message and the command resolves undefined. */
export async function refusalsShown<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof CommandRefusal)) throw error;
    void vscode.window.showInformationMessage(`Codewright: ${error.message}`);
    return undefined;
  }
}
