// The conversation as the model sees it: the Responses API input items, in order. With `store:false` the whole list is
// re-sent on every request, and it is what a session file persists, so it is validated with zod when read back.
import * as z from 'zod/mini';

const InputTextSchema = z.object({ type: z.literal('input_text'), text: z.string() });
const InputImageSchema = z.object({
  type: z.literal('input_image'),
  image_url: z.string(),
  detail: z.optional(z.enum(['low', 'high', 'auto'])),
});
export const UserContentSchema = z.union([InputTextSchema, InputImageSchema]);
export type UserContent = z.infer<typeof UserContentSchema>;

export const UserMessageSchema = z.object({
  type: z.literal('message'),
  role: z.enum(['user', 'developer']),
  content: z.array(UserContentSchema),
});
export type UserMessage = z.infer<typeof UserMessageSchema>;

const AssistantMessageSchema = z.looseObject({
  type: z.literal('message'),
  role: z.literal('assistant'),
  content: z.array(z.looseObject({ type: z.string(), text: z.optional(z.string()) })),
});

const ReasoningSchema = z.looseObject({
  type: z.literal('reasoning'),
  summary: z.array(z.looseObject({ type: z.string(), text: z.string() })),
  encrypted_content: z.optional(z.nullable(z.string())),
});

// Tool calls keep the model's payload as it came (`unknown`): an invalid payload is still part of the conversation,
// answered with a failed output; it is validated where it is executed.
const ApplyPatchCallSchema = z.looseObject({ type: z.literal('apply_patch_call'), call_id: z.string(), operation: z.unknown() });
const ShellCallSchema = z.looseObject({ type: z.literal('shell_call'), call_id: z.string(), action: z.unknown() });
const FunctionCallSchema = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
});
const CustomToolCallSchema = z.looseObject({
  type: z.literal('custom_tool_call'),
  call_id: z.string(),
  name: z.string(),
  input: z.string(),
});

export const ApplyPatchCallOutputSchema = z.object({
  type: z.literal('apply_patch_call_output'),
  call_id: z.string(),
  status: z.enum(['completed', 'failed']),
  output: z.string(),
});
export type ApplyPatchCallOutput = z.infer<typeof ApplyPatchCallOutputSchema>;

export const ShellCommandOutputSchema = z.object({
  stdout: z.string(),
  stderr: z.string(),
  outcome: z.union([z.object({ type: z.literal('exit'), exit_code: z.int() }), z.object({ type: z.literal('timeout') })]),
});
export type ShellCommandOutput = z.infer<typeof ShellCommandOutputSchema>;

export const ShellCallOutputSchema = z.object({
  type: z.literal('shell_call_output'),
  call_id: z.string(),
  max_output_length: z.nullable(z.int()),
  output: z.array(ShellCommandOutputSchema),
});
export type ShellCallOutput = z.infer<typeof ShellCallOutputSchema>;

export const FunctionCallOutputSchema = z.object({
  type: z.enum(['function_call_output', 'custom_tool_call_output']),
  call_id: z.string(),
  // Host tools (MCP) may answer with text and images: the API takes input content parts here as well as a string.
  output: z.union([z.string(), z.array(UserContentSchema)]),
});
export type FunctionCallOutput = z.infer<typeof FunctionCallOutputSchema>;

const CompactionSchema = z.looseObject({ type: z.literal('compaction'), encrypted_content: z.string() });

/** Any other item a provider returns (web search calls and the like): kept and re-sent as it came. */
const OtherItemSchema = z.looseObject({ type: z.string() });

export const HistoryItemSchema = z.union([
  UserMessageSchema,
  AssistantMessageSchema,
  ReasoningSchema,
  ApplyPatchCallSchema,
  ShellCallSchema,
  FunctionCallSchema,
  CustomToolCallSchema,
  ApplyPatchCallOutputSchema,
  ShellCallOutputSchema,
  FunctionCallOutputSchema,
  CompactionSchema,
  OtherItemSchema,
]);
export type HistoryItem = z.infer<typeof HistoryItemSchema>;

/** An item with a string `type`, as providers send them; the narrower schemas above say what we rely on. */
export type RawItem = { type: string } & Record<string, unknown>;

export type ToolOutputItem = ApplyPatchCallOutput | ShellCallOutput | FunctionCallOutput;

const CALL_TYPES = new Set(['apply_patch_call', 'shell_call', 'function_call', 'custom_tool_call']);
const OUTPUT_TYPES = new Set(['apply_patch_call_output', 'shell_call_output', 'function_call_output', 'custom_tool_call_output']);

export function isToolCall(item: HistoryItem): item is RawItem & { call_id: string } {
  return CALL_TYPES.has(item.type) && typeof (item as RawItem)['call_id'] === 'string';
}

export function isToolOutput(item: HistoryItem): item is RawItem & { call_id: string } {
  return OUTPUT_TYPES.has(item.type) && typeof (item as RawItem)['call_id'] === 'string';
}

/**
 * Output items become input items for the next request. Their `id`s are dropped: with `store:false` the server has not
 * kept them, and an input item that names an unknown id is answered with 404. Reasoning items are the exception: the
 * API requires their id, and it accepts it because the encrypted reasoning travels inline with it.
 */
export function toHistoryItem(item: RawItem): HistoryItem {
  if (item.type === 'reasoning') return { ...item } as HistoryItem;
  const { id: _id, ...rest } = item;
  return rest as HistoryItem;
}

/** Calls in `history` that have no output yet (e.g. a session that stopped mid-turn), in order. */
export function unansweredCalls(history: readonly HistoryItem[]): (RawItem & { call_id: string })[] {
  const answered = new Set<string>();
  for (const item of history) if (isToolOutput(item)) answered.add(item.call_id);
  return history.filter((item): item is RawItem & { call_id: string } => isToolCall(item) && !answered.has(item.call_id));
}

/** The text of an input or output message (text parts joined), or '' for other items. */
export function messageText(item: HistoryItem): string {
  if (item.type !== 'message') return '';
  const content = (item as RawItem)['content'];
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '',
    )
    .filter(Boolean)
    .join('\n');
}
