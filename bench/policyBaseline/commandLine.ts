// BASELINE, not product code: src/core/shell/commandLine.ts as it was at commit 2c4c513, before argument-aware approval,
// shell-aware parsing and the sandbox. Kept unchanged so bench/policy.bench.ts can measure the new policy against it.
// A small POSIX shell lexer for policy decisions: it splits a command line into the simple commands the shell would
// run (each part of `;`, `&&`, `||`, `|`, `&` chains, plus what runs inside `$(…)`, backticks, `<(…)` and `sh -c '…'`),
// with quotes and escapes removed. It does not execute or expand anything; where the shell's grammar is richer than
// this lexer, it errs towards finding more commands, never fewer, because the deny list is checked against them.

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

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'busybox']);
const KEYWORDS = new Set(['!', '{', '}', 'then', 'else', 'elif', 'do', 'if', 'while', 'until', 'time', 'coproc']);

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

/** Splits a command line into pipelines of simple commands. */
export function parseCommandLine(source: string): CommandLine {
  const out: CommandLine = { pipelines: [], tooDeep: false };
  lex(source, 0, out);
  return out;
}

function lex(source: string, depth: number, out: CommandLine): Pipeline[] {
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
    feeders.push(...lex(text, depth + 1, out));
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
      for (const inner of execArguments(command)) emit([inner]);
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
    } else if (c === '#' && word === null) {
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

/** The script of `sh -c '…'` (any shell, any option cluster holding `c`) and the arguments of `eval`. */
function innerScripts(command: SimpleCommand): string[] {
  const at = programIndex(command);
  if (at >= command.length) return [];
  const program = basename(command[at]);
  const args = command.slice(at + 1);
  if (program === 'eval') return args.length > 0 ? [args.join(' ')] : [];
  if (!SHELLS.has(program)) return [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-') || arg.startsWith('--')) {
      if (arg === '--' || arg.startsWith('--')) continue;
      return [];
    }
    if (arg.slice(1).includes('c')) {
      const script = args.slice(i + 1).find((a) => !a.startsWith('-'));
      return script === undefined ? [] : [script];
    }
  }
  return [];
}

/** The commands `find … -exec cmd … ;` runs, as simple commands. */
function execArguments(command: SimpleCommand): SimpleCommand[] {
  const at = programIndex(command);
  if (at >= command.length || basename(command[at]) !== 'find') return [];
  const found: SimpleCommand[] = [];
  for (let i = at + 1; i < command.length; i++) {
    if (!['-exec', '-execdir', '-ok', '-okdir'].includes(command[i])) continue;
    const end = command.findIndex((w, j) => j > i && (w === ';' || w === '+'));
    const stop = end < 0 ? command.length : end;
    if (stop > i + 1) found.push(command.slice(i + 1, stop));
    i = stop;
  }
  return found;
}
