// Restoring from the editor: unsaved changes are never discarded (the user saves them first, so the restore's own
// checkpoint keeps them), files changed after the agent's turns are listed and overwritten only on the user's word, open
// editors are reloaded from disk so none shows stale text, and the restore itself can be undone.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import vscode = require('vscode');
import type { Checkpoints, PathChange, RestoreResult } from '../../core/index';
import { errorText } from '../../shared/errorText';

/** What Restore to here puts back: the files only, or the chat too (it then continues from before that message). */
export type RestoreScope = 'files' | 'filesAndChat';

export interface RestoreDialogs {
  /** Restore to here was clicked in the chat: what to restore, or undefined to leave everything as it is. */
  confirmRestore(): Promise<RestoreScope | undefined>;
  /** The unsaved files a restore would touch: true to save them and go on. */
  saveFirst(files: string[]): Promise<boolean>;
  /** Files changed since the agent's turns: true to overwrite them. */
  overwrite(files: string[]): Promise<boolean>;
  /** Tells what was restored; resolves true when the user asks to undo it. */
  restored(message: string): Promise<boolean>;
  error(message: string): void;
}

export const vscodeRestoreDialogs: RestoreDialogs = {
  async confirmRestore() {
    const detail =
      'Files the agent changed since are put back as they were; the restore is recorded first, so it can be undone. ' +
      'Restoring the chat too removes this message and everything after it, and puts the message back in the chat box.';
    const files = 'Restore Files';
    const both = 'Restore Files and Chat';
    const choice = await vscode.window.showWarningMessage(
      'Restore the workspace to before this message?',
      { modal: true, detail },
      files,
      both,
    );
    return choice === files ? 'files' : choice === both ? 'filesAndChat' : undefined;
  },
  async saveFirst(files) {
    const detail = `${files.join('\n')}\n\nSave them first: the restore records them, so undoing it brings them back.`;
    return (
      (await vscode.window.showWarningMessage('These files have unsaved changes.', { modal: true, detail }, 'Save and Restore')) ===
      'Save and Restore'
    );
  },
  async overwrite(files) {
    const detail = `${files.join('\n')}\n\nThey changed after the agent's turn. Restoring overwrites them; the restore can be undone.`;
    return (
      (await vscode.window.showWarningMessage('Overwrite files changed since then?', { modal: true, detail }, 'Overwrite')) === 'Overwrite'
    );
  },
  async restored(message) {
    return (await vscode.window.showInformationMessage(message, 'Undo Restore')) === 'Undo Restore';
  },
  error(message) {
    void vscode.window.showErrorMessage(message);
  },
};

/** What to restore: a turn of a session (before it), or a checkpoint by id (undoing a restore). */
export type RestoreTarget = { sessionId: string; turn: number; label: string } | { sessionId: string; checkpoint: string; label: string };

/**
 * Restores `target`, telling the user how it went. `afterRestore` runs once the workspace matches it (restored, or
 * nothing needed restoring) and before the report, so a chat restored with the files is back when the user reads it.
 */
export async function restoreWorkspace(
  checkpoints: Checkpoints,
  target: RestoreTarget,
  dialogs: RestoreDialogs,
  afterRestore?: () => void,
): Promise<void> {
  try {
    const dirty = unsavedIn(checkpoints.roots);
    if (dirty.length > 0) {
      if (!(await dialogs.saveFirst(dirty.map((doc) => vscode.workspace.asRelativePath(doc.uri))))) return;
      for (const doc of dirty) await doc.save();
    }
    let result = await run(checkpoints, target, false);
    if (result.status === 'confirm') {
      if (!(await dialogs.overwrite(result.userChanged.map((c) => checkpoints.display(c))))) return;
      result = await run(checkpoints, target, true);
    }
    if (result.status === 'nothing') {
      afterRestore?.();
      await dialogs.restored(result.message);
      return;
    }
    if (result.status !== 'restored') return;
    await reloadEditors(checkpoints, result.changes);
    afterRestore?.();
    for (const problem of result.problems) dialogs.error(`Codewright: ${problem}`);
    const summary = `Restored the workspace to ${target.label}: ${result.changes.length} file${result.changes.length === 1 ? '' : 's'} changed back.`;
    if (await dialogs.restored(summary)) {
      await restoreWorkspace(checkpoints, { sessionId: target.sessionId, checkpoint: result.undo, label: 'before the restore' }, dialogs);
    }
  } catch (error) {
    dialogs.error(`Codewright could not restore the workspace: ${errorText(error)}`);
  }
}

function run(checkpoints: Checkpoints, target: RestoreTarget, overwrite: boolean): Promise<RestoreResult> {
  return 'turn' in target
    ? checkpoints.restoreTurn(target.sessionId, target.turn, { overwrite })
    : checkpoints.restoreCheckpoint(target.sessionId, target.checkpoint);
}

function unsavedIn(roots: readonly string[]): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter(
    (doc) => doc.isDirty && doc.uri.scheme === 'file' && roots.some((root) => doc.uri.fsPath.startsWith(root + path.sep)),
  );
}

/**
 * VS Code reloads an unsaved-change-free document when its file changes on disk; the restore waits until every open
 * document it touched shows the restored text, so nothing stale is left on screen when it reports.
 */
async function reloadEditors(checkpoints: Checkpoints, changes: readonly PathChange[]): Promise<void> {
  const touched = new Set(changes.map((c) => path.join(checkpoints.roots[c.root] ?? '', ...c.path.split('/'))));
  const open = vscode.workspace.textDocuments.filter((doc) => doc.uri.scheme === 'file' && touched.has(doc.uri.fsPath) && !doc.isDirty);
  for (let attempt = 0; attempt < 50; attempt++) {
    const stale: vscode.TextDocument[] = [];
    for (const doc of open) {
      const disk = await fs.readFile(doc.uri.fsPath, 'utf8').catch(() => undefined);
      if (disk !== undefined && doc.getText() !== disk) stale.push(doc);
    }
    if (stale.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
