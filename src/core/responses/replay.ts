// What the history becomes when it is sent again: only the fields each input item takes (servers answer 400 "Unknown
// parameter: 'input[3].status'" for output-only fields such as status, created_by and caller), no item ids the server
// did not keep, no reasoning another provider or model produced, and, for endpoints without the built-in tools, the
// built-in calls rewritten as the function calls that dialect speaks.
import type { ApplyPatchOperation } from '../../shared/events';
import { ApplyPatchOperationSchema, ShellActionSchema } from '../../shared/events';
import { ShellCommandOutputSchema, type HistoryItem, type RawItem } from '../history';
import { shellResultText } from '../tools/agentFunctionCalls';
import type { ToolDialect } from '../tools/dialect';

/** Marks a reasoning item with who produced it, so it is dropped after a switch of provider or model. Never sent. */
export const PRODUCER_FIELD = 'codewright_producer';

export interface ReplayOptions {
  dialect: ToolDialect;
  /** `provider base URL + model` of the coming request; reasoning marked with another producer is left out. */
  producer: string;
  /** Azure rejects item ids under `store:false`, reasoning ids included: its reasoning travels without one. */
  reasoningIds: boolean;
}

/** The fields each input item type takes; an item of a type not listed keeps its fields minus the output-only ones. */
const INPUT_FIELDS: Record<string, readonly string[]> = {
  message: ['type', 'role', 'content'],
  reasoning: ['type', 'id', 'summary', 'content', 'encrypted_content'],
  function_call: ['type', 'call_id', 'name', 'arguments'],
  function_call_output: ['type', 'call_id', 'output'],
  custom_tool_call: ['type', 'call_id', 'name', 'input'],
  custom_tool_call_output: ['type', 'call_id', 'output'],
  // The API requires apply_patch_call's status as input, unlike every other item's.
  apply_patch_call: ['type', 'call_id', 'operation', 'status'],
  apply_patch_call_output: ['type', 'call_id', 'status', 'output'],
  shell_call: ['type', 'call_id', 'action'],
  shell_call_output: ['type', 'call_id', 'max_output_length', 'output'],
  compaction: ['type', 'encrypted_content'],
};

const OUTPUT_ONLY = new Set(['id', 'status', 'created_by', 'caller', PRODUCER_FIELD]);

/** The Responses API input for `history`, following the rules above. */
export function replayInput(history: readonly HistoryItem[], options: ReplayOptions): RawItem[] {
  const items: RawItem[] = [];
  const commandsOf = new Map<string, string[]>();
  for (const item of history as readonly RawItem[]) {
    if (item.type === 'reasoning') {
      const producer = item[PRODUCER_FIELD];
      if (typeof producer === 'string' && producer !== options.producer) continue;
      if (options.dialect === 'chat') continue;
    }
    const asFunction = options.dialect === 'builtin' ? undefined : asFunctionItem(item, commandsOf);
    items.push(inputFieldsOf(asFunction ?? item, options));
  }
  return items;
}

/** Marks a reasoning item of a finished response with its producer. */
export function markProducer(item: RawItem, producer: string): RawItem {
  return item.type === 'reasoning' ? { ...item, [PRODUCER_FIELD]: producer } : item;
}

function inputFieldsOf(item: RawItem, options: ReplayOptions): RawItem {
  const allowed = INPUT_FIELDS[item.type];
  const kept: RawItem = { type: item.type };
  for (const [key, value] of Object.entries(item)) {
    if (value === undefined) continue;
    if (allowed ? !allowed.includes(key) : OUTPUT_ONLY.has(key)) continue;
    if (key === 'id' && !options.reasoningIds) continue;
    kept[key] = value;
  }
  if (item.type === 'shell_call_output' && Array.isArray(item['output'])) {
    kept['output'] = (item['output'] as Record<string, unknown>[]).map(({ stdout, stderr, outcome }) => ({ stdout, stderr, outcome }));
  }
  if (item.type === 'shell_call' && item['action'] && typeof item['action'] === 'object') {
    const { commands, timeout_ms: timeoutMs, max_output_length: maxOutputLength } = item['action'] as Record<string, unknown>;
    kept['action'] = { commands, timeout_ms: timeoutMs ?? null, max_output_length: maxOutputLength ?? null };
  }
  return kept;
}

/** A built-in call or output as the function call or output the function and chat dialects declare. */
function asFunctionItem(item: RawItem, commandsOf: Map<string, string[]>): RawItem | undefined {
  const callId = item['call_id'];
  if (typeof callId !== 'string') return undefined;
  switch (item.type) {
    case 'apply_patch_call': {
      const operation = ApplyPatchOperationSchema.safeParse(item['operation']);
      const input = operation.success ? envelopeOf(operation.data) : '';
      return { type: 'function_call', call_id: callId, name: 'apply_patch', arguments: JSON.stringify({ input }) };
    }
    case 'shell_call': {
      const action = ShellActionSchema.safeParse(item['action']);
      const commands = action.success ? action.data.commands : [];
      commandsOf.set(callId, commands);
      return { type: 'function_call', call_id: callId, name: 'shell', arguments: JSON.stringify({ commands }) };
    }
    case 'apply_patch_call_output':
      return { type: 'function_call_output', call_id: callId, output: String(item['output'] ?? '') };
    case 'shell_call_output': {
      const entries = Array.isArray(item['output']) ? item['output'].flatMap((e) => ShellCommandOutputSchema.safeParse(e).data ?? []) : [];
      return { type: 'function_call_output', call_id: callId, output: shellResultText(entries, commandsOf.get(callId) ?? []) };
    }
    default:
      return undefined;
  }
}

/** An operation written as the patch envelope the function-dialect apply_patch takes. */
export function envelopeOf(operation: ApplyPatchOperation): string {
  const body = (diff: string) => (diff === '' || diff.endsWith('\n') ? diff : `${diff}\n`);
  switch (operation.type) {
    case 'create_file':
      return `*** Begin Patch\n*** Add File: ${operation.path}\n${body(operation.diff)}*** End Patch`;
    case 'delete_file':
      return `*** Begin Patch\n*** Delete File: ${operation.path}\n*** End Patch`;
    case 'update_file': {
      const move = operation.move_to ? `*** Move to: ${operation.move_to}\n` : '';
      return `*** Begin Patch\n*** Update File: ${operation.path}\n${move}${body(operation.diff)}*** End Patch`;
    }
  }
}
