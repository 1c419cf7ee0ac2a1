// Turning one apply_patch operation into the change a user reviews: the file's content before and after, computed
// from what is on disk now. Nothing is written here; the host writes an accepted change.
import fs from 'node:fs/promises';
import { ApplyPatchOperationSchema, type ApplyPatchOperation } from '../../shared/events';
import { applyDiff } from './applyDiff';
import { PatchError } from './patchError';
import { decodeTextFile } from './textFile';
import { resolveWorkspacePath, workspaceRelative } from './workspacePath';

export interface ProposedChange {
  /** Workspace-relative, forward slashes, symbolic links resolved. */
  path: string;
  /** null when the operation creates the file. */
  oldContent: string | null;
  /** null when the operation deletes the file. */
  newContent: string | null;
  /** Workspace-relative target of a move (update_file with move_to). */
  moveTo?: string;
}

/** Checks a model's operation payload (a trust boundary) against the schema; throws PatchError naming what is wrong. */
export function validateOperation(value: unknown): ApplyPatchOperation {
  const parsed = ApplyPatchOperationSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : 'the operation';
    return issue.code === 'invalid_union'
      ? `${field} must be 'create_file', 'update_file' or 'delete_file'`
      : `${field} is missing or invalid (${issue.code})`;
  });
  throw new PatchError(
    `The apply_patch operation is malformed: ${problems.join('; ')}. Send {type: 'create_file' | 'update_file', path, diff} ` +
      `(update_file may add move_to) or {type: 'delete_file', path}.`,
  );
}

/**
 * Re-applies an operation to a file's *current* content (`null`: the file does not exist), e.g. an editor buffer with
 * unsaved changes, and returns the new content (`null`: the file is deleted). Pure; a move only renames, so it does not
 * change the content. Throws PatchError when the operation does not fit the content.
 */
export function applyOperation(current: string | null, operation: ApplyPatchOperation): string | null {
  const op = validateOperation(operation);
  switch (op.type) {
    case 'create_file':
      if (current !== null) throw new PatchError(`Cannot create '${op.path}': the file already exists. Use update_file to change it.`);
      return applyDiff('', op.diff, 'create');
    case 'update_file':
      if (current === null) throw new PatchError(`Cannot update '${op.path}': the file does not exist. Use create_file to create it.`);
      // An update with a move and no sections is a plain rename.
      if (op.move_to && op.diff.trim() === '') return current;
      return applyDiff(current, op.diff, 'update', { path: op.path });
    case 'delete_file':
      if (current === null) throw new PatchError(`Cannot delete '${op.path}': the file does not exist.`);
      return null;
  }
}

/** The name the engine's first specification gave applyOperation; both stay importable. */
export const applyOperationToContent = applyOperation;

async function readText(absolute: string, shownPath: string): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw new PatchError(`'${shownPath}' is a folder, not a file; apply_patch changes files only.`);
    throw new PatchError(`'${shownPath}' cannot be read (${code ?? String(error)}); check its permissions.`);
  }
  return decodeTextFile(bytes, shownPath);
}

async function exists(absolute: string): Promise<boolean> {
  try {
    await fs.lstat(absolute);
    return true;
  } catch {
    return false;
  }
}

/**
 * Computes the change an operation makes to the workspace at `root`, from the files on disk: create refuses an
 * existing file, update applies the diff to the current content (refusing a move onto an existing file), delete
 * refuses a missing file. Paths are checked with resolveWorkspacePath. Throws PatchError.
 */
export async function proposeChange(root: string, operation: ApplyPatchOperation): Promise<ProposedChange> {
  const op = validateOperation(operation);
  const absolute = resolveWorkspacePath(root, op.path);
  const path = workspaceRelative(root, absolute);
  if (op.type === 'create_file') {
    if (await exists(absolute)) throw new PatchError(`Cannot create '${op.path}': the file already exists. Use update_file to change it.`);
    return { path, oldContent: null, newContent: applyOperation(null, op) };
  }
  const current = await readText(absolute, op.path);
  const newContent = applyOperation(current, op);
  if (op.type === 'delete_file') return { path, oldContent: current, newContent: null };

  const change: ProposedChange = { path, oldContent: current, newContent };
  if (op.move_to) {
    const target = resolveWorkspacePath(root, op.move_to);
    // Moving a file onto itself is no move at all.
    if (target !== absolute) {
      if (await exists(target))
        throw new PatchError(
          `Cannot move '${op.path}' to '${op.move_to}': '${op.move_to}' already exists. Choose another name or delete it first.`,
        );
      change.moveTo = workspaceRelative(root, target);
    }
  }
  return change;
}
