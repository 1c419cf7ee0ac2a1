// A small POSIX shell lexer for policy decisions: it splits a command line into the simple commands the shell would
// run (each part of `;`, `&&`, `||`, `|`, `&` chains, plus what runs inside `$(…)`, backticks, `<(…)` and `sh -c '…'`),
// with quotes and escapes removed (`$'…'` decoded). It does not execute or expand anything; where the shell's grammar is
// richer than this lexer, it errs towards finding more commands, never fewer, because the deny list is checked against
// them. `#` starts a comment only when asked: interactive zsh reads it literally, so `echo #; rm -rf /` runs both.

/** One simple command: its words after quote removal, redirection targets left out. */
export type SimpleCommand = readonly string[];

/** Commands connected by pipes, in order. Output of a `$(…)` or `<(…)` feeds the command it sits in, like a pipe. */
export type Pipeline = readonly SimpleCommand[];

export interface CommandLine {
  pipelines: Pipeline[];
  /** True when substitutions or `sh -c` nest deeper than this lexer follows; such a line cannot be checked. */
  tooDeep: boolean;
}

export const MAX_NESTING = 8;

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'posh', 'rbash', 'fish', 'tcsh', 'csh']);
/** Shell options that take the next word as their value, so that `bash -o errexit -c '…'` still finds the script. */
const SHELL_VALUE_OPTIONS = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file', '--init-command']);
const POWERSHELLS = new Set(['pwsh', 'pwsh.exe', 'powershell', 'powershell.exe']);
const CMD_SHELLS = new Set(['cmd', 'cmd.exe']);
/** Programs whose `-c` (or `--command`) option takes a shell command line: `su root -c '…'`, `flock /lock -c '…'`. */
const COMMAND_OPTION_PROGRAMS = new Set(['su', 'runuser', 'sg', 'script', 'flock']);
const KEYWORDS = new Set([
  '!',
  '{',
  '}',
  'then',
  'else',
  'elif',
  'do',
  'if',
  'while',
  'until',
  'time',
  'coproc',
  'and',
  'or',
  'not',
  'begin',
]);

/** Programs that run another command given as their arguments, with the options of theirs that take a value. */
const WRAPPERS: Record<string, { valueOptions: readonly string[]; positionals: number }> = {
  sudo: { valueOptions: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T'], positionals: 0 },
  doas: { valueOptions: ['-u', '-C'], positionals: 0 },
  env: { valueOptions: ['-u', '-C'], positionals: 0 },
  nohup: { valueOptions: [], positionals: 0 },
  nice: { valueOptions: ['-n'], positionals: 0 },
  ionice: { valueOptions: ['-c', '-n', '-p'], positionals: 0 },
  time: { valueOptions: ['-f', '-o'], positionals: 0 },
  command: { valueOptions: [], positionals: 0 },
  builtin: { valueOptions: [], positionals: 0 },
  exec: { valueOptions: ['-a'], positionals: 0 },
  xargs: { valueOptions: ['-I', '-n', '-P', '-L', '-d', '-E', '-s', '-a'], positionals: 0 },
  busybox: { valueOptions: [], positionals: 0 },
  noglob: { valueOptions: [], positionals: 0 },
  nocorrect: { valueOptions: [], positionals: 0 },
  toybox: { valueOptions: [], positionals: 0 },
  chrt: { valueOptions: [], positionals: 1 },
  taskset: { valueOptions: [], positionals: 1 },
  unshare: { valueOptions: [], positionals: 0 },
  nsenter: { valueOptions: ['-t'], positionals: 0 },
  strace: { valueOptions: ['-o', '-e', '-p', '-s'], positionals: 0 },
  ltrace: { valueOptions: ['-o', '-e', '-p', '-s'], positionals: 0 },
  fakeroot: { valueOptions: [], positionals: 0 },
  chroot: { valueOptions: [], positionals: 1 },
  watch: { valueOptions: ['-n', '-d'], positionals: 0 },
  caffeinate: { valueOptions: ['-t', '-w'], positionals: 0 },
  'systemd-run': { valueOptions: ['-p', '-u', '--unit'], positionals: 0 },
  torsocks: { valueOptions: [], positionals: 0 },
  proxychains: { valueOptions: ['-f'], positionals: 0 },
  firejail: { valueOptions: [], positionals: 0 },
  timeout: { valueOptions: ['-s', '-k'], positionals: 1 },
  stdbuf: { valueOptions: ['-i', '-o', '-e'], positionals: 0 },
  setsid: { valueOptions: [], positionals: 0 },
  unbuffer: { valueOptions: [], positionals: 0 },
};

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function basename(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash >= 0 ? word.slice(slash + 1) : word;
}

/**
 * Index of the word that names the program: past variable assignments, shell keywords (`if`, `then`, `!`, `{`) and
 * wrappers such as `sudo -u root`, `env`, `nohup`, `timeout 10`, `xargs -n 1`. `words.length` when there is none.
 */
export function programIndex(words: SimpleCommand): number {
  let i = 0;
  while (i < words.length) {
    const word = words[i];
    if (ASSIGNMENT.test(word) || KEYWORDS.has(word)) {
      i++;
      continue;
    }
    const wrapper = WRAPPERS[basename(word)];
    if (!wrapper) break;
    i++;
    while (i < words.length && words[i].startsWith('-') && words[i] !== '-') {
      const option = words[i];
      i += wrapper.valueOptions.includes(option) ? 2 : 1;
      if (option === '--') break;
    }
    i += wrapper.positionals;
  }
  return Math.min(i, words.length);
}

export interface LexOptions {
  /** Whether an unquoted `#` at the start of a word begins a comment (bash, sh). Default true. */
  comments?: boolean;
}

/** Splits a command line into pipelines of simple commands. */
export function parseCommandLine(source: string, options: LexOptions = {}): CommandLine {
  const out: CommandLine = { pipelines: [], tooDeep: false };
  lex(source, 0, out, options.comments ?? true);
  return out;
}

function lex(source: string, depth: number, out: CommandLine, comments: boolean): Pipeline[] {
  if (depth > MAX_NESTING) {
    out.tooDeep = true;
    return [];
  }
  const found: Pipeline[] = [];
  const emit = (p: Pipeline) => {
    found.push(p);
    out.pipelines.push(p);
  };
  let word: string | null = null;
  let words: string[] = [];
  let pipeline: SimpleCommand[] = [];
  // Pipelines from substitutions inside the current simple command: their output feeds it.
  let feeders: Pipeline[] = [];
  let redirectTarget = false;

  const nested = (text: string) => {
    feeders.push(...lex(text, depth + 1, out, comments));
  };
  const endWord = () => {
    if (word === null) return;
    if (redirectTarget) redirectTarget = false;
    else words.push(word);
    word = null;
  };
  const endCommand = () => {
    endWord();
    redirectTarget = false;
    if (words.length > 0) {
      const command = words;
      pipeline.push(command);
      for (const f of feeders) emit([...f, command]);
      for (const inner of innerScripts(command)) nested(inner);
      for (const inner of execArguments(command)) {
        emit([inner]);
        for (const script of innerScripts(inner)) nested(script);
      }
    }
    words = [];
    feeders = [];
  };
  const endPipeline = () => {
    endCommand();
    if (pipeline.length > 0) emit(pipeline);
    pipeline = [];
  };
  const append = (text: string) => {
    word = (word ?? '') + text;
  };

  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === '\r') {
      endPipeline();
      i++;
    } else if (c === '#' && word === null && comments) {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (c === '\\') {
      if (next === '\n') i += 2;
      else {
        append(next ?? '');
        i += 2;
      }
    } else if (c === "'") {
      const end = source.indexOf("'", i + 1);
      const stop = end < 0 ? source.length : end;
      append(source.slice(i + 1, stop));
      i = stop + 1;
    } else if (c === '$' && next === "'") {
      const { text, end } = ansiCQuoted(source, i + 2);
      append(text);
      i = end;
    } else if (c === '"') {
      i = doubleQuoted(source, i + 1, append, nested);
    } else if (c === '`') {
      const end = closingBacktick(source, i + 1);
      nested(source.slice(i + 1, end));
      append(source.slice(i, end + 1));
      i = end + 1;
    } else if (c === '$' && next === '(') {
      const end = closingParen(source, i + 2);
      nested(source.slice(i + 2, end));
      append(source.slice(i, end + 1));
      i = end + 1;
    } else if (c === '$' && next === '{') {
      const end = closingBrace(source, i + 2);
      append(source.slice(i, end + 1));
      i = end + 1;
    } else if (c === '|') {
      if (next === '|') {
        endPipeline();
        i += 2;
      } else {
        endCommand();
        i += next === '&' ? 2 : 1;
      }
    } else if (c === '&' && next === '>') {
      endWord();
      i += source[i + 2] === '>' ? 3 : 2;
      redirectTarget = true;
    } else if (c === '&' || c === ';' || c === '(' || c === ')') {
      endPipeline();
      i += c === next && c !== '(' && c !== ')' ? 2 : 1;
    } else if (c === '<' || c === '>') {
      if (next === '(') {
        endWord();
        const end = closingParen(source, i + 2);
        nested(source.slice(i + 2, end));
        i = end + 1;
        continue;
      }
      // A word of digits right before the operator is the file descriptor (`2>`), not an argument.
      if (word !== null && /^\d+$/.test(word)) word = null;
      else endWord();
      i = redirection(source, i);
      if (source[i - 1] === '&' && /[\d-]/.test(source[i] ?? '')) {
        while (i < source.length && /[\d-]/.test(source[i])) i++;
      } else redirectTarget = true;
    } else {
      append(c);
      i++;
    }
  }
  endPipeline();
  return found;
}

/** Reads a double-quoted string starting after its opening quote; returns the index after the closing quote. */
function doubleQuoted(source: string, start: number, append: (t: string) => void, nested: (t: string) => void): number {
  let i = start;
  let text = '';
  while (i < source.length && source[i] !== '"') {
    const c = source[i];
    const next = source[i + 1];
    if (c === '\\' && next !== undefined && '$`"\\\n'.includes(next)) {
      if (next !== '\n') text += next;
      i += 2;
    } else if (c === '$' && next === '(') {
      const end = closingParen(source, i + 2);
      nested(source.slice(i + 2, end));
      text += source.slice(i, end + 1);
      i = end + 1;
    } else if (c === '`') {
      const end = closingBacktick(source, i + 1);
      nested(source.slice(i + 1, end));
      text += source.slice(i, end + 1);
      i = end + 1;
    } else if (c === '$' && next === '{') {
      const end = closingBrace(source, i + 2);
      text += source.slice(i, end + 1);
      i = end + 1;
    } else {
      text += c;
      i++;
    }
  }
  append(text);
  return i + 1;
}

/** Index of the `)` closing a `$(` / `<(` whose body starts at `start` (source.length when unterminated). */
function closingParen(source: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === "'") {
      const end = source.indexOf("'", i + 1);
      i = end < 0 ? source.length : end + 1;
    } else if (c === '"') {
      i++;
      while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) return i;
      i++;
    } else i++;
  }
  return source.length;
}

function closingBacktick(source: string, start: number): number {
  let i = start;
  while (i < source.length && source[i] !== '`') i += source[i] === '\\' ? 2 : 1;
  return Math.min(i, source.length);
}

function closingBrace(source: string, start: number): number {
  let depth = 1;
  for (let i = start; i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}' && --depth === 0) return i;
  }
  return source.length;
}

/** Consumes a redirection operator (`>`, `>>`, `>|`, `>&`, `<`, `<<`, `<<-`, `<<<`, `<>`, `<&`); returns the index after it. */
function redirection(source: string, start: number): number {
  let i = start + 1;
  if (source[start] === '>') {
    if (source[i] === '>' || source[i] === '|' || source[i] === '&') i++;
    return i;
  }
  if (source[i] === '<') {
    i++;
    if (source[i] === '<' || source[i] === '-') i++;
  } else if (source[i] === '>' || source[i] === '&') i++;
  return i;
}

/**
 * The scripts a command hands to a shell: `sh -c '…'` (any shell, options anywhere before the `c`), `eval …`,
 * `pwsh -Command …` and `-EncodedCommand`, `cmd /c …`, `su -c '…'`, `env -S '…'`, `watch '…'`.
 */
function innerScripts(command: SimpleCommand): string[] {
  const at = programIndex(command);
  const env = command.findIndex((w) => basename(w) === 'env');
  if (env >= 0 && env < at) return optionValues(command.slice(env + 1, at + 1), ['-S', '--split-string']);
  if (at >= command.length) return [];
  const program = basename(command[at]).toLowerCase();
  const args = command.slice(at + 1);
  if (program === 'eval' || program === 'watch') return args.length > 0 ? [args.join(' ')] : [];
  // Backslashes are folder separators to PowerShell and cmd, not escapes; read them as `/`.
  if (POWERSHELLS.has(program)) return powershellScripts(args).map((s) => s.replace(/\\/g, '/'));
  if (CMD_SHELLS.has(program)) {
    const at = args.findIndex((a) => /^\/[ck]$/i.test(a));
    return at >= 0
      ? [
          args
            .slice(at + 1)
            .join(' ')
            .replace(/\\/g, '/'),
        ]
      : [];
  }
  if (COMMAND_OPTION_PROGRAMS.has(program)) return optionValues(args, ['-c', '--command']);
  if (program === 'env') return optionValues(args, ['-S', '--split-string']);
  if (!SHELLS.has(program)) return [];
  // Every `-c` cluster counts, wherever it stands: finding a script that the shell would not run only errs towards refusing.
  const scripts = optionValues(args, ['--command', '--init-command']);
  for (let i = 0; i < args.length; i++) {
    if (!/^-[A-Za-z]*c[A-Za-z]*$/.test(args[i])) continue;
    const script = args.slice(i + 1).find((a, j) => !/^[-+]/.test(a) && !SHELL_VALUE_OPTIONS.has(args[i + j]));
    if (script !== undefined) scripts.push(script);
  }
  return scripts;
}

/** Values of `-c x`, `--command x` and `--command=x` among `args`. */
function optionValues(args: readonly string[], names: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const long = names.find((n) => n.startsWith('--') && arg.startsWith(`${n}=`));
    if (long) found.push(arg.slice(long.length + 1));
    else if (names.includes(arg) && i + 1 < args.length) found.push(args[++i]);
  }
  return found;
}

/** PowerShell's `-Command` (any unambiguous prefix, `-c`) takes the rest of the line; `-EncodedCommand` is base64 UTF-16. */
function powershellScripts(args: readonly string[]): string[] {
  for (let i = 0; i < args.length; i++) {
    const name = args[i].toLowerCase();
    if (!name.startsWith('-')) continue;
    if (name === '-c' || (name.length >= 4 && '-command'.startsWith(name))) return [args.slice(i + 1).join(' ')];
    if (['-e', '-ec', '-en', '-enc'].includes(name) || (name.length >= 4 && '-encodedcommand'.startsWith(name))) {
      const encoded = args[i + 1];
      return encoded === undefined ? [] : [Buffer.from(encoded, 'base64').toString('utf16le')];
    }
  }
  return [];
}

/** Expressions of `find` that only narrow how deep or where it walks, not which files it selects. */
const FIND_WALK_ONLY = new Set([
  '-depth',
  '-d',
  '-xdev',
  '-mount',
  '-follow',
  '-L',
  '-H',
  '-P',
  '-maxdepth',
  '-mindepth',
  '-ignore_readdir_race',
]);

/**
 * The commands `find … -exec cmd … ;` runs, as simple commands. When nothing but depth options selects the files,
 * `{}` stands for each starting path (`find / -exec rm -rf {} +` empties `/`), and `-delete` reads as `rm -rf PATH`.
 */
function execArguments(command: SimpleCommand): SimpleCommand[] {
  const at = programIndex(command);
  if (at >= command.length || basename(command[at]) !== 'find') return [];
  const args = command.slice(at + 1);
  const firstExpression = args.findIndex((w) => w.startsWith('-') || w === '(' || w === '!');
  const roots = firstExpression < 0 ? args : args.slice(0, firstExpression);
  const expression = firstExpression < 0 ? [] : args.slice(firstExpression);
  const actions = new Set(['-exec', '-execdir', '-ok', '-okdir', '-delete']);
  let inExec = false;
  const selective = expression.some((w) => {
    if (inExec) inExec = w !== ';' && w !== '+';
    else if (actions.has(w)) inExec = w !== '-delete';
    else return w.startsWith('-') && !FIND_WALK_ONLY.has(w);
    return false;
  });
  const everything = !selective && roots.length > 0;
  const found: SimpleCommand[] = [];
  for (let i = 0; i < expression.length; i++) {
    if (expression[i] === '-delete' && everything) found.push(...roots.map((r) => ['rm', '-rf', r]));
    if (!['-exec', '-execdir', '-ok', '-okdir'].includes(expression[i])) continue;
    const end = expression.findIndex((w, j) => j > i && (w === ';' || w === '+'));
    const stop = end < 0 ? expression.length : end;
    const inner = expression.slice(i + 1, stop);
    if (inner.length > 0) {
      found.push(inner);
      if (everything && inner.includes('{}')) for (const root of roots) found.push(inner.map((w) => (w === '{}' ? root : w)));
    }
    i = stop;
  }
  return found;
}

const ANSI_C_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v' };

/** Decodes `$'…'` (bash, zsh, ksh) from just after its opening quote; `end` is the index after the closing quote. */
export function ansiCQuoted(source: string, start: number): { text: string; end: number } {
  let text = '';
  let i = start;
  while (i < source.length && source[i] !== "'") {
    if (source[i] !== '\\' || i + 1 >= source.length) {
      text += source[i++];
      continue;
    }
    const c = source[i + 1];
    const hex = /^(?:x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8})|([0-7]{1,3}))/.exec(source.slice(i + 1));
    if (hex) {
      const code = Number.parseInt(hex[1] ?? hex[2] ?? hex[3] ?? '', 16);
      text += String.fromCodePoint(hex[4] !== undefined ? Number.parseInt(hex[4], 8) : Math.min(code, 0x10ffff));
      i += 1 + hex[0].length;
    } else {
      text += ANSI_C_ESCAPES[c] ?? c;
      i += 2;
    }
  }
  return { text, end: i + 1 };
}
