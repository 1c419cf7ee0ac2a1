// The built-in read-only set and the argument checks it shares with the user's allowlist. A program is only as safe as
// its flags: `find` deletes with `-delete`, `rg --pre` runs a program on every file, `git log --output` writes, `sed`
// runs commands with `e`. So a command is read-only when its program is in the set, every argument passes that
// program's rule, and it names no flag known to write, run code or load configuration.
import { basename } from './commandLine';

/** Why `words` runs code or writes despite its program, or undefined. Checked for allowlist matches as well. */
export function argumentDanger(words: readonly string[]): string | undefined {
  const program = programName(words[0] ?? '');
  const args = optionsPart(words.slice(1));
  switch (program) {
    case 'find': {
      const action = words.slice(1).find((w) => FIND_ACTIONS.has(w));
      return action
        ? `\`find ${action}\` ${action.startsWith('-f') ? 'writes a file' : action === '-delete' ? 'deletes files' : 'runs a command'}`
        : undefined;
    }
    case 'rg':
      return named(program, args, ['--pre', '--hostname-bin', '--search-zip'], 'z', 'runs another program');
    case 'git':
      return gitDanger(words.slice(1));
    case 'sed': {
      const flag = named(program, args, ['--in-place', '--file'], 'if', 'edits files or reads its script from a file');
      if (flag) return flag;
      const script = sedScripts(words.slice(1));
      return script.every(sedScriptOnlyPrints)
        ? undefined
        : 'a `sed` script that writes files or runs commands (`w`, `e`, `r`, …), or one this check cannot read';
    }
    case 'npm':
    case 'npx':
    case 'pnpm':
    case 'yarn':
      return named(
        program,
        args,
        ['--script-shell', '--node-options', '--userconfig', '--globalconfig', '--init-module', '--shell', '--call'],
        '',
        'runs a program of its own choosing',
      );
    case 'sort':
      return named(program, args, ['--output', '--compress-program'], 'o', 'writes a file or runs a program');
    case 'base64':
      return named(program, args, ['--output'], 'o', 'writes a file');
    case 'file':
      return named(program, args, ['--compile'], 'C', 'writes a compiled magic file');
    case 'tree':
      return named(program, args, ['--output'], 'o', 'writes a file');
    case 'date':
      return named(program, args, ['--set'], 's', 'sets the clock');
    case 'printf':
      return args.options.some((o) => o === '-v') ? '`printf -v` sets a shell variable' : undefined;
    case 'xxd':
      return named(program, args, ['--revert'], 'r', 'writes binary files');
    default:
      return undefined;
  }
}

/** Why `words` is not a read-only command, or undefined when it is one. */
export function readOnlyGap(words: readonly string[]): string | undefined {
  const name = programName(words[0] ?? '');
  const rule = READ_ONLY[name];
  if (!rule) return `\`${words[0] ?? ''}\` is not a read-only command`;
  const danger = argumentDanger(words);
  if (danger) return danger;
  const args = words.slice(1);
  return rule === true ? undefined : rule(args);
}

type Rule = true | ((args: readonly string[]) => string | undefined);

const FIND_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fprint', '-fprint0', '-fprintf', '-fls']);

const atMostOperands =
  (program: string, count: number): Rule =>
  (args) =>
    optionsPart(args).operands.length > count ? `\`${program}\` with ${count + 1} or more file names writes the last one` : undefined;

const noOperands =
  (program: string, what: string): Rule =>
  (args) =>
    optionsPart(args).operands.length > 0 ? `\`${program}\` with an argument ${what}` : undefined;

/** Every program here only reads files and prints; the rules narrow those that can also write or run something. */
const READ_ONLY: Record<string, Rule> = {
  ...Object.fromEntries(
    [
      'ls',
      'dir',
      'vdir',
      'cat',
      'head',
      'tail',
      'wc',
      'pwd',
      'nl',
      'tac',
      'stat',
      'file',
      'grep',
      'egrep',
      'fgrep',
      'rg',
      'find',
      'echo',
      'printf',
      'true',
      'false',
      'which',
      'whoami',
      'id',
      'uname',
      'basename',
      'dirname',
      'realpath',
      'readlink',
      'du',
      'df',
      'tree',
      'cut',
      'sort',
      'tr',
      'diff',
      'cmp',
      'comm',
      'column',
      'od',
      'hexdump',
      'strings',
      'base64',
      'md5sum',
      'sha1sum',
      'sha224sum',
      'sha256sum',
      'sha384sum',
      'sha512sum',
      'b2sum',
      'cksum',
      'date',
      'printenv',
      'seq',
      'fold',
      'paste',
      'join',
      'expand',
      'unexpand',
      'rev',
      'jq',
      'type',
      'test',
      '[',
      'groups',
      'locale',
      'nproc',
      'arch',
      'cal',
      // PowerShell cmdlets and their aliases that only read or format what they are given.
      'get-childitem',
      'gci',
      'get-content',
      'gc',
      'get-location',
      'gl',
      'select-string',
      'sls',
      'get-item',
      'gi',
      'test-path',
      'resolve-path',
      'rvpa',
      'measure-object',
      'measure',
      'get-filehash',
      'get-command',
      'gcm',
      'get-date',
      'sort-object',
      'select-object',
      'select',
      'write-output',
      'format-table',
      'ft',
      'format-list',
      'fl',
      'split-path',
      'join-path',
      'get-itemproperty',
      'gp',
      'compare-object',
      'group-object',
      'get-unique',
      'out-string',
      'where-object',
      'where',
      // cmd built-ins and Windows tools that only read.
      'findstr',
      'ver',
      'fc',
    ].map((p): [string, Rule] => [p, true]),
  ),
  git: (args) => gitReadOnlyGap(args),
  sed: (args) => sedReadOnlyGap(args),
  uniq: atMostOperands('uniq', 1),
  xxd: atMostOperands('xxd', 1),
  env: noOperands('env', 'runs a command'),
  hostname: noOperands('hostname', 'renames the machine'),
};

function programName(word: string): string {
  return basename(word)
    .toLowerCase()
    .replace(/\.exe$/, '');
}

/** Options (up to `--`) and operands; `-` alone is an operand (stdin). */
function optionsPart(args: readonly string[]): { options: string[]; operands: string[] } {
  const options: string[] = [];
  const operands: string[] = [];
  let done = false;
  for (const arg of args) {
    if (!done && arg === '--') done = true;
    else if (!done && arg.length > 1 && arg.startsWith('-')) options.push(arg);
    else operands.push(arg);
  }
  return { options, operands };
}

/**
 * The first option of `long` (also spelled as an unambiguous prefix, which GNU getopt and git accept, or `--x=v`) or
 * of the short letters (anywhere in a cluster such as `-uz`), as a sentence; undefined when none is given.
 */
function named(program: string, parts: { options: string[] }, long: readonly string[], short: string, what: string): string | undefined {
  for (const option of parts.options) {
    const name = option.split('=')[0];
    if (name.startsWith('--')) {
      const hit = long.find((l) => l === name || (name.length >= 4 && l.startsWith(name)));
      if (hit) return `\`${program} ${hit}\` ${what}`;
    } else if (!/^-\d+$/.test(name)) {
      const letter = [...name.slice(1)].find((l) => short.includes(l));
      if (letter) return `\`${program} -${letter}\` ${what}`;
    }
  }
  return undefined;
}

// ─── git ────────────────────────────────────────────────────────────────────────────────────────────────────────

/** Global options before the subcommand that only change how git reads or prints; `-C` takes a directory. */
const GIT_SAFE_GLOBALS = new Set([
  '--no-pager',
  '-P',
  '--no-optional-locks',
  '--literal-pathspecs',
  '--no-replace-objects',
  '--glob-pathspecs',
  '--noglob-pathspecs',
  '--icase-pathspecs',
  '--paginate',
  '-p',
]);
const GIT_DANGEROUS = [
  '--output',
  '--ext-diff',
  '--textconv',
  '--exec-path',
  '--open-files-in-pager',
  '--upload-pack',
  '--receive-pack',
  '--exec',
  '--filters',
  '--git-dir',
  '--work-tree',
  '--config-env',
  '--config',
];

/** Index of the subcommand in git's arguments (past global options), or the reason the globals are not safe. */
function gitSubcommand(args: readonly string[]): { at: number } | { why: string } {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) {
    const option = args[i].split('=')[0];
    if (option === '-c') return { why: '`git -c` sets configuration that can run programs' };
    if (option === '-C') i += 2;
    else if (GIT_SAFE_GLOBALS.has(option)) i++;
    else if (GIT_DANGEROUS.includes(option)) return { why: `\`git ${option}\` points git at other programs or repositories` };
    else return { why: `\`git ${option}\` is not a known harmless git option` };
  }
  return { at: i };
}

function gitDanger(args: readonly string[]): string | undefined {
  const sub = gitSubcommand(args);
  if ('why' in sub) return sub.why.includes('not a known harmless') ? undefined : sub.why;
  const rest = optionsPart(args.slice(sub.at + 1));
  const subcommand = args[sub.at] ?? '';
  return named(`git ${subcommand}`.trim(), rest, GIT_DANGEROUS, subcommand === 'grep' ? 'O' : '', 'writes files or runs another program');
}

const GIT_READ_ONLY = new Set([
  'status',
  'diff',
  'log',
  'show',
  'blame',
  'annotate',
  'ls-files',
  'ls-tree',
  'rev-parse',
  'rev-list',
  'grep',
  'shortlog',
  'describe',
  'cat-file',
  'whatchanged',
  'show-ref',
  'name-rev',
  'merge-base',
  'count-objects',
  'diff-tree',
  'diff-files',
  'diff-index',
  'for-each-ref',
  'check-ignore',
  'check-attr',
  'version',
]);

function gitReadOnlyGap(args: readonly string[]): string | undefined {
  const sub = gitSubcommand(args);
  if ('why' in sub) return sub.why;
  const subcommand = args[sub.at];
  if (subcommand === undefined) return '`git` without a subcommand is not a read-only command';
  const rest = args.slice(sub.at + 1);
  const { options, operands } = optionsPart(rest);
  if (GIT_READ_ONLY.has(subcommand)) return undefined;
  const listing = options.some((o) => o === '--list' || o === '-l');
  switch (subcommand) {
    case 'branch': {
      const changing = options.find((o) => !BRANCH_LIST_OPTIONS.some((l) => o === l || o.startsWith(`${l}=`)));
      if (changing) return `\`git branch ${changing}\` changes branches`;
      return operands.length > 0 && !listing && !options.some((o) => /^--(contains|no-contains|merged|no-merged|points-at)/.test(o))
        ? '`git branch NAME` creates a branch'
        : undefined;
    }
    case 'tag': {
      const changing = options.find((o) => !TAG_LIST_OPTIONS.some((l) => o === l || o.startsWith(`${l}=`)));
      if (changing) return `\`git tag ${changing}\` changes tags`;
      return operands.length > 0 && !listing ? '`git tag NAME` creates a tag' : undefined;
    }
    case 'remote':
      return operands.length === 0 && options.every((o) => o === '-v' || o === '--verbose')
        ? undefined
        : '`git remote` with arguments changes remotes';
    case 'stash':
      return operands[0] === 'list' || operands[0] === 'show' ? undefined : '`git stash` changes the working tree';
    case 'config':
      return options.some((o) => /^--(get|get-all|get-regexp|list)$|^-l$/.test(o)) &&
        !options.some((o) => /^--(add|unset|replace|rename|remove|edit)/.test(o))
        ? undefined
        : '`git config` without --get or --list changes configuration';
    default:
      return `\`git ${subcommand}\` is not a read-only git command`;
  }
}

const BRANCH_LIST_OPTIONS = [
  '--list',
  '-l',
  '-a',
  '--all',
  '-r',
  '--remotes',
  '-v',
  '-vv',
  '--verbose',
  '--show-current',
  '--contains',
  '--no-contains',
  '--merged',
  '--no-merged',
  '--sort',
  '--format',
  '--points-at',
  '--color',
  '--no-color',
  '--column',
  '--no-column',
  '-i',
  '--ignore-case',
  '--abbrev',
  '--no-abbrev',
];
const TAG_LIST_OPTIONS = [
  '--list',
  '-l',
  '-n',
  '--contains',
  '--no-contains',
  '--merged',
  '--no-merged',
  '--sort',
  '--format',
  '--points-at',
  '--color',
  '--column',
  '--no-column',
  '-i',
  '--ignore-case',
];

// ─── sed ────────────────────────────────────────────────────────────────────────────────────────────────────────

const SED_VALUE_OPTIONS = new Set(['-e', '--expression', '-l', '--line-length']);

/** The scripts of a sed command line: every `-e` value, or else the first operand. */
function sedScripts(args: readonly string[]): string[] {
  const scripts: string[] = [];
  let firstOperand: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('--expression=')) scripts.push(arg.slice('--expression='.length));
    else if (arg === '-e' || arg === '--expression' || (/^-[a-zA-Z]*e$/.test(arg) && !arg.startsWith('--'))) {
      if (i + 1 < args.length) scripts.push(args[++i]);
    } else if (/^-[a-zA-Z]*e./.test(arg) && !arg.startsWith('--')) scripts.push(arg.slice(arg.indexOf('e') + 1));
    else if (SED_VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-') && firstOperand === undefined) firstOperand = arg;
  }
  return scripts.length > 0 ? scripts : firstOperand === undefined ? [] : [firstOperand];
}

const SED_READ_FLAGS = new Set(['n', 'E', 'r', 's', 'u', 'z', 'e', 'l']);
const SED_READ_LONG = [
  '--quiet',
  '--silent',
  '--regexp-extended',
  '--separate',
  '--unbuffered',
  '--null-data',
  '--posix',
  '--debug',
  '--sandbox',
  '--expression',
  '--line-length',
];

function sedReadOnlyGap(args: readonly string[]): string | undefined {
  const { options } = optionsPart(args);
  let quiet = false;
  for (const option of options) {
    if (option.startsWith('--')) {
      const name = option.split('=')[0];
      if (!SED_READ_LONG.includes(name)) return `\`sed ${name}\` is not a known harmless sed option`;
      if (name === '--quiet' || name === '--silent') quiet = true;
      continue;
    }
    const letters = option.slice(1);
    for (const letter of letters) {
      if (letter === 'e' || letter === 'l') break;
      if (!SED_READ_FLAGS.has(letter)) return `\`sed -${letter}\` is not a known harmless sed option`;
      if (letter === 'n') quiet = true;
    }
  }
  if (!quiet) return '`sed` without -n is only read-only with print commands and -n';
  return sedScripts(args).length === 0 ? '`sed` without a script' : undefined;
}

/**
 * Whether a sed script only selects and prints: addresses, `p P = l q Q n N d D h H g G x z F`, labels and branches,
 * `{}` groups, `y///`, and `s///` with flags `g p i I m M` and a number. No `e`, `w`, `W`, `r`, `R`, `a`, `i`, `c`, and no
 * `s///e` or `s///w`.
 */
export function sedScriptOnlyPrints(script: string): boolean {
  let i = 0;
  const n = script.length;
  const skipBlanks = () => {
    while (i < n && /[\s;]/.test(script[i])) i++;
  };
  /** Reads up to the next unescaped `delim`; false when the script ends first. */
  const until = (delim: string): boolean => {
    while (i < n && script[i] !== delim) {
      if (script[i] === '\\') i++;
      if (script[i] === '\n') return false;
      i++;
    }
    if (i >= n) return false;
    i++;
    return true;
  };
  const address = (): boolean => {
    if (/[0-9]/.test(script[i] ?? '')) {
      while (/[0-9~]/.test(script[i] ?? '')) i++;
    } else if (script[i] === '$') i++;
    else if (script[i] === '/' || script[i] === '\\') {
      const delim = script[i] === '\\' ? script[i + 1] : '/';
      i += script[i] === '\\' ? 2 : 1;
      if (delim === undefined || !until(delim)) return false;
      while (/[IM]/.test(script[i] ?? '')) i++;
    }
    return true;
  };
  while (true) {
    skipBlanks();
    if (i >= n) return true;
    if (!address()) return false;
    if (script[i] === ',') {
      i++;
      if (script[i] === '+' || script[i] === '~') i++;
      if (!address()) return false;
    }
    while (script[i] === ' ' || script[i] === '!') i++;
    const command = script[i++];
    if (command === undefined) return false;
    if ('pP=lqQnNdDhHgGxzF{}'.includes(command)) {
      if ((command === 'q' || command === 'Q' || command === 'l') && /[0-9]/.test(script[i] ?? ''))
        while (/[0-9]/.test(script[i] ?? '')) i++;
      continue;
    }
    if (command === ':' || command === 'b' || command === 't' || command === 'T') {
      while (i < n && !/[;\n}]/.test(script[i])) i++;
      continue;
    }
    if (command === 's' || command === 'y') {
      const delim = script[i++];
      if (delim === undefined || delim === '\\' || delim === '\n') return false;
      if (!until(delim) || !until(delim)) return false;
      if (command === 's') {
        while (i < n && /[gpiImM0-9]/.test(script[i])) i++;
        if (i < n && !/[\s;}]/.test(script[i])) return false;
      }
      continue;
    }
    return false;
  }
}
