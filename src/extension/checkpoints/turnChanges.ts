// "Changes in this turn": VS Code's multi-file diff of everything a turn changed, its edits and its commands' effects
// alike, from the checkpoints before and after it. Recorded contents are served read-only under their own scheme.
import path from 'node:path';
import vscode = require('vscode');
import type { CheckpointEntry, Checkpoints } from '../../core/index';

export const CHECKPOINT_SCHEME = 'codewright-checkpoint';

/** Serves `codewright-checkpoint:/<path>?<hash>` as the recorded bytes; an empty query is a file that did not exist. */
export class CheckpointContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly checkpoints: () => Checkpoints | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const hash = uri.query;
    const store = this.checkpoints();
    if (!/^[0-9a-f]{64}$/.test(hash) || !store) return '';
    return (await store.readBlob(hash)).toString('utf8');
  }
}

function side(entry: CheckpointEntry | undefined, label: string): vscode.Uri {
  const hash = entry?.kind === 'file' ? entry.hash : '';
  const shown = entry?.kind === 'symlink' ? `${label} (link to ${entry.target})` : label;
  return vscode.Uri.from({ scheme: CHECKPOINT_SCHEME, path: `/${shown}`, query: hash });
}

/** Opens the turn's changes; false when the turn has nothing recorded to compare. */
export async function showTurnChanges(checkpoints: Checkpoints, sessionId: string, turn: number): Promise<boolean> {
  const states = await checkpoints.turnStates(sessionId, turn);
  if (!states) return false;
  const resources: [vscode.Uri, vscode.Uri, vscode.Uri][] = [];
  const keys = new Set([...states.before.keys(), ...states.after.keys()]);
  for (const key of [...keys].sort()) {
    const before = states.before.get(key);
    const after = states.after.get(key);
    const entry = after ?? before;
    if (!entry || entry.kind === 'dir') continue;
    if (
      before &&
      after &&
      JSON.stringify({ ...before, mtimeMs: 0, ctimeMs: 0, ino: 0 }) === JSON.stringify({ ...after, mtimeMs: 0, ctimeMs: 0, ino: 0 })
    )
      continue;
    const shown = checkpoints.display(entry);
    const resource = vscode.Uri.file(path.join(checkpoints.roots[entry.root] ?? '', ...entry.path.split('/')));
    resources.push([resource, side(before, shown), side(after, shown)]);
  }
  if (resources.length === 0) return false;
  await vscode.commands.executeCommand('vscode.changes', `Codewright: Changes in Turn ${turn} (${resources.length} files)`, resources);
  return true;
}
