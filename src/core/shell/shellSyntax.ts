// How each shell the user may run reads a command line, as far as approval needs: the simple commands it chains
// (with that shell's quoting removed) and the constructs that run code or change the shell's state, which no
// prefix match and no read-only rule can vouch for. Commands run in the user's own shell, so `ls *(e:'…':)` (zsh),
// `echo (id)` (fish) and `echo @(iex …)` (PowerShell) are code hidden in what reads as a plain `ls` or `echo`.
import * as z from 'zod/mini';
import { ansiCQuoted } from './commandLine';

export const SHELL_KINDS = ['bash', 'zsh', 'sh', 'fish', 'powershell', 'cmd'] as const;
export const ShellKindSchema = z.enum(SHELL_KINDS);
export type ShellKind = z.infer<typeof ShellKindSchema>;

/** The kind of shell an executable is, from its path (`/usr/bin/zsh`, `C:\…\pwsh.exe`); unknown POSIX shells read as `sh`. */
export function shellKindOf(executable: string): ShellKind {
  const name = (executable.split(/[\\/]/).pop() ?? '').toLowerCase().replace(/\.exe$/, '');
  if (name === 'bash' || name === 'zsh' || name === 'fish' || name === 'cmd') return name;
  if (name === 'pwsh' || name === 'powershell') return 'powershell';
  return 'sh';
}

export interface ShellReading {
  /** The simple commands the line chains with `;`, `&&`, `||`, `|` (and `&` in cmd), each as its words. */
  commands: string[][];
  /** What in the line runs code or changes state, named for the user ("a command substitution ($(…))"). */
  constructs: string[];
}

/** Redirections that only discard or merge output; read-only commands keep their standing with them. */
const HARMLESS_REDIRECTION = /\s*(?:(?:[12]|&)?>\s*\/dev\/null|2>&1|(?:[12])?>\s*nul\b)/gi;

const DEFINITIONS = new Set([
  'function',
  'functions',
  'alias',
  'unalias',
  'abbr',
  'filter',
  'set-alias',
  'new-alias',
  'sal',
  'nal',
  'doskey',
]);
const STATE_CHANGES = new Set([
  'hash',
  'enable',
  'trap',
  'declare',
  'typeset',
  'export',
  'set',
  'unset',
  'setopt',
  'unsetopt',
  'shopt',
  'bind',
  'autoload',
  'zmodload',
  'source',
  '.',
  'eval',
  'builtin',
  'exec',
  'set-variable',
  'new-variable',
  'sv',
  'set-item',
  'set-location',
  'local',
  'readonly',
  'shift',
  'umask',
  'ulimit',
  'compdef',
  'complete',
  'invoke-expression',
  'iex',
  'import-module',
  'ipmo',
]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;
const FUNCTION_SHAPE = /(?:^|[\s;&|(])[^\s;&|()<>'"]+\s*\(\s*\)/;

interface Scan {
  words: string[];
  commands: string[][];
  constructs: Set<string>;
  word: string | null;
  /** The current word began with an unquoted glob character, so it may expand to a file named like an option. */
  globStart: boolean;
}

export function readCommand(command: string, shell: ShellKind): ShellReading {
  const text = command.replace(HARMLESS_REDIRECTION, '');
  const scan: Scan = { words: [], commands: [], constructs: new Set(), word: null, globStart: false };
  if (FUNCTION_SHAPE.test(text) && shell !== 'cmd') scan.constructs.add('a function definition');
  if (shell === 'powershell' && /(^|\s)--%/.test(text)) scan.constructs.add("PowerShell's stop-parsing token (--%)");
  const found = (name: string) => scan.constructs.add(name);
  const append = (t: string) => {
    if (scan.word === null && t !== '' && shell !== 'cmd' && /^[*?[]/.test(t)) scan.globStart = true;
    scan.word = (scan.word ?? '') + t;
  };
  const quotedAppend = (t: string) => {
    scan.word = (scan.word ?? '') + t;
  };
  let globbed = false;
  const endWord = () => {
    if (scan.word === null) return;
    if (scan.globStart) globbed = true;
    scan.words.push(scan.word);
    scan.word = null;
    scan.globStart = false;
  };
  const endCommand = () => {
    endWord();
    // fish chains with `and`, `or` and `not` as words of the next command.
    while (shell === 'fish' && ['and', 'or', 'not'].includes(scan.words[0] ?? '')) scan.words.shift();
    // PowerShell hands a cmdlet (Verb-Noun) its wildcard unexpanded; other programs may see it expanded.
    const cmdlet = shell === 'powershell' && /^[A-Za-z]+-[A-Za-z]+$/.test(scan.words[0] ?? '');
    if (globbed && !cmdlet) found('a glob at the start of a word, which can expand to a file named like an option');
    globbed = false;
    if (scan.words.length > 0) scan.commands.push(scan.words);
    scan.words = [];
  };

  const posix = shell === 'bash' || shell === 'zsh' || shell === 'sh';
  // What each open parenthesis began: a substitution already named when it opened, or a bare group named now.
  const parens: ('substitution' | 'group')[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1] ?? '';
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === '\r' || c === ';') {
      endCommand();
      i++;
    } else if (c === '|') {
      endCommand();
      i += next === '|' || next === '&' ? 2 : 1;
    } else if (c === '&' && next === '&') {
      endCommand();
      i += 2;
    } else if (c === '&') {
      if (shell === 'cmd') endCommand();
      else found(shell === 'powershell' ? 'the call or background operator (&)' : 'a background operator (&)');
      i++;
    } else if ((c === '<' || c === '>') && next === '(' && shell !== 'cmd') {
      found(shell === 'zsh' || posix ? 'a process substitution (<(…), >(…))' : 'a redirection (<, >)');
      parens.push('substitution');
      endWord();
      i += 2;
    } else if (c === '<' || c === '>') {
      found('a redirection (<, >)');
      endWord();
      i++;
    } else if (c === '(') {
      found(parenName(shell));
      parens.push('group');
      endWord();
      i++;
    } else if (c === ')') {
      if (parens.pop() === undefined) found(parenName(shell));
      endWord();
      i++;
    } else if ((c === '{' || c === '}') && shell !== 'cmd') {
      found(shell === 'powershell' ? 'a script block ({…})' : 'a brace group or expansion ({…})');
      append(c);
      i++;
    } else if (c === '$' && posix && next === "'") {
      const { text: decoded, end } = ansiCQuoted(text, i + 2);
      quotedAppend(decoded);
      i = end;
    } else if (
      (c === '$' || (c === '@' && shell === 'powershell') || (c === '=' && shell === 'zsh' && scan.word === null)) &&
      next === '('
    ) {
      found(c === '$' ? dollarName(shell, next) : c === '@' ? parenName(shell) : 'zsh glob qualifiers, =(…) or a subshell ((…))');
      parens.push('substitution');
      append(c);
      i += 2;
    } else if (c === '$' && shell !== 'cmd' && /[\w{(@*#?$!-]/.test(next)) {
      found(dollarName(shell, next));
      append(c);
      i++;
    } else if (c === '@' && shell === 'powershell' && /[{A-Za-z_'"]/.test(next)) {
      found('an array subexpression, hash table or splatting (@…)');
      append(c);
      i++;
    } else if (c === '`') {
      found(shell === 'powershell' ? 'a backtick escape (`)' : 'backticks (command substitution)');
      i += shell === 'powershell' ? 2 : 1;
    } else if (c === '!' && (shell === 'bash' || shell === 'zsh' || shell === 'cmd')) {
      found(shell === 'cmd' ? 'delayed variable expansion (!…!)' : 'history expansion (!)');
      append(c);
      i++;
    } else if (c === '%' && shell === 'cmd') {
      found('a variable (%…%)');
      append(c);
      i++;
    } else if (c === '^' && (shell === 'cmd' || shell === 'fish')) {
      found(shell === 'cmd' ? 'an escape (^)' : 'a redirection (^)');
      i++;
    } else if (c === '\\' && shell !== 'cmd' && shell !== 'powershell') {
      if (next !== '\n') quotedAppend(next);
      i += 2;
    } else if (c === "'" && shell !== 'cmd') {
      const end = singleQuoted(text, i + 1, shell, quotedAppend);
      i = end;
    } else if (c === '"') {
      i = doubleQuoted(text, i + 1, shell, quotedAppend, found);
    } else {
      append(c);
      i++;
    }
  }
  endCommand();

  for (const words of scan.commands) {
    const first = words.find((w) => !ASSIGNMENT.test(w)) ?? '';
    if (words[0] !== undefined && ASSIGNMENT.test(words[0]) && shell !== 'cmd') found('a variable assignment');
    const program = first.toLowerCase();
    if (DEFINITIONS.has(program)) found('a function or alias definition');
    else if (STATE_CHANGES.has(program)) found(`\`${first}\`, which changes the shell itself`);
  }
  return { commands: scan.commands, constructs: [...scan.constructs] };
}

function parenName(shell: ShellKind): string {
  switch (shell) {
    case 'zsh':
      return 'zsh glob qualifiers, =(…) or a subshell ((…))';
    case 'fish':
      return 'a fish command substitution ((…))';
    case 'powershell':
      return 'a PowerShell subexpression ((…), $(…), @(…))';
    case 'cmd':
      return 'a parenthesised block ((…))';
    default:
      return 'a subshell ((…))';
  }
}

function dollarName(shell: ShellKind, next: string): string {
  if (next === '(') return shell === 'powershell' ? 'a PowerShell subexpression ((…), $(…), @(…))' : 'a command substitution ($(…))';
  return next === '{' ? 'a parameter expansion (${…})' : 'a variable ($…)';
}

/** Reads a single-quoted string from after its quote; returns the index after the closing quote. */
function singleQuoted(text: string, start: number, shell: ShellKind, append: (t: string) => void): number {
  let i = start;
  let out = '';
  while (i < text.length) {
    const c = text[i];
    if (shell === 'fish' && c === '\\' && (text[i + 1] === "'" || text[i + 1] === '\\')) {
      out += text[i + 1];
      i += 2;
    } else if (c === "'" && shell === 'powershell' && text[i + 1] === "'") {
      out += "'";
      i += 2;
    } else if (c === "'") {
      break;
    } else {
      out += c;
      i++;
    }
  }
  append(out);
  return i + 1;
}

/** Reads a double-quoted string; expansions inside it (`$`, backticks, `%` in cmd) are constructs. */
function doubleQuoted(text: string, start: number, shell: ShellKind, append: (t: string) => void, found: (n: string) => void): number {
  let i = start;
  let out = '';
  const escape = shell === 'powershell' ? '`' : shell === 'cmd' ? '' : '\\';
  while (i < text.length && text[i] !== '"') {
    const c = text[i];
    const next = text[i + 1] ?? '';
    if (escape !== '' && c === escape && (shell === 'powershell' || '$`"\\\n'.includes(next))) {
      if (shell === 'powershell') found('a backtick escape (`)');
      if (next !== '\n') out += next;
      i += 2;
      continue;
    }
    if (shell === 'powershell' && c === '"' && next === '"') {
      out += '"';
      i += 2;
      continue;
    }
    if (c === '$' && shell !== 'cmd' && /[\w{(@*#?$!-]/.test(next)) found(dollarName(shell, next));
    else if (c === '`' && shell !== 'cmd' && shell !== 'powershell') found('backticks (command substitution)');
    else if (c === '%' && shell === 'cmd') found('a variable (%…%)');
    else if (c === '!' && (shell === 'bash' || shell === 'zsh')) found('history expansion (!)');
    out += c;
    i++;
  }
  append(out);
  return i + 1;
}
