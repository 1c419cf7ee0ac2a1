// The deny list: commands refused in every mode, matched on what the shell would run rather than on how it is spelled.
// Paths are normalised (`/..`, `${HOME:?}`, `~`, quotes, `$'…'`, `*` and `.[!.]*` at a root), wrappers and `sh -c`
// are seen through by the lexer, and a fork bomb is recognised by its shape under any name.
import path from 'node:path';
import { basename, parseCommandLine, programIndex, type Pipeline, type SimpleCommand } from './commandLine';
import type { ShellKind } from './shellSyntax';

/** Programs that fetch from the network, and programs that run what they are fed as code. */
const FETCHERS = 'curl,wget,fetch,aria2c,http,https,xh,iwr,irm,invoke-webrequest,invoke-restmethod';
const RUNNERS =
  'sh,bash,zsh,dash,ksh,mksh,ash,yash,fish,eval,source,.,python,python3,perl,ruby,node,php,pwsh,powershell,iex,invoke-expression';

/**
 * Refused in every mode. Pattern syntax (see `denyMatch`): words matched against each simple command, options in any
 * order and grouping, `*` as a wildcard, `a,b` for either program, `a | b` for a pipeline from `a` into `b` (a
 * substitution feeding a command counts); a pattern holding `(){};&` is matched literally, ignoring whitespace and case,
 * except that a fork bomb matches every fork bomb.
 */
export const DEFAULT_DENY: string[] = [
  'rm -rf /',
  'rm -rf ~',
  'rm -rf .',
  'rm -rf ..',
  'git push --force',
  'git push -f',
  'git push +*',
  'git push --mirror',
  'git reset --hard',
  'git clean',
  'git checkout -- .',
  'git checkout .',
  'git checkout -f',
  'git checkout --force',
  'git restore .',
  'git switch -f',
  'git switch --discard-changes',
  'git stash clear',
  'git reflog expire',
  'git gc --prune=now',
  'git filter-branch',
  'git filter-repo',
  'git update-ref -d',
  'mkfs*',
  'mke2fs',
  'mkswap',
  'wipefs',
  'fdisk',
  'sfdisk',
  'parted',
  'sgdisk',
  'shred',
  'blkdiscard',
  'dd if=*',
  'dd of=/dev/*',
  'format-volume',
  'clear-disk',
  'remove-item,ri,del,erase,rd,rmdir -rf /',
  'remove-item,ri,del,erase,rd,rmdir -rf ~',
  'rd,rmdir,del,erase /s /',
  'rd,rmdir,del,erase /s ~',
  'format *:',
  'chmod -R 777 /',
  'chmod -R *777 /',
  'chmod -R a+rwx /',
  'chown -R * /',
  'curl | sh',
  'curl | bash',
  'curl | zsh',
  'wget | sh',
  'wget | bash',
  'wget | zsh',
  `${FETCHERS} | ${RUNNERS}`,
  'iex (irm',
  'iex (iwr',
  'iex (new-object',
  'invoke-expression (irm',
  'invoke-expression (iwr',
  'invoke-expression (new-object',
  ':(){ :|:& };:',
  'shutdown',
  'reboot',
  'halt',
  'poweroff',
  'systemctl poweroff',
  'systemctl reboot',
  'systemctl halt',
  'systemctl kexec',
  'init 0',
  'init 6',
  'telinit 0',
  'telinit 6',
  'stop-computer',
  'restart-computer',
  'kill -9 -1',
];

interface StagePattern {
  programs: RegExp[];
  programHasPath: boolean;
  options: string[];
  operands: RegExp[];
}

export type DenyPattern =
  | { kind: 'literal'; source: string; compact: string }
  | { kind: 'forkBomb'; source: string }
  | { kind: 'pipeline'; source: string; stages: StagePattern[] };

const LITERAL_CHARS = /[(){};&]/;

/** Compiled patterns by their text: settings change rarely, and every shell call is checked against all of them. */
const compiled = new Map<string, DenyPattern | undefined>();

export function compileDenyPattern(source: string): DenyPattern | undefined {
  if (!compiled.has(source)) compiled.set(source, compile(source));
  return compiled.get(source);
}

function compile(source: string): DenyPattern | undefined {
  const trimmed = source.trim();
  if (trimmed === '') return undefined;
  if (LITERAL_CHARS.test(trimmed)) {
    if (isForkBomb(trimmed)) return { kind: 'forkBomb', source: trimmed };
    return { kind: 'literal', source: trimmed, compact: trimmed.replace(/\s+/g, '').toLowerCase() };
  }
  const stages: StagePattern[] = [];
  for (const text of trimmed.split('|')) {
    const words = parseCommandLine(text).pipelines[0]?.[0];
    if (!words || words.length === 0) return undefined;
    const [program, ...rest] = words;
    const { options, operands } = splitArguments(rest);
    stages.push({
      programs: program.split(',').map((p) => glob(p.toLowerCase())),
      programHasPath: program.includes('/'),
      options,
      operands: operands.map((o) => glob(normalizePath(o, false), 'i')),
    });
  }
  return { kind: 'pipeline', source: trimmed, stages };
}

/** The deny-list entry `command` matches, a refusal for a line too deep to check, or undefined. */
export function denyCheck(command: string, deny: readonly DenyPattern[], shell: ShellKind = 'bash'): string | undefined {
  const parsed = parseCommandLine(posixSpelling(command, shell), { comments: false });
  if (parsed.tooDeep) {
    return (
      `Refused: \`${command}\` nests command substitutions or \`sh -c\` too deeply to be checked against the deny list ` +
      '(codewright.commands.deny). Write it as plain, separate commands.'
    );
  }
  const compact = command.replace(/\s+/g, '').toLowerCase();
  for (const pattern of deny) {
    const hit =
      pattern.kind === 'literal'
        ? compact.includes(pattern.compact)
        : pattern.kind === 'forkBomb'
          ? isForkBomb(command)
          : parsed.pipelines.some((p) => pipelineMatches(pattern.stages, p));
    if (hit) {
      return (
        `Refused: \`${command}\` matches \`${pattern.source}\` on the deny list (codewright.commands.deny), so it was not run. ` +
        'Do not retry it in another form; if it is really needed, explain why and ask the user to run it themselves.'
      );
    }
  }
  return undefined;
}

/**
 * The line as the POSIX lexer should read it: PowerShell and cmd read a backslash as a folder separator, not an
 * escape; fish and PowerShell run a bare `(…)` as a command substitution, which POSIX spells `$(…)`.
 */
function posixSpelling(command: string, shell: ShellKind): string {
  let text = shell === 'powershell' || shell === 'cmd' ? command.replace(/\\/g, '/') : command;
  if (shell === 'fish' || shell === 'powershell') text = text.replace(/(^|[\s=|;&])\(/g, '$1$(');
  return text;
}

/**
 * A function that calls itself from its own body, piped or in the background, and is then called: `:(){ :|:& };:`,
 * `bomb(){ bomb|bomb& };bomb`, `function f { f & f; }; f`, fish's `function f; f | f &; end; f`.
 */
export function isForkBomb(text: string): boolean {
  const definitions = /(?:function\s+([^\s(){}|&;<>]+)\s*(?:\(\s*\))?|([^\s(){}|&;<>]+)\s*\(\s*\))\s*[{(;]/g;
  for (const match of text.matchAll(definitions)) {
    const name = match[1] ?? match[2];
    if (name === undefined) continue;
    const body = text.slice((match.index ?? 0) + match[0].length);
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const calls = body.match(new RegExp(`(?<![\\w.:-])${escaped}(?![\\w.:-])`, 'g'))?.length ?? 0;
    if (calls >= 2 && /\||&(?!&)/.test(body.replace(/&&/g, ''))) return true;
  }
  return false;
}

/** The stages must match commands of the pipeline in order (not necessarily adjacent). */
function pipelineMatches(stages: readonly StagePattern[], pipeline: Pipeline): boolean {
  let next = 0;
  for (const command of pipeline) {
    if (next < stages.length && stageMatches(stages[next], command)) next++;
  }
  return next === stages.length;
}

function stageMatches(stage: StagePattern, words: SimpleCommand): boolean {
  const at = programIndex(words);
  if (at >= words.length) return false;
  const program = (stage.programHasPath ? words[at] : basename(words[at])).toLowerCase().replace(/\.exe$/, '');
  if (!stage.programs.some((p) => p.test(program))) return false;
  const { options, operands } = splitArguments(words.slice(at + 1));
  const spelled = [...options, ...shortFormsOf(program, options)];
  if (!stage.options.every((o) => hasOption(spelled, o))) return false;
  let next = 0;
  for (const operand of operands) {
    if (next < stage.operands.length && stage.operands[next].test(normalizePath(operand, true))) next++;
  }
  return next === stage.operands.length;
}

export function splitArguments(words: readonly string[]): { options: string[]; operands: string[] } {
  const options: string[] = [];
  const operands: string[] = [];
  let afterDoubleDash = false;
  for (const word of words) {
    if (!afterDoubleDash && word === '--') afterDoubleDash = true;
    else if (!afterDoubleDash && word.length > 1 && word.startsWith('-')) options.push(word);
    else operands.push(word);
  }
  return { options, operands };
}

/** Long options that mean a short one, per program: `rm --recursive --force /` is `rm -rf /`. */
const SHORT_FORMS: Record<string, Record<string, string>> = {
  rm: { '--recursive': '-r', '--force': '-f' },
  chmod: { '--recursive': '-R' },
  chown: { '--recursive': '-R' },
  git: { '--force': '-f' },
};

function shortFormsOf(program: string, options: readonly string[]): string[] {
  const table = SHORT_FORMS[program];
  if (!table) return [];
  return options.flatMap((o) => {
    const short = table[o.split('=')[0]];
    return short ? [short] : [];
  });
}

/**
 * `--long` matches `--long` and `--long=value`. A short cluster such as `-rf` matches when every letter appears among
 * the command's short options, however grouped (`-fr`, `-r -f`, `-Rfv`); letters compare case-insensitively, which
 * errs towards refusing.
 */
function hasOption(options: readonly string[], wanted: string): boolean {
  if (wanted.startsWith('--')) return options.some((o) => o === wanted || o.startsWith(`${wanted}=`));
  const letters = new Set(options.filter((o) => !o.startsWith('--')).flatMap((o) => [...o.slice(1).toLowerCase()]));
  return [...wanted.slice(1).toLowerCase()].every((l) => letters.has(l));
}

/** Path segments that, as the last one, match everything in their folder: `rm -rf *` is `rm -rf .`. */
const MATCH_ALL = new Set(['*', '.*', '.[!.]*', '.[^.]*', '..?*', '.??*', '{*,.*}']);
const HOME = /^(?:\$HOME|\$\{HOME(?:[:]?[-?=+][^}]*)?\}|\$env:USERPROFILE|%USERPROFILE%|\$env:HOME)(?=\/|\\|$)/i;

/**
 * `$HOME`, `${HOME}` and `${HOME:?}` read as `~`; `..` is resolved (`/..` is `/`, `~/..` is above home and reads as
 * `/`); trailing `/`, `/.` and, for commands, a match-everything glob are dropped (`rm -rf /*` empties `/`).
 */
function normalizePath(operand: string, command: boolean): string {
  let o = operand.replace(HOME, '~');
  // Windows spellings: `C:\` is a root like `/`, and backslashes separate folders.
  if (/^[A-Za-z]:[\\/]/.test(o) || o.startsWith('~\\')) o = o.replace(/^[A-Za-z]:/, '').replace(/\\/g, '/');
  o = o.replace(/\/{2,}/g, '/');
  if (!command) return o.length > 1 && o.endsWith('/') ? o.slice(0, -1) : o;
  const home = o === '~' || o.startsWith('~/');
  const segments = (home ? `.${o.slice(1)}` : o).split('/');
  while (segments.length > 1 && MATCH_ALL.has(segments[segments.length - 1])) segments.pop();
  if (segments.length === 1 && MATCH_ALL.has(segments[0])) segments[0] = '.';
  o = path.posix.normalize(segments.join('/') || '/');
  if (o.length > 1 && o.endsWith('/')) o = o.slice(0, -1);
  if (!home) return o;
  if (o === '..' || o.startsWith('../')) return '/';
  return o === '.' ? '~' : `~/${o}`;
}

function glob(pattern: string, flags = ''): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, flags);
}

// ─── always ask ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Forms that lose work on another machine or branch but have everyday uses, so they ask in every mode rather than
 * being refused: `git push --force-with-lease`, `git push --delete`, `git push origin :branch`, `git branch -D`.
 */
export function alwaysAsk(command: string): string | undefined {
  for (const pipeline of parseCommandLine(command, { comments: false }).pipelines) {
    for (const words of pipeline) {
      const at = programIndex(words);
      if (basename(words[at] ?? '') !== 'git') continue;
      let i = at + 1;
      while (i < words.length && words[i].startsWith('-')) i += words[i] === '-C' || words[i] === '-c' ? 2 : 1;
      const { options, operands } = splitArguments(words.slice(i + 1));
      const has = (...names: string[]) => options.some((o) => names.includes(o.split('=')[0]));
      const short = (letter: string) => options.some((o) => !o.startsWith('--') && o.slice(1).includes(letter));
      if (words[i] === 'push') {
        if (has('--force-with-lease', '--force-if-includes')) return '`git push --force-with-lease` overwrites the remote branch';
        if (has('--delete') || short('d') || operands.some((o) => o.startsWith(':'))) return '`git push --delete` deletes a remote branch';
      }
      if (words[i] === 'branch' && (short('D') || ((has('--delete') || short('d')) && (has('--force') || short('f'))))) {
        return '`git branch -D` deletes a branch whether or not it was merged';
      }
    }
  }
  return undefined;
}
