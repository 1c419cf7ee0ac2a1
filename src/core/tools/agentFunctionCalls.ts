// Runs the function-dialect apply_patch and shell calls through the same review, policy and approval as the built-in
// tools, and answers each with one function_call_output the model can read: the patch results as sentences, the
// commands as JSON with their exit codes, stdout and stderr.
import type { ToolOutcome } from '../../shared/events';
import type { ShellCommandOutput } from '../history';
import { patchOperationsFrom, shellRequestFrom, workdirIn } from './agentFunctions';
import { cancelledPatch, runApplyPatch } from './applyPatch';
import { runShell, type ShellSettings } from './shell';
import { NO_WORKSPACE, type ToolContext, type ToolRun } from './toolRun';

export async function runApplyPatchFunction(callId: string, argumentsJson: string, ctx: ToolContext): Promise<ToolRun> {
  const parsed = patchOperationsFrom(argumentsJson);
  if (!parsed.ok) return failed(callId, parsed.message, `Invalid patch: ${firstLine(parsed.message)}`);
  if (ctx.root === undefined) return failed(callId, NO_WORKSPACE, 'No workspace folder');
  const runs: ToolRun[] = [];
  // One file at a time, in the patch's order: a later section may build on an earlier one the user accepted.
  for (const operation of parsed.value) {
    runs.push(ctx.signal.aborted ? cancelledPatch(callId) : await runApplyPatch(callId, operation, ctx));
  }
  const texts = runs.map((run) => (run.output.type === 'apply_patch_call_output' ? run.output.output : ''));
  return {
    output: { type: 'function_call_output', call_id: callId, output: texts.join('\n') },
    outcome: combined(runs.map((run) => run.outcome)),
    summary: runs.map((run) => run.summary).join('; '),
  };
}

export async function runShellFunction(callId: string, argumentsJson: string, ctx: ToolContext, settings: ShellSettings): Promise<ToolRun> {
  const parsed = shellRequestFrom(argumentsJson);
  if (!parsed.ok) return failed(callId, parsed.message, `Invalid command: ${firstLine(parsed.message)}`);
  if (ctx.root === undefined) return failed(callId, NO_WORKSPACE, 'No workspace folder');
  const cwd = workdirIn(ctx.root, parsed.value.workdir);
  if (!cwd.ok) return failed(callId, cwd.message, 'Invalid workdir');
  const run = await runShell(callId, parsed.value.action, { ...ctx, root: cwd.value }, settings);
  const entries = run.output.type === 'shell_call_output' ? run.output.output : [];
  return {
    ...run,
    output: { type: 'function_call_output', call_id: callId, output: shellResultText(entries, parsed.value.action.commands) },
  };
}

/** The JSON a function-dialect shell call is answered with: one object per command (just the object for one command). */
export function shellResultText(output: readonly ShellCommandOutput[], commands: readonly string[]): string {
  const entries = output.map((entry, i) => ({
    command: commands[i] ?? '',
    exit_code: entry.outcome.type === 'exit' ? entry.outcome.exit_code : null,
    ...(entry.outcome.type === 'timeout' ? { timed_out: true } : {}),
    stdout: entry.stdout,
    stderr: entry.stderr,
  }));
  return JSON.stringify(entries.length === 1 ? entries[0] : entries);
}

/** A whole patch counts as done only when every file was; otherwise the most telling of its files' endings. */
function combined(outcomes: readonly ToolOutcome[]): ToolOutcome {
  if (outcomes.includes('cancelled')) return 'cancelled';
  if (outcomes.includes('rejected')) return 'rejected';
  if (outcomes.includes('failed')) return 'failed';
  return 'completed';
}

function failed(callId: string, message: string, summary: string): ToolRun {
  return { output: { type: 'function_call_output', call_id: callId, output: message }, outcome: 'failed', summary };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
