// Marks files with a pending Codewright proposal in the explorer, the open-editor tabs and the SCM views.
import vscode = require('vscode');

export class PendingEditDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private marked = new Map<string, string>();

  /** `files` maps each pending file to the tooltip that explains its mark. */
  update(files: ReadonlyMap<vscode.Uri, string>): void {
    const next = new Map<string, string>();
    const uris = new Map<string, vscode.Uri>();
    for (const [uri, tooltip] of files) {
      next.set(uri.toString(), tooltip);
      uris.set(uri.toString(), uri);
    }
    const touched = [...uris.values()];
    for (const key of this.marked.keys()) if (!next.has(key)) touched.push(vscode.Uri.parse(key));
    this.marked = next;
    if (touched.length) this.changed.fire(touched);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const tooltip = this.marked.get(uri.toString());
    if (tooltip === undefined) return undefined;
    const decoration = new vscode.FileDecoration('CW', tooltip, new vscode.ThemeColor('list.warningForeground'));
    decoration.propagate = false;
    return decoration;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
