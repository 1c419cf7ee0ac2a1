// The full patch envelope a model writes as text (`*** Begin Patch` … `*** End Patch`), split into the same
// operations the Responses API sends as `apply_patch_call.operation`.
import type { ApplyPatchOperation } from '../../shared/events';
import { parseSections, splitDiffLines } from './diffSections';
import { PatchError } from './patchError';

const BEGIN = '*** Begin Patch';
const END = '*** End Patch';
const ADD = '*** Add File: ';
const DELETE = '*** Delete File: ';
const UPDATE = '*** Update File: ';
const MOVE = '*** Move to: ';

// Headers are read with their leading whitespace ignored: models indent them, and no section line starts with '***'.
function isFileHeader(line: string): boolean {
  const header = line.trimStart();
  return header.startsWith(ADD) || header.startsWith(DELETE) || header.startsWith(UPDATE) || header.trimEnd() === END;
}

/** A heredoc start as a model writes it around a patch: `<<'EOF'`, `<<"EOF"`, `<<EOF`, optionally after `apply_patch`. */
const HEREDOC_START = /^\s*(?:apply_patch\s*)?<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1\s*$/;

/**
 * The lines inside a shell heredoc that wraps the envelope, or the lines as they are when there is none. A heredoc that
 * is opened and not closed by its own delimiter is an error, not a guess.
 */
function unwrapHeredoc(lines: string[]): string[] {
  let first = 0;
  while (first < lines.length && lines[first]!.trim() === '') first++;
  const start = HEREDOC_START.exec(lines[first] ?? '');
  if (!start) return lines;
  const delimiter = start[2]!;
  let last = lines.length - 1;
  while (last > first && lines[last]!.trim() === '') last--;
  if (last === first || lines[last]!.trim() !== delimiter) {
    throw invalid(
      last + 1,
      `the patch opens a heredoc with '${lines[first]!.trim()}' but does not end with its '${delimiter}' line; send the patch alone, from '${BEGIN}' to '${END}'.`,
    );
  }
  return lines.slice(first + 1, last);
}

function invalid(line: number, what: string): PatchError {
  return new PatchError(`Invalid patch at line ${line}: ${what}`);
}

function headerPath(line: string, prefix: string, lineNo: number): string {
  const path = line.slice(prefix.length).trim();
  if (path === '') throw invalid(lineNo, `'${line.trim()}' names no file; write the path relative to the workspace root after it.`);
  return path;
}

/**
 * Parses a `*** Begin Patch` … `*** End Patch` text into operations: Add File → create_file (diff of '+' lines),
 * Delete File → delete_file, Update File (optionally with Move to) → update_file (the bare section body).
 * Section syntax is checked here too. Throws PatchError with the line number of the first problem.
 */
export function parsePatch(text: string): ApplyPatchOperation[] {
  const lines = unwrapHeredoc(splitDiffLines(text));
  let first = 0;
  while (first < lines.length && lines[first]!.trim() === '') first++;
  let last = lines.length - 1;
  while (last > first && lines[last]!.trim() === '') last--;
  if (first >= lines.length) throw invalid(1, `the first line must be '${BEGIN}' (the patch is empty).`);
  if (lines[first]!.trim() !== BEGIN) throw invalid(first + 1, `the first line must be '${BEGIN}', found '${lines[first]}'.`);
  if (last === first || lines[last]!.trim() !== END) {
    throw invalid(last + 1, `the last line must be '${END}'; the patch may have been cut off, so resend it whole.`);
  }

  const operations: ApplyPatchOperation[] = [];
  let i = first + 1;
  while (i < last) {
    const line = lines[i]!.trimStart();
    const lineNo = i + 1;
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (line.trimEnd() === END)
      throw invalid(lineNo, `'${END}' appears before the end of the patch; remove what follows it or put it last.`);
    // Content runs up to the next file header.
    let end = i + 1;
    while (end < last && !isFileHeader(lines[end]!)) end++;
    const body = lines.slice(i + 1, end);

    if (line.startsWith(ADD)) {
      const path = headerPath(line, ADD, lineNo);
      while (body.length > 0 && body[body.length - 1]!.trim() === '') body.pop();
      const added = body.map((l, j) => {
        if (l.startsWith('+')) return l;
        // A blank line can only be an empty line whose '+' was dropped.
        if (l === '') return '+';
        throw invalid(lineNo + 1 + j, `'${l}' is not part of the new file '${path}': every line of an added file starts with '+'.`);
      });
      operations.push({ type: 'create_file', path, diff: added.length ? added.join('\n') + '\n' : '' });
    } else if (line.startsWith(DELETE)) {
      const path = headerPath(line, DELETE, lineNo);
      const extra = body.findIndex((l) => l.trim() !== '');
      if (extra !== -1) throw invalid(lineNo + 1 + extra, `'*** Delete File: ${path}' takes no lines, found '${body[extra]}'.`);
      operations.push({ type: 'delete_file', path });
    } else if (line.startsWith(UPDATE)) {
      const path = headerPath(line, UPDATE, lineNo);
      let moveTo: string | undefined;
      let bodyLine = lineNo + 1;
      if (body.length > 0 && body[0]!.trimStart().startsWith(MOVE)) {
        moveTo = headerPath(body[0]!.trimStart(), MOVE, bodyLine);
        body.shift();
        bodyLine++;
      }
      while (body.length > 0 && body[body.length - 1]!.trim() === '') body.pop();
      // Checked now, so a syntax error is reported with its line in the patch rather than in the extracted diff.
      const sections = parseSections(body, bodyLine, 'the patch');
      if (sections.length === 0 && moveTo === undefined) {
        throw invalid(
          lineNo,
          `'*** Update File: ${path}' has no changes; add @@ sections with '-' and '+' lines, or '*** Move to: <path>'.`,
        );
      }
      const diff = body.length ? body.join('\n') + '\n' : '';
      operations.push(moveTo === undefined ? { type: 'update_file', path, diff } : { type: 'update_file', path, diff, move_to: moveTo });
    } else {
      throw invalid(lineNo, `'${line}' is not a file header; expected '${ADD}<path>', '${DELETE}<path>' or '${UPDATE}<path>'.`);
    }
    i = end;
  }
  if (operations.length === 0) throw invalid(first + 1, 'the patch changes no file; add at least one file section.');
  return operations;
}
