// A text file as lines plus the shape needed to write it back byte for byte: UTF-8 BOM, line endings (kept per line
// when a file mixes them) and whether it ends with a newline. Patches are matched and edited on bare lines only.

export type Eol = '\n' | '\r\n';

export interface FileText {
  bom: boolean;
  /** The lines without their terminators. An empty file has none. */
  lines: string[];
  /** Each line's own terminator, only when the file mixes LF and CRLF; otherwise every line ends with `eol`. */
  eols: Eol[] | null;
  /** The file's prevailing line ending, used for the lines a patch adds. */
  eol: Eol;
  finalNewline: boolean;
}

const BOM = '\uFEFF';

export function splitFileText(content: string): FileText {
  const bom = content.startsWith(BOM);
  const body = bom ? content.slice(1) : content;
  // An empty file gains a final newline with its first lines, as any new text file would.
  if (body === '') return { bom, lines: [], eols: null, eol: '\n', finalNewline: true };
  const lines = body.split('\n');
  const finalNewline = lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  if (!body.includes('\r')) return { bom, lines, eols: null, eol: '\n', finalNewline };

  // A carriage return belongs to the terminator only on lines that have one (not on an unterminated last line).
  const terminated = finalNewline ? lines.length : lines.length - 1;
  const crlf: boolean[] = new Array<boolean>(terminated);
  let crlfCount = 0;
  for (let i = 0; i < terminated; i++) {
    const line = lines[i]!;
    const isCrlf = line.endsWith('\r');
    crlf[i] = isCrlf;
    if (isCrlf) {
      lines[i] = line.slice(0, -1);
      crlfCount++;
    }
  }
  if (crlfCount === 0) return { bom, lines, eols: null, eol: '\n', finalNewline };
  if (crlfCount === terminated) return { bom, lines, eols: null, eol: '\r\n', finalNewline };
  const eol: Eol = crlfCount * 2 > terminated || (crlfCount * 2 === terminated && crlf[0] === true) ? '\r\n' : '\n';
  const eols: Eol[] = lines.map((_, i) => (i < terminated ? (crlf[i] ? '\r\n' : '\n') : eol));
  return { bom, lines, eols, eol, finalNewline };
}

/** Writes lines back in the shape of `file`; `eols` (parallel to `lines`) when the file mixes line endings. */
export function joinFileText(
  file: Pick<FileText, 'bom' | 'eol' | 'finalNewline'>,
  lines: readonly string[],
  eols: readonly Eol[] | null,
): string {
  const prefix = file.bom ? BOM : '';
  if (lines.length === 0) return prefix;
  if (eols === null) return prefix + lines.join(file.eol) + (file.finalNewline ? file.eol : '');
  const parts: string[] = [prefix];
  const last = lines.length - 1;
  for (let i = 0; i < last; i++) parts.push(lines[i]!, eols[i]!);
  parts.push(lines[last]!, file.finalNewline ? eols[last]! : '');
  return parts.join('');
}
