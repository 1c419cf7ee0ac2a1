// apply_patch edits UTF-8 text only: a binary file or another encoding would be corrupted by a line-based edit.
import { PatchError } from './patchError';

// ignoreBOM keeps a byte order mark in the text, so that writing the patched text back keeps it too.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes a file's bytes as UTF-8, refusing (PatchError) content with NUL bytes or invalid UTF-8. */
export function decodeTextFile(bytes: Uint8Array, path: string): string {
  if (bytes.indexOf(0) !== -1) {
    throw new PatchError(
      `'${path}' looks like a binary file (it contains NUL bytes); apply_patch edits text files only. Leave it unchanged or change it with a shell command.`,
    );
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new PatchError(
      `'${path}' is not valid UTF-8 text; apply_patch edits UTF-8 files only. Leave it unchanged or convert it to UTF-8 with a shell command first.`,
    );
  }
}
