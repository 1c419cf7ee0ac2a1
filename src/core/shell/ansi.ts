// Turns what a program wrote for a terminal into the plain text a person would read on screen, for the model:
// escape sequences (colours, cursor moves, VS Code's shell-integration marks OSC 633/133, titles, charset selects)
// are removed, and carriage returns, backspaces and erase-line overwrite the line the way a terminal does, so a
// progress bar leaves only its last state.

const ESC = '\x1b';
const BEL = '\x07';

/** Strips terminal escape sequences from a complete text. */
export function stripAnsi(text: string): string {
  const s = new TerminalTextStream();
  return s.push(text) + s.end();
}

/**
 * The streaming form: `push` returns the lines completed so far; the line being written and any escape sequence cut
 * off at the end of a chunk are held back until more arrives, or until `end`.
 */
export class TerminalTextStream {
  private pending = '';
  private line = '';
  private col = 0;

  /** Text held back, for callers that want to show an unfinished line (a prompt) without ending the stream. */
  get partialLine(): string {
    return this.line;
  }

  push(chunk: string): string {
    const text = this.pending + chunk;
    this.pending = '';
    let out = '';
    let i = 0;
    while (i < text.length) {
      const run = printableRun(text, i);
      if (run > i) {
        this.write(text.slice(i, run));
        i = run;
        continue;
      }
      const c = text[i];
      if (c === '\n') {
        out += `${this.line}\n`;
        this.line = '';
        this.col = 0;
        i++;
      } else if (c === '\r') {
        this.col = 0;
        i++;
      } else if (c === '\b') {
        this.col = Math.max(0, this.col - 1);
        i++;
      } else if (c === '\t') {
        this.write('\t');
        i++;
      } else if (c === ESC || c === '\x9b' || c === '\x9d' || c === '\x90' || c === '\x9e' || c === '\x9f' || c === '\x98') {
        const end = sequenceEnd(text, i);
        if (end === undefined) {
          // Cut off at the chunk's end: keep it for the next push, unless it is absurdly long (an unterminated OSC).
          if (text.length - i <= MAX_PENDING) this.pending = text.slice(i);
          break;
        }
        this.apply(text.slice(i, end));
        i = end;
      } else {
        // Other C0/C1 controls (BEL, SO/SI, NUL, DEL…) print nothing.
        i++;
      }
    }
    return out;
  }

  /** Everything still held back. */
  end(): string {
    const rest = this.line;
    this.line = '';
    this.col = 0;
    this.pending = '';
    return rest;
  }

  private write(s: string): void {
    if (this.col > this.line.length) this.line += ' '.repeat(this.col - this.line.length);
    this.line = this.line.slice(0, this.col) + s + this.line.slice(this.col + s.length);
    this.col += s.length;
  }

  /** Applies the few sequences that change what the line shows; every other sequence just disappears. */
  private apply(sequence: string): void {
    const csi = /^(?:\x1b\[|\x9b)([0-9;?]*)[ -/]*([@-~])$/.exec(sequence);
    if (!csi) return;
    const n = Number.parseInt(csi[1] || '0', 10) || 0;
    switch (csi[2]) {
      case 'K': // erase in line: 0 = to the end, 1 = to the cursor, 2 = all
        if (n === 0) this.line = this.line.slice(0, this.col);
        else if (n === 1) this.line = ' '.repeat(Math.min(this.col, this.line.length)) + this.line.slice(this.col);
        else this.line = '';
        if (n !== 0) this.line = this.line.replace(/\s+$/, '');
        break;
      case 'G': // cursor to column n (1-based)
        this.col = Math.max(0, (n || 1) - 1);
        break;
      case 'D': // cursor back n
        this.col = Math.max(0, this.col - (n || 1));
        break;
      case 'C': // cursor forward n
        this.col += n || 1;
        break;
    }
  }
}

const MAX_PENDING = 64 * 1024;

/** End of the longest run from `start` of characters that print as themselves. */
function printableRun(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) break;
    i++;
  }
  return i;
}

/** Index just past the escape sequence starting at `start`, or undefined when the text ends inside it. */
function sequenceEnd(text: string, start: number): number | undefined {
  const c = text[start];
  let i = start + 1;
  let kind: 'csi' | 'string' | 'esc';
  if (c === '\x9b') kind = 'csi';
  else if (c !== ESC) kind = 'string';
  else {
    const next = text[i];
    if (next === undefined) return undefined;
    if (next === '[') {
      kind = 'csi';
      i++;
    } else if (next === ']' || next === 'P' || next === 'X' || next === '^' || next === '_') {
      kind = 'string';
      i++;
    } else kind = 'esc';
  }
  if (kind === 'csi') {
    // Parameters and intermediates, then one final byte in @–~.
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code >= 0x40 && code <= 0x7e) return i + 1;
      if (code < 0x20 || code > 0x3f) return i; // malformed: drop what was read, keep the rest as text
      i++;
    }
    return undefined;
  }
  if (kind === 'string') {
    // OSC/DCS/SOS/PM/APC run to BEL (OSC's usual end) or ST (ESC \ or 0x9c).
    while (i < text.length) {
      const ch = text[i];
      if (ch === BEL || ch === '\x9c') return i + 1;
      if (ch === ESC) {
        if (i + 1 >= text.length) return undefined;
        if (text[i + 1] === '\\') return i + 2;
      }
      i++;
    }
    return undefined;
  }
  // ESC, intermediates (space–/, e.g. the charset selects `ESC ( B`), then one final byte.
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x7e) return i + 1;
    if (code < 0x20 || code > 0x2f) return i;
    i++;
  }
  return undefined;
}
