// Decides, before anything runs, whether the model's commands run at once, wait for the user, or are refused.
// The deny list is checked first in every mode. Then a command runs without asking when it is read-only (every part a
// known reading program with only harmless flags) or, in `allowlist` mode, when it is one plain command an entry
// matches and its arguments hold nothing that writes or runs code. Anything holding constructs that run code in the
// shell that will read it, or invisible characters, asks; a prefix match is how "allow git" becomes `git show > ~/.ssh/…`.
import * as z from 'zod/mini';
import { invisibleCharacters } from '../../shared/invisibleText';
import { parseCommandLine, type SimpleCommand } from './commandLine';
import { DEFAULT_DENY, alwaysAsk, compileDenyPattern, denyCheck, type DenyPattern } from './denyList';
import { argumentDanger, readOnlyGap } from './readOnly';
import { readCommand, type ShellKind, type ShellReading } from './shellSyntax';

export { DEFAULT_DENY } from './denyList';

export const COMMAND_APPROVAL_MODES = ['ask', 'allowlist', 'auto', 'never'] as const;
export const CommandApprovalModeSchema = z.enum(COMMAND_APPROVAL_MODES);
export type CommandApprovalMode = z.infer<typeof CommandApprovalModeSchema>;

export interface CommandPolicy {
  mode: CommandApprovalMode;
  allow: string[];
  deny: string[];
  /** Whether read-only commands run without asking in `ask` and `allowlist` modes (codewright.approval.readOnlyCommands); default true. */
  readOnlyCommands?: boolean;
}

export interface EvaluateOptions {
  /** The shell that will read the commands; its syntax decides what counts as running code. Default `bash`. */
  shell?: ShellKind;
}

export type PolicyVerdict = { kind: 'run'; readOnly?: boolean } | { kind: 'ask'; why?: string } | { kind: 'refuse'; reason: string };

/** The policy as settings carry it; anything missing takes its default. */
export const CommandPolicySchema = z.object({
  mode: z._default(CommandApprovalModeSchema, 'ask'),
  allow: z._default(z.array(z.string()), () => []),
  deny: z._default(z.array(z.string()), () => [...DEFAULT_DENY]),
  readOnlyCommands: z._default(z.boolean(), true),
});

export const NEVER_REASON =
  "Running commands is turned off (codewright.approval.commands is 'never', or the workspace is in Restricted Mode). " +
  'Do not retry; tell the user what you wanted to run and why, so they can run it themselves.';

/** One verdict for all commands of a shell call: refused if any is refused, asked if any needs asking. */
export function evaluateCommands(commands: string[], policy: CommandPolicy, options: EvaluateOptions = {}): PolicyVerdict {
  if (policy.mode === 'never') return { kind: 'refuse', reason: NEVER_REASON };
  const shell = options.shell ?? 'bash';
  const deny = policy.deny.map(compileDenyPattern).filter((p): p is DenyPattern => p !== undefined);
  for (const command of commands) {
    const refusal = denyCheck(command, deny, shell);
    if (refusal) return { kind: 'refuse', reason: refusal };
  }
  const label = (command: string, why: string) => (commands.length > 1 ? `\`${command}\` ${why}` : why);
  const asks = commands.flatMap((c) => {
    const why = alwaysAsk(c);
    return why ? [label(c, `asks in every mode: ${why}`)] : [];
  });
  if (asks.length > 0) return { kind: 'ask', why: asks.join('; ') };
  if (policy.mode === 'auto') return { kind: 'run' };

  const allow = policy.allow.map((entry) => allowWords(entry, shell)).filter((w) => w.length > 0);
  const reasons: string[] = [];
  let unsettled = 0;
  let readOnly = true;
  for (const command of commands) {
    const hidden = invisibleCharacters(command);
    const reading = readCommand(command, shell);
    if (hidden.length === 0 && policy.readOnlyCommands !== false && isReadOnly(reading)) continue;
    readOnly = false;
    // undefined: an allowlist entry settles it; null: it asks with nothing more to say (`ask` mode).
    const why =
      hidden.length > 0
        ? `holds invisible or direction-changing characters (${hidden.join(', ')}), so no rule can approve it`
        : policy.mode === 'allowlist'
          ? allowlistGap(command, reading, allow, shell)
          : null;
    if (why === undefined) continue;
    unsettled++;
    if (why !== null) reasons.push(label(command, why));
  }
  if (unsettled === 0) return readOnly ? { kind: 'run', readOnly: true } : { kind: 'run' };
  return reasons.length === 0 ? { kind: 'ask' } : { kind: 'ask', why: reasons.join('; ') };
}

/** Whether every part of the line is a read-only command and nothing in it runs code. */
function isReadOnly(reading: ShellReading): boolean {
  return (
    reading.constructs.length === 0 && reading.commands.length > 0 && reading.commands.every((words) => readOnlyGap(words) === undefined)
  );
}

/** Why `command` is not read-only ("`npm` is not a read-only command"), or undefined when it is, for `shell`. */
export function readOnlyReason(command: string, shell: ShellKind = 'bash'): string | undefined {
  if (invisibleCharacters(command).length > 0) return 'it holds invisible or direction-changing characters';
  const reading = readCommand(command, shell);
  for (const words of reading.commands) {
    const danger = argumentDanger(words);
    if (danger) return danger;
  }
  if (reading.constructs.length > 0) return `it contains ${joinAnd(reading.constructs)}`;
  for (const words of reading.commands) {
    const gap = readOnlyGap(words);
    if (gap) return gap;
  }
  return reading.commands.length === 0 ? 'it is empty' : undefined;
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
export function allowlistBlocker(command: string, shell: ShellKind = 'bash'): string | undefined {
  return blockerOf(command, readCommand(command, shell));
}

function blockerOf(command: string, reading: ShellReading): string | undefined {
  const found = new Set([...CONSTRUCTS.filter((c) => c.test(command)).map((c) => c.name), ...reading.constructs]);
  if (invisibleCharacters(command).length > 0) found.add('invisible or direction-changing characters');
  return found.size > 0 ? `contains ${joinAnd([...found])}` : undefined;
}

/** Why `command` is not settled by the allowlist, or undefined when an entry approves it and its arguments are harmless. */
function allowlistGap(command: string, reading: ShellReading, allow: SimpleCommand[], shell: ShellKind): string | undefined {
  const blocker = blockerOf(command, reading);
  if (blocker) return blocker;
  const words = reading.commands[0] ?? [];
  const entry = allow.find((e) => e.length <= words.length && e.every((w, i) => sameWord(w, words[i], shell)));
  if (!entry) return 'is not on the allowlist (codewright.commands.allow)';
  const danger = argumentDanger(words);
  return danger ? `matches the allowlist entry \`${entry.join(' ')}\`, but ${danger}, which no entry allows` : undefined;
}

/** PowerShell and cmd name programs case-insensitively. */
function sameWord(a: string, b: string, shell: ShellKind): boolean {
  return shell === 'powershell' || shell === 'cmd' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** An allowlist entry as words; an entry with shell constructs can never match and yields no words. */
function allowWords(entry: string, shell: ShellKind): SimpleCommand {
  if (entry.trim() === '' || allowlistBlocker(entry, shell)) return [];
  return parseCommandLine(entry).pipelines[0]?.[0] ?? [];
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
