// The one place an apply_patch_call becomes a file change: validate the operation, let the patch engine compute the
// proposed content, hand it to the host for review, and answer the model with what happened.
import { ApplyPatchOperationSchema, type ApplyPatchOperation } from '../../shared/events';
import type { ApplyPatchCallOutput } from '../history';
import { PatchError, proposeChange } from '../patch';
import { describeSchemaError } from '../schemaError';
import { NO_WORKSPACE, isAbort, type ToolContext, type ToolRun } from './toolRun';

export const CANCELLED_PATCH = 'The user cancelled this call before it finished; the change was not applied.';

export async function runApplyPatch(callId: string, rawOperation: unknown, ctx: ToolContext): Promise<ToolRun> {
  const parsed = ApplyPatchOperationSchema.safeParse(rawOperation);
  if (!parsed.success) {
    const why = describeSchemaError(parsed.error);
    return failed(
      callId,
      `Invalid apply_patch operation (${why}). Send create_file, update_file or delete_file with a relative path.`,
      `Invalid patch: ${why}`,
    );
  }
  const operation = parsed.data;
  if (ctx.root === undefined) return failed(callId, NO_WORKSPACE, 'No workspace folder');

  let change;
  try {
    change = await proposeChange(ctx.root, operation);
  } catch (error) {
    if (error instanceof PatchError) return failed(callId, error.message, `Patch failed: ${firstLine(error.message)}`);
    const message = error instanceof Error ? error.message : String(error);
    return failed(callId, `The patch could not be prepared: ${message}`, `Patch failed: ${firstLine(message)}`);
  }

  ctx.emit({ type: 'tool_call_updated', callId, status: 'awaiting_review' });
  try {
    const decision = await ctx.host.reviewEdit({ callId, operation, change }, ctx.signal);
    switch (decision.status) {
      case 'accepted': {
        const note = decision.note?.trim() ? ` The user added: ${decision.note.trim()}` : '';
        return {
          output: output(callId, 'completed', `Done: ${describe(operation)}.${note}`),
          outcome: 'completed',
          summary: capitalise(describe(operation)),
        };
      }
      case 'rejected': {
        const reason = decision.reason?.trim() || 'no reason given';
        return {
          output: output(callId, 'failed', `The user rejected this change: ${reason}`),
          outcome: 'rejected',
          summary: `Rejected: ${reason}`,
        };
      }
      case 'failed':
        return failed(
          callId,
          `The change was accepted but could not be written: ${decision.reason}`,
          `Write failed: ${firstLine(decision.reason)}`,
        );
    }
  } catch (error) {
    if (isAbort(error, ctx.signal)) return cancelledPatch(callId);
    const message = error instanceof Error ? error.message : String(error);
    return failed(callId, `The change could not be reviewed: ${message}`, `Review failed: ${firstLine(message)}`);
  }
}

export function cancelledPatch(callId: string): ToolRun {
  return { output: output(callId, 'failed', CANCELLED_PATCH), outcome: 'cancelled', summary: 'Cancelled' };
}

function describe(operation: ApplyPatchOperation): string {
  switch (operation.type) {
    case 'create_file':
      return `created ${operation.path}`;
    case 'delete_file':
      return `deleted ${operation.path}`;
    case 'update_file':
      return operation.move_to ? `updated ${operation.path} and moved it to ${operation.move_to}` : `updated ${operation.path}`;
  }
}

function failed(callId: string, message: string, summary: string): ToolRun {
  return { output: output(callId, 'failed', message), outcome: 'failed', summary };
}

function output(callId: string, status: 'completed' | 'failed', text: string): ApplyPatchCallOutput {
  return { type: 'apply_patch_call_output', call_id: callId, status, output: text };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
