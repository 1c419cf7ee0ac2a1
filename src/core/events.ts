// The events the agent core reports to its hosts (the VS Code chat, the CLI). They cross into the webview,
// so they are zod schemas: the protocol reuses them and both sides validate.
import { z } from 'zod';

export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  cachedInputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  reasoningTokens: z.number().int().nonnegative(),
  /** US dollars, from the model's price table; null when the model's price is unknown. */
  costUsd: z.number().nonnegative().nullable(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const ApplyPatchOperationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('create_file'), path: z.string().min(1), diff: z.string() }),
  z.object({ type: z.literal('update_file'), path: z.string().min(1), diff: z.string(), move_to: z.string().min(1).optional() }),
  z.object({ type: z.literal('delete_file'), path: z.string().min(1) }),
]);
export type ApplyPatchOperation = z.infer<typeof ApplyPatchOperationSchema>;

export const ShellActionSchema = z.object({
  commands: z.array(z.string()).min(1),
  timeout_ms: z.number().int().positive().nullable().optional(),
  max_output_length: z.number().int().positive().nullable().optional(),
});
export type ShellAction = z.infer<typeof ShellActionSchema>;

/** How a tool call ended; every call the model makes ends in exactly one of these. */
export const ToolOutcomeSchema = z.enum(['completed', 'failed', 'rejected', 'cancelled']);
export type ToolOutcome = z.infer<typeof ToolOutcomeSchema>;

export const ToolCallSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('apply_patch'), callId: z.string(), operation: ApplyPatchOperationSchema }),
  z.object({ kind: z.literal('shell'), callId: z.string(), action: ShellActionSchema }),
  z.object({ kind: z.literal('function'), callId: z.string(), name: z.string(), arguments: z.string() }),
]);
export type ToolCall = z.infer<typeof ToolCallSchema>;

export const AgentEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('turn_started'), turnId: z.string(), model: z.string() }),
  z.object({ type: z.literal('text_delta'), itemId: z.string(), delta: z.string() }),
  z.object({ type: z.literal('text_done'), itemId: z.string(), text: z.string() }),
  z.object({ type: z.literal('reasoning_delta'), itemId: z.string(), summaryIndex: z.number().int(), delta: z.string() }),
  z.object({ type: z.literal('reasoning_done'), itemId: z.string(), summaryIndex: z.number().int(), text: z.string() }),
  z.object({ type: z.literal('tool_call_started'), call: ToolCallSchema }),
  z.object({
    type: z.literal('tool_call_updated'),
    callId: z.string(),
    /** e.g. 'awaiting_review', 'awaiting_approval', 'running' */
    status: z.string(),
    /** Live output of a running command, appended in order. */
    outputDelta: z.string().optional(),
  }),
  z.object({
    type: z.literal('tool_call_finished'),
    callId: z.string(),
    outcome: ToolOutcomeSchema,
    /** One line for the user: "Applied src/a.ts", "exit 1", "Rejected: use tabs". */
    summary: z.string(),
  }),
  z.object({ type: z.literal('usage'), turn: UsageSchema, session: UsageSchema, contextTokens: z.number().int(), contextWindow: z.number().int() }),
  z.object({ type: z.literal('retrying'), attempt: z.number().int(), delayMs: z.number().int(), reason: z.string() }),
  z.object({ type: z.literal('compacted'), tokensBefore: z.number().int(), method: z.enum(['server', 'truncate']) }),
  z.object({
    type: z.literal('error'),
    /** A sentence a user can act on, with the next step. Never contains the API key. */
    message: z.string(),
    retryable: z.boolean(),
    code: z.string().optional(),
  }),
  z.object({
    type: z.literal('turn_finished'),
    turnId: z.string(),
    reason: z.enum(['completed', 'cancelled', 'step_limit', 'incomplete', 'error']),
  }),
]);
export type AgentEvent = z.infer<typeof AgentEventSchema>;
