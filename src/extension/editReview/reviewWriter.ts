// Writes an accepted proposal through one WorkspaceEdit, so Undo restores the previous content and VS Code keeps the
// file's encoding and line endings. Before writing it checks that the file still holds what the proposal was made
// from (the editor's unsaved buffer counts); when it does not, the operation is re-applied to the current content,
// and when that fails nothing is written.
import vscode = require('vscode');
import { errorText } from '../../shared/errorText';
import { minimalReplacement } from './textReplacement';

export interface WriteTarget {
  kind: 'create_file' | 'update_file' | 'delete_file';
  /** Workspace-relative, for messages. */
  path: string;
  uri: vscode.Uri;
  /** Set for an update that also moves the file. */
  moveTo?: { path: string; uri: vscode.Uri };
  /** What the proposal was made from (null for a create). */
  oldContent: string | null;
  /** What the proposal writes (null for a delete). */
  newContent: string | null;
  /** Re-applies the operation to the file's current content; throws a sentence-long Error when it cannot. */
  reapply: (current: string) => string;
}

export type WriteResult = { ok: true; note?: string } | { ok: false; reason: string };

const REAPPLIED = 'The file had changed since the edit was proposed; the patch was re-applied to its current content.';

export async function writeChange(target: WriteTarget): Promise<WriteResult> {
  try {
    switch (target.kind) {
      case 'create_file':
        return await create(target);
      case 'delete_file':
        return await remove(target);
      case 'update_file':
        return await update(target);
    }
  } catch (error) {
    return { ok: false, reason: `Writing ${target.path} failed: ${errorText(error)}. Nothing more was changed.` };
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function create(target: WriteTarget): Promise<WriteResult> {
  if (await exists(target.uri)) {
    return {
      ok: false,
      reason: `${target.path} was created by someone else after the edit was proposed, so it was not overwritten. Read it and propose an update instead.`,
    };
  }
  const text = withEol(stripBom(target.newContent ?? ''), newFileEol(target.uri));
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target.uri, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(text) });
  return (await vscode.workspace.applyEdit(edit)) ? { ok: true } : refused(target.path);
}

async function remove(target: WriteTarget): Promise<WriteResult> {
  if (!(await exists(target.uri))) return { ok: true, note: `${target.path} had already been deleted.` };
  const doc = await vscode.workspace.openTextDocument(target.uri);
  if (normalize(doc.getText()) !== normalize(target.oldContent ?? '')) {
    return {
      ok: false,
      reason: `${target.path} changed after its deletion was proposed, so it was not deleted. Read it again and decide anew.`,
    };
  }
  const edit = new vscode.WorkspaceEdit();
  edit.deleteFile(target.uri, { recursive: false, ignoreIfNotExists: false });
  return (await vscode.workspace.applyEdit(edit)) ? { ok: true } : refused(target.path);
}

async function update(target: WriteTarget): Promise<WriteResult> {
  if (!(await exists(target.uri))) {
    return {
      ok: false,
      reason: `${target.path} no longer exists, so the edit was not applied. Check where the file went and propose the change anew.`,
    };
  }
  if (target.moveTo && (await exists(target.moveTo.uri))) {
    return {
      ok: false,
      reason: `${target.moveTo.path} already exists, so ${target.path} was not moved onto it. Choose another destination or delete it first.`,
    };
  }
  const doc = await vscode.workspace.openTextDocument(target.uri);
  const current = normalize(doc.getText());
  let wanted = normalize(target.newContent ?? '');
  let note: string | undefined;
  if (current !== normalize(target.oldContent ?? '')) {
    try {
      wanted = normalize(target.reapply(current));
    } catch (error) {
      const why = errorText(error);
      return {
        ok: false,
        reason: `${target.path} changed after the edit was proposed and the patch no longer applies to it (${why}). Nothing was written: read the file again and propose the change anew.`,
      };
    }
    note = REAPPLIED;
  }

  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const edit = new vscode.WorkspaceEdit();
  const text = withEol(wanted, eol);
  const replacement = minimalReplacement(doc.getText(), text);
  if (replacement)
    edit.replace(target.uri, new vscode.Range(doc.positionAt(replacement.start), doc.positionAt(replacement.end)), replacement.text);
  if (target.moveTo) edit.renameFile(target.uri, target.moveTo.uri, { overwrite: false, ignoreIfExists: false });
  if (!(await vscode.workspace.applyEdit(edit))) return refused(target.path);

  const written = target.moveTo ? await vscode.workspace.openTextDocument(target.moveTo.uri) : doc;
  if (written.isDirty && !(await save(written, text))) {
    return {
      ok: false,
      reason: `The edit to ${target.path} was applied in the editor but VS Code could not save it. Save the file by hand or undo the edit.`,
    };
  }
  return { ok: true, note };
}

/**
 * Saves `doc`, which should read `expected`. `save()` also answers false when the document was saved meanwhile (by
 * auto save, the user or another extension) and when the save was briefly in the way of another (a reload from disk,
 * a slow save participant): the first counts as saved if the text is still the edit's, the second gets one more try.
 */
async function save(doc: vscode.TextDocument, expected: string): Promise<boolean> {
  const saved = () => !doc.isDirty && doc.getText() === expected;
  for (let attempt = 0; attempt < 2; attempt++) {
    if ((doc.isDirty && (await doc.save())) || saved()) return true;
    if (!doc.isDirty) return false;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return saved();
}

function refused(path: string): WriteResult {
  return {
    ok: false,
    reason: `VS Code refused the edit to ${path} (another extension or a read-only file system may be in the way). Nothing was written.`,
  };
}

/** The comparison ignores a byte-order mark and line-ending style: VS Code keeps both on save. */
function normalize(text: string): string {
  return stripBom(text).replace(/\r\n?/g, '\n');
}

function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function withEol(text: string, eol: string): string {
  return eol === '\n' ? text.replace(/\r\n?/g, '\n') : text.replace(/\r\n?|\n/g, eol);
}

/** New files follow `files.eol`, as files created in the editor do. */
function newFileEol(uri: vscode.Uri): string {
  const setting = vscode.workspace.getConfiguration('files', uri).get<string>('eol');
  if (setting === '\r\n' || setting === '\n') return setting;
  return process.platform === 'win32' ? '\r\n' : '\n';
}
