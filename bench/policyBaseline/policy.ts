// BASELINE, not product code: src/core/shell/policy.ts as it was at commit 2c4c513, before argument-aware approval,
// shell-aware parsing and the sandbox. Kept unchanged so bench/policy.bench.ts can measure the new policy against it.
// Decides, before anything runs, whether the model's commands run at once, wait for the user, or are refused.
// The deny list is checked first in every mode; the allowlist only ever approves a single plain command, because a
// prefix match on anything with redirections, chains or substitutions is how "allow git" becomes `git show > ~/.ssh/…`.
import * as z from 'zod/mini';
import { basename, parseCommandLine, programIndex, type Pipeline, type SimpleCommand } from './commandLine';

export const COMMAND_APPROVAL_MODES = ['ask', 'allowlist', 'auto', 'never'] as const;
export const CommandApprovalModeSchema = z.enum(COMMAND_APPROVAL_MODES);
export type CommandApprovalMode = z.infer<typeof CommandApprovalModeSchema>;

export interface CommandPolicy {
  mode: CommandApprovalMode;
  allow: string[];
  deny: string[];
}

export type PolicyVerdict = { kind: 'run' } | { kind: 'ask'; why?: string } | { kind: 'refuse'; reason: string };

/**
 * Refused in every mode. Pattern syntax (see `denyMatch`): words matched against each simple command, options in any
 * order and grouping, `*` as a wildcard, `a | b` for a pipeline from `a` into `b`; a pattern holding `(){};&` is
 * matched literally, ignoring whitespace.
 */
export const DEFAULT_DENY: string[] = [
  'rm -rf /',
  'rm -rf ~',
  'rm -rf .',
  'rm -rf ..',
  'git push --force',
  'git push -f',
  'git push +*',
  'git reset --hard',
  'git clean',
  'git checkout -- .',
  'mkfs*',
  'dd if=*',
  'chmod -R 777 /',
  'chown -R * /',
  'curl | sh',
  'curl | bash',
  'curl | zsh',
  'wget | sh',
  'wget | bash',
  'wget | zsh',
  ':(){ :|:& };:',
  'shutdown',
  'reboot',
];

/** The policy as settings carry it; anything missing takes its default. */
export const CommandPolicySchema = z.object({
  mode: z._default(CommandApprovalModeSchema, 'ask'),
  allow: z._default(z.array(z.string()), () => []),
  deny: z._default(z.array(z.string()), () => [...DEFAULT_DENY]),
});

export const NEVER_REASON =
  "Running commands is turned off (codewright.approval.commands is 'never', or the workspace is in Restricted Mode). " +
  'Do not retry; tell the user what you wanted to run and why, so they can run it themselves.';

/** One verdict for all commands of a shell call: refused if any is refused, asked if any needs asking. */
export function evaluateCommands(commands: string[], policy: CommandPolicy): PolicyVerdict {
  if (policy.mode === 'never') return { kind: 'refuse', reason: NEVER_REASON };
  const deny = policy.deny.map(compileDenyPattern).filter((p): p is DenyPattern => p !== undefined);
  for (const command of commands) {
    const refusal = denyCheck(command, deny);
    if (refusal) return { kind: 'refuse', reason: refusal };
  }
  if (policy.mode === 'auto') return { kind: 'run' };
  if (policy.mode === 'ask') return { kind: 'ask' };

  const allow = policy.allow.map(allowWords).filter((w) => w.length > 0);
  const reasons: string[] = [];
  for (const command of commands) {
    const why = allowlistGap(command, allow);
    if (why) reasons.push(commands.length > 1 ? `\`${command}\` ${why}` : why);
  }
  return reasons.length === 0 ? { kind: 'run' } : { kind: 'ask', why: reasons.join('; ') };
}

// ─── deny list ──────────────────────────────────────────────────────────────────────────────────────────────────

interface StagePattern {
  program: RegExp;
  programHasPath: boolean;
  options: string[];
  operands: RegExp[];
}

type DenyPattern = { kind: 'literal'; source: string; compact: string } | { kind: 'pipeline'; source: string; stages: StagePattern[] };

const LITERAL_CHARS = /[(){};&]/;

function compileDenyPattern(source: string): DenyPattern | undefined {
  const trimmed = source.trim();
  if (trimmed === '') return undefined;
  if (LITERAL_CHARS.test(trimmed)) return { kind: 'literal', source: trimmed, compact: trimmed.replace(/\s+/g, '') };
  const stages: StagePattern[] = [];
  for (const text of trimmed.split('|')) {
    const words = parseCommandLine(text).pipelines[0]?.[0];
    if (!words || words.length === 0) return undefined;
    const [program, ...rest] = words;
    const { options, operands } = splitArguments(rest);
    stages.push({
      program: glob(program),
      programHasPath: program.includes('/'),
      options,
      operands: operands.map((o) => glob(normalizeOperand(o))),
    });
  }
  return { kind: 'pipeline', source: trimmed, stages };
}

function denyCheck(command: string, deny: DenyPattern[]): string | undefined {
  const parsed = parseCommandLine(command);
  if (parsed.tooDeep) {
    return `Refused: \`${command}\` nests command substitutions or \`sh -c\` too deeply to be checked against the deny list (codewright.commands.deny). Write it as plain, separate commands.`;
  }
  const compact = command.replace(/\s+/g, '');
  for (const pattern of deny) {
    const hit =
      pattern.kind === 'literal' ? compact.includes(pattern.compact) : parsed.pipelines.some((p) => pipelineMatches(pattern.stages, p));
    if (hit) {
      return (
        `Refused: \`${command}\` matches \`${pattern.source}\` on the deny list (codewright.commands.deny), so it was not run. ` +
        'Do not retry it in another form; if it is really needed, explain why and ask the user to run it themselves.'
      );
    }
  }
  return undefined;
}

/** The stages must match commands of the pipeline in order (not necessarily adjacent). */
function pipelineMatches(stages: StagePattern[], pipeline: Pipeline): boolean {
  let next = 0;
  for (const command of pipeline) {
    if (next < stages.length && stageMatches(stages[next], command)) next++;
  }
  return next === stages.length;
}

function stageMatches(stage: StagePattern, words: SimpleCommand): boolean {
  const at = programIndex(words);
  if (at >= words.length) return false;
  const program = stage.programHasPath ? words[at] : basename(words[at]);
  if (!stage.program.test(program)) return false;
  const { options, operands } = splitArguments(words.slice(at + 1));
  const spelled = [...options, ...shortFormsOf(basename(words[at]), options)];
  if (!stage.options.every((o) => hasOption(spelled, o))) return false;
  let next = 0;
  for (const operand of operands) {
    if (next < stage.operands.length && stage.operands[next].test(normalizeOperand(operand))) next++;
  }
  return next === stage.operands.length;
}

function splitArguments(words: readonly string[]): { options: string[]; operands: string[] } {
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

/** `$HOME/` and `${HOME}` read as `~`; trailing `/`, `/.` and `/*` are dropped (`rm -rf /*` empties `/`). */
function normalizeOperand(operand: string): string {
  let o = operand.replace(/^\$\{?HOME\}?(?=\/|$)/, '~').replace(/\/{2,}/g, '/');
  for (;;) {
    if (o.length > 1 && o.endsWith('/')) o = o.slice(0, -1);
    else if (o.length > 1 && (o.endsWith('/*') || o.endsWith('/.'))) o = o.slice(0, -2) || '/';
    else return o;
  }
}

function glob(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

// ─── allowlist ──────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Constructs that make a prefix match meaningless: whatever follows them runs or writes regardless of the allowed
 * prefix. Checked on the raw text, quotes included: a `;` inside quotes still asks, erring on the side of the user.
 */
const CONSTRUCTS: { test: (command: string) => boolean; name: string }[] = [
  { test: (c) => /[\n\r]/.test(c), name: 'a line break' },
  { test: (c) => c.includes('`'), name: 'backticks (command substitution)' },
  { test: (c) => c.includes('$('), name: 'a command substitution ($(…))' },
  { test: (c) => c.includes('${'), name: 'a parameter expansion (${…})' },
  { test: (c) => /[<>]/.test(c), name: 'a redirection (<, >)' },
  { test: (c) => c.includes('&&'), name: 'a command chain (&&)' },
  { test: (c) => c.includes('||'), name: 'a command chain (||)' },
  { test: (c) => c.replace(/\|\|/g, '').includes('|'), name: 'a pipe (|)' },
  { test: (c) => c.replace(/&&|[<>]&|&>/g, '').includes('&'), name: 'a background operator (&)' },
  { test: (c) => c.includes(';'), name: 'a command separator (;)' },
];

/**
 * Why no allowlist entry can ever approve `command` ("contains a redirection (<, >)"), or undefined for a plain
 * command. A host offers "Always allow" only for plain commands.
 */
export function allowlistBlocker(command: string): string | undefined {
  const found = CONSTRUCTS.filter((c) => c.test(command)).map((c) => c.name);
  return found.length > 0 ? `contains ${joinAnd(found)}` : undefined;
}

/** Why `command` is not settled by the allowlist, or undefined when an entry approves it. */
function allowlistGap(command: string, allow: SimpleCommand[]): string | undefined {
  const blocker = allowlistBlocker(command);
  if (blocker) return blocker;
  const words = parseCommandLine(command).pipelines[0]?.[0] ?? [];
  const allowed = allow.some((entry) => entry.length <= words.length && entry.every((w, i) => w === words[i]));
  return allowed ? undefined : 'is not on the allowlist (codewright.commands.allow)';
}

/** An allowlist entry as words; an entry with shell constructs can never match and yields no words. */
function allowWords(entry: string): SimpleCommand {
  if (allowlistBlocker(entry)) return [];
  return parseCommandLine(entry).pipelines[0]?.[0] ?? [];
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
