// A shell_call from the model: validate it, let the policy decide (run, ask the user, refuse), run each command through
// the host, and answer with one output entry per command, each capped head+tail to the length the model asked for.
import { ShellActionSchema } from '../../shared/events';
import type { ShellCallOutput, ShellCommandOutput } from '../history';
import type { CommandResult } from '../host';
import { describeSchemaError } from '../schemaError';
import { limitOutput } from '../shell/outputLimit';
import { evaluateCommands, type CommandPolicy } from '../shell/policy';
import { shellKindOf } from '../shell/shellSyntax';
import { NO_WORKSPACE, isAbort, type ToolContext, type ToolRun } from './toolRun';

export interface ShellSettings {
  policy: CommandPolicy;
  /** When the model gives no timeout_ms (default 120 s). */
  defaultTimeoutMs: number;
  /** When the model gives no max_output_length: characters of stdout + stderr per command (default 16,000). */
  defaultMaxOutput: number;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_OUTPUT = 16_000;
/** A model asking for an hour-long command still gets stopped after this. */
const MAX_TIMEOUT_MS = 30 * 60_000;
/** Exit code reported for a command stopped by the user (the shell convention for SIGINT). */
const CANCELLED_EXIT = 130;

export const CANCELLED_COMMAND = 'The user cancelled this command before it finished.';

export async function runShell(callId: string, rawAction: unknown, ctx: ToolContext, settings: ShellSettings): Promise<ToolRun> {
  const parsed = ShellActionSchema.safeParse(rawAction);
  if (!parsed.success) {
    const why = describeSchemaError(parsed.error);
    const entry = notRun(`Invalid shell action (${why}). Send {commands: [..], timeout_ms, max_output_length}.`);
    return { output: shellOutput(callId, echoedLimit(rawAction), [entry]), outcome: 'failed', summary: `Invalid command: ${why}` };
  }
  const action = parsed.data;
  const maxOutput = action.max_output_length ?? null;
  const every = (stderr: string) => action.commands.map(() => notRun(stderr));
  if (ctx.root === undefined)
    return { output: shellOutput(callId, maxOutput, every(NO_WORKSPACE)), outcome: 'failed', summary: 'No workspace folder' };
  const cwd = ctx.root;

  // Judged as the host's shell will read it: zsh, fish, PowerShell and cmd each run code in syntax of their own.
  const hostShell = (await ctx.host.context?.().catch(() => undefined))?.shell;
  const verdict = evaluateCommands(action.commands, settings.policy, hostShell ? { shell: shellKindOf(hostShell) } : {});
  if (verdict.kind === 'refuse') {
    return {
      output: shellOutput(callId, maxOutput, every(`This command was not run: ${verdict.reason}`)),
      outcome: 'rejected',
      summary: `Refused: ${verdict.reason}`,
    };
  }
  if (verdict.kind === 'ask') {
    ctx.emit({ type: 'tool_call_updated', callId, status: 'awaiting_approval' });
    try {
      const approval = await ctx.host.approveCommands(
        { callId, commands: action.commands, cwd, ...(verdict.why ? { why: verdict.why } : {}) },
        ctx.signal,
      );
      if (!approval.approved) {
        const reason = approval.reason?.trim() || 'no reason given';
        return {
          output: shellOutput(callId, maxOutput, every(`The user rejected this command: ${reason}`)),
          outcome: 'rejected',
          summary: `Rejected: ${reason}`,
        };
      }
    } catch (error) {
      if (isAbort(error, ctx.signal))
        return {
          output: shellOutput(callId, maxOutput, every(CANCELLED_COMMAND).map(asCancelled)),
          outcome: 'cancelled',
          summary: 'Cancelled',
        };
      throw error;
    }
  }

  const timeoutMs = Math.min(action.timeout_ms ?? settings.defaultTimeoutMs, MAX_TIMEOUT_MS);
  const limit = maxOutput ?? settings.defaultMaxOutput;
  const entries: ShellCommandOutput[] = [];
  const ends: string[] = [];
  let cancelled = false;
  let timedOut = false;
  ctx.emit({ type: 'tool_call_updated', callId, status: 'running' });
  for (const command of action.commands) {
    if (cancelled || ctx.signal.aborted) {
      cancelled = true;
      entries.push(asCancelled(notRun(CANCELLED_COMMAND)));
      continue;
    }
    if (action.commands.length > 1) ctx.emit({ type: 'tool_call_updated', callId, status: 'running', outputDelta: `$ ${command}\n` });
    let result: CommandResult;
    try {
      result = await ctx.host.runCommand(command, {
        callId,
        cwd,
        timeoutMs,
        signal: ctx.signal,
        onOutput: (chunk) => ctx.emit({ type: 'tool_call_updated', callId, status: 'running', outputDelta: chunk }),
      });
    } catch (error) {
      if (isAbort(error, ctx.signal)) {
        cancelled = true;
        entries.push(asCancelled(notRun(CANCELLED_COMMAND)));
        continue;
      }
      const message = error instanceof Error ? error.message : String(error);
      entries.push({ stdout: '', stderr: `The command could not be started: ${message}`, outcome: { type: 'exit', exit_code: 127 } });
      ends.push('could not start');
      continue;
    }
    entries.push(capped(result, limit));
    if (result.outcome.type === 'timeout') {
      timedOut = true;
      ends.push(`timed out after ${Math.round(timeoutMs / 1000)} s`);
    } else {
      ends.push(`exit ${result.outcome.exitCode}`);
    }
  }
  const output = shellOutput(callId, maxOutput, entries);
  if (cancelled) return { output, outcome: 'cancelled', summary: 'Cancelled' };
  return { output, outcome: timedOut ? 'failed' : 'completed', summary: ends.join(', ') };
}

/** Outputs for a shell_call that never got to run because the user cancelled the turn first. */
export function cancelledShell(callId: string, rawAction: unknown): ToolRun {
  const parsed = ShellActionSchema.safeParse(rawAction);
  const count = parsed.success ? parsed.data.commands.length : 1;
  const entries = Array.from({ length: count }, () => asCancelled(notRun(CANCELLED_COMMAND)));
  return { output: shellOutput(callId, echoedLimit(rawAction), entries), outcome: 'cancelled', summary: 'Cancelled' };
}

/** Stdout and stderr share the budget; whichever is shorter keeps all of its text and gives the rest to the other. */
function capped(result: CommandResult, limit: number): ShellCommandOutput {
  const { stdout, stderr } = result;
  const outcome =
    result.outcome.type === 'exit' ? { type: 'exit' as const, exit_code: result.outcome.exitCode } : { type: 'timeout' as const };
  if (stdout.length + stderr.length <= limit) return { stdout, stderr, outcome };
  const stderrShare = Math.min(stderr.length, Math.max(Math.floor(limit / 2), limit - stdout.length));
  return { stdout: limitOutput(stdout, limit - stderrShare), stderr: limitOutput(stderr, stderrShare), outcome };
}

function notRun(stderr: string): ShellCommandOutput {
  return { stdout: '', stderr, outcome: { type: 'exit', exit_code: 1 } };
}

function asCancelled(entry: ShellCommandOutput): ShellCommandOutput {
  return { ...entry, outcome: { type: 'exit', exit_code: CANCELLED_EXIT } };
}

function shellOutput(callId: string, maxOutputLength: number | null, output: ShellCommandOutput[]): ShellCallOutput {
  return { type: 'shell_call_output', call_id: callId, max_output_length: maxOutputLength, output };
}

/** The model's max_output_length, echoed even when the rest of its action was invalid. */
function echoedLimit(rawAction: unknown): number | null {
  const value = rawAction && typeof rawAction === 'object' ? (rawAction as { max_output_length?: unknown }).max_output_length : undefined;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}
