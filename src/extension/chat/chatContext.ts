// What the chat takes from and gives to the editor: the selection it offers as a context chip, the workspace files
// behind `@` mentions and their contents attached to a message, and the code the user inserts or copies from answers.
import vscode = require('vscode');
import type { SelectionRef } from '../../shared/protocol';

/** Larger attachments are cut: the model gets the start and a note saying how much was left out. */
export const MAX_ATTACHMENT_CHARS = 200_000;
const MENTION_RESULTS = 20;
/** The file listing behind mentions is reused for this long (a burst of keystrokes costs one findFiles). */
const LISTING_TTL_MS = 10_000;
const LISTING_LIMIT = 20_000;
const LISTING_EXCLUDE = '**/{node_modules,.git}/**';

export interface Attachment {
  path: string;
  content: string;
}

export class ChatContext implements vscode.Disposable {
  private listing: { at: number; files: Promise<string[]> } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `onSelection` hears the active editor's selection as it changes (debounced), null when there is none. */
  constructor(private readonly onSelection: (selection: SelectionRef | null) => void) {
    const changed = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.onSelection(this.selection()), 150);
    };
    this.disposables.push(
      vscode.window.onDidChangeTextEditorSelection(changed),
      vscode.window.onDidChangeActiveTextEditor(changed),
      vscode.workspace.onDidCreateFiles(() => (this.listing = undefined)),
      vscode.workspace.onDidDeleteFiles(() => (this.listing = undefined)),
      vscode.workspace.onDidRenameFiles(() => (this.listing = undefined)),
    );
  }

  /** The active editor's non-empty selection in a workspace file, as whole lines (1-based, inclusive). */
  selection(): SelectionRef | null {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty || !vscode.workspace.getWorkspaceFolder(editor.document.uri)) return null;
    const { start, end } = editor.selection;
    // A selection ending at the start of a line does not include that line.
    const endLine = end.character === 0 && end.line > start.line ? end.line : end.line + 1;
    return { path: relative(editor.document.uri), startLine: start.line + 1, endLine };
  }

  /** Workspace files matching an `@` query, best first: name matches, then path matches, then scattered letters. */
  async mentionCandidates(query: string): Promise<string[]> {
    const files = await this.files();
    const q = query.toLowerCase();
    const scored: { file: string; score: number }[] = [];
    for (const file of files) {
      const lower = file.toLowerCase();
      const name = lower.slice(lower.lastIndexOf('/') + 1);
      const score = !q ? 3 : name.startsWith(q) ? 0 : name.includes(q) ? 1 : lower.includes(q) ? 2 : subsequence(q, lower) ? 3 : -1;
      if (score >= 0) scored.push({ file, score });
    }
    scored.sort((a, b) => a.score - b.score || a.file.length - b.file.length || a.file.localeCompare(b.file));
    return scored.slice(0, MENTION_RESULTS).map((s) => s.file);
  }

  /** A mentioned file's text: the open editor's (unsaved edits included), else the disk's. Throws a sentence when unreadable. */
  async attachment(path: string): Promise<Attachment> {
    const uri = await resolveInWorkspace(path);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    if (open) {
      text = open.getText();
    } else {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.includes(0)) throw new Error(`${path} is a binary file, so it was not attached.`);
      text = new TextDecoder().decode(bytes);
    }
    return { path, content: clip(text, path) };
  }

  /** The selected lines as an attachment labelled with the path and line range. */
  async selectionAttachment(selection: SelectionRef): Promise<Attachment> {
    const uri = await resolveInWorkspace(selection.path);
    const document = await vscode.workspace.openTextDocument(uri);
    const first = Math.max(0, selection.startLine - 1);
    const last = Math.min(document.lineCount - 1, selection.endLine - 1);
    const range = new vscode.Range(first, 0, last, document.lineAt(last).text.length);
    const label = `${selection.path} (lines ${first + 1}-${last + 1})`;
    return { path: label, content: clip(document.getText(range), label) };
  }

  /** Inserts code at the cursor(s) of the editor the user was in; says what to do when there is none. */
  async insert(code: string): Promise<void> {
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    if (!editor) {
      void vscode.window.showInformationMessage(
        'Codewright: open a file and place the cursor where the code should go, then press Insert again.',
      );
      return;
    }
    await editor.edit((edit) => {
      for (const selection of editor.selections) edit.replace(selection, code);
    });
  }

  private files(): Promise<string[]> {
    if (!this.listing || Date.now() - this.listing.at > LISTING_TTL_MS) {
      const files = Promise.resolve(vscode.workspace.findFiles('**/*', LISTING_EXCLUDE, LISTING_LIMIT)).then((uris) => uris.map(relative));
      this.listing = { at: Date.now(), files };
    }
    return this.listing.files;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function relative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

function subsequence(needle: string, haystack: string): boolean {
  let i = 0;
  for (const c of haystack) if (c === needle[i] && ++i === needle.length) return true;
  return needle.length === 0;
}

/** A workspace-relative path from the webview, resolved inside one of the workspace folders (never outside). */
async function resolveInWorkspace(path: string): Promise<vscode.Uri> {
  const segments = path.split('/');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || segments.includes('..'))
    throw new Error(`${path} is not a path inside the workspace.`);
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, ...segments);
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // Not in this folder; a multi-root workspace may have it in the next one.
    }
  }
  throw new Error(`${path} was not found in the workspace; mention the file again with @.`);
}

function clip(text: string, label: string): string {
  if (text.length <= MAX_ATTACHMENT_CHARS) return text;
  return `${text.slice(0, MAX_ATTACHMENT_CHARS)}\n[… ${label} continues for another ${text.length - MAX_ATTACHMENT_CHARS} characters, left out]`;
}
