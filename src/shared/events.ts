// The events the agent core reports to its hosts (the VS Code chat, the CLI). They cross into the webview,
// so they are zod schemas: the protocol reuses them and both sides validate. `zod/mini` keeps the extension's
// entry and the webview bundle small (the classic API weighs ~450 KB minified).
import * as z from 'zod/mini';

const count = z.int().check(z.minimum(0));
const nonEmpty = z.string().check(z.minLength(1));

/** Images as data URLs: pasted into the composer, or returned by a tool; shown in the chat and sent to the model. */
export const MAX_IMAGE_DATA_URL = 20 * 1024 * 1024;
export const ImageDataUrlSchema = z
  .string()
  .check(z.maxLength(MAX_IMAGE_DATA_URL), z.regex(/^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]*={0,2}$/));

export const UsageSchema = z.object({
  inputTokens: count,
  cachedInputTokens: count,
  outputTokens: count,
  reasoningTokens: count,
  /** US dollars, from the model's price table; null when the model's price is unknown. */
  costUsd: z.nullable(z.number().check(z.minimum(0))),
});
export type Usage = z.infer<typeof UsageSchema>;

export const ApplyPatchOperationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('create_file'), path: nonEmpty, diff: z.string() }),
  z.object({ type: z.literal('update_file'), path: nonEmpty, diff: z.string(), move_to: z.optional(z.nullable(nonEmpty)) }),
  z.object({ type: z.literal('delete_file'), path: nonEmpty }),
]);
export type ApplyPatchOperation = z.infer<typeof ApplyPatchOperationSchema>;

export const ShellActionSchema = z.object({
  commands: z.array(z.string()).check(z.minLength(1)),
  timeout_ms: z.optional(z.nullable(z.int().check(z.positive()))),
  max_output_length: z.optional(z.nullable(z.int().check(z.positive()))),
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
  z.object({
    type: z.literal('turn_started'),
    turnId: z.string(),
    model: z.string(),
    /** True when the turn continues the last prompt (Retry) rather than answering a new one. */
    retry: z.optional(z.boolean()),
  }),
  z.object({ type: z.literal('text_delta'), itemId: z.string(), delta: z.string() }),
  z.object({ type: z.literal('text_done'), itemId: z.string(), text: z.string() }),
  z.object({ type: z.literal('reasoning_delta'), itemId: z.string(), summaryIndex: z.int(), delta: z.string() }),
  z.object({ type: z.literal('reasoning_done'), itemId: z.string(), summaryIndex: z.int(), text: z.string() }),
  z.object({ type: z.literal('tool_call_started'), call: ToolCallSchema }),
  z.object({
    type: z.literal('tool_call_updated'),
    callId: z.string(),
    /** e.g. 'awaiting_review', 'awaiting_approval', 'running' */
    status: z.string(),
    /** Live output of a running command, appended in order. */
    outputDelta: z.optional(z.string()),
    /** Images a tool returned (an MCP result), shown on its card as they went to the model. */
    images: z.optional(z.array(ImageDataUrlSchema)),
  }),
  z.object({
    type: z.literal('tool_call_finished'),
    callId: z.string(),
    outcome: ToolOutcomeSchema,
    /** One line for the user: "Applied src/a.ts", "exit 1", "Rejected: use tabs". */
    summary: z.string(),
  }),
  z.object({ type: z.literal('usage'), turn: UsageSchema, session: UsageSchema, contextTokens: z.int(), contextWindow: z.int() }),
  z.object({ type: z.literal('retrying'), attempt: z.int(), delayMs: z.int(), reason: z.string() }),
  z.object({ type: z.literal('compacted'), tokensBefore: z.int(), method: z.enum(['server', 'truncate']) }),
  z.object({
    type: z.literal('error'),
    /** A sentence a user can act on, with the next step. Never contains the API key. */
    message: z.string(),
    retryable: z.boolean(),
    code: z.optional(z.string()),
  }),
  z.object({
    type: z.literal('turn_finished'),
    turnId: z.string(),
    reason: z.enum(['completed', 'cancelled', 'step_limit', 'incomplete', 'error']),
  }),
]);
export type AgentEvent = z.infer<typeof AgentEventSchema>;
