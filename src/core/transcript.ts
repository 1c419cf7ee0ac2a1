// A saved conversation as a chat shows it after a restart: user and assistant messages, reasoning summaries, and one
// entry per tool call with how it ended (recovered from the output the model received).
import { ApplyPatchOperationSchema, ShellActionSchema, type ToolCall, type ToolOutcome } from '../shared/events';
import { isToolCall, isToolOutput, messageText, ShellCommandOutputSchema, type HistoryItem, type RawItem } from './history';
import { CANCELLED_PATCH } from './tools/applyPatch';
import { CANCELLED_COMMAND } from './tools/shell';

export type TranscriptEntry =
  | { kind: 'user'; text: string; images: number }
  | { kind: 'assistant'; text: string }
  | { kind: 'reasoning'; text: string }
  /** `runs`: what each command of a shell call printed and how it ended, as the model received it (empty if none ran). */
  | { kind: 'tool'; callId: string; call: ToolCall | null; outcome: ToolOutcome | null; summary: string; runs: SavedRun[] }
  /** Older turns were compacted; what they said is no longer readable. */
  | { kind: 'compaction' };

/** One command's output; `exitCode` null when it timed out. */
export interface SavedRun {
  output: string;
  exitCode: number | null;
}

export function transcriptOf(history: readonly HistoryItem[]): TranscriptEntry[] {
  const outputs = new Map<string, RawItem>();
  for (const item of history) if (isToolOutput(item)) outputs.set(item.call_id, item);
  const entries: TranscriptEntry[] = [];
  for (const item of history) {
    const raw = item as RawItem;
    if (item.type === 'message') {
      const text = messageText(item);
      if (raw['role'] === 'assistant') entries.push({ kind: 'assistant', text });
      else if (raw['role'] === 'user') {
        const content = Array.isArray(raw['content']) ? (raw['content'] as { type?: unknown }[]) : [];
        entries.push({ kind: 'user', text, images: content.filter((part) => part.type === 'input_image').length });
      }
    } else if (item.type === 'reasoning') {
      const summary = Array.isArray(raw['summary']) ? (raw['summary'] as { text?: unknown }[]) : [];
      const text = summary
        .map((part) => (typeof part.text === 'string' ? part.text : ''))
        .filter(Boolean)
        .join('\n\n');
      if (text) entries.push({ kind: 'reasoning', text });
    } else if (item.type === 'compaction') {
      entries.push({ kind: 'compaction' });
    } else if (isToolCall(item)) {
      const { outcome, summary, runs = [] } = ending(outputs.get(item.call_id));
      entries.push({ kind: 'tool', callId: item.call_id, call: callOf(item), outcome, summary, runs });
    }
  }
  return entries;
}

function callOf(item: RawItem & { call_id: string }): ToolCall | null {
  if (item.type === 'apply_patch_call') {
    const operation = ApplyPatchOperationSchema.safeParse(item['operation']);
    return operation.success ? { kind: 'apply_patch', callId: item.call_id, operation: operation.data } : null;
  }
  if (item.type === 'shell_call') {
    const action = ShellActionSchema.safeParse(item['action']);
    return action.success ? { kind: 'shell', callId: item.call_id, action: action.data } : null;
  }
  const args = item.type === 'custom_tool_call' ? item['input'] : item['arguments'];
  return { kind: 'function', callId: item.call_id, name: String(item['name'] ?? ''), arguments: String(args ?? '') };
}

function ending(output: RawItem | undefined): { outcome: ToolOutcome | null; summary: string; runs?: SavedRun[] } {
  if (!output) return { outcome: null, summary: 'No result' };
  if (output.type === 'shell_call_output') {
    const entries = Array.isArray(output['output'])
      ? output['output'].flatMap((e) => ShellCommandOutputSchema.safeParse(e).data ?? [])
      : [];
    const first = entries[0]?.stderr ?? '';
    if (entries.some((e) => e.stderr === CANCELLED_COMMAND)) return { outcome: 'cancelled', summary: 'Cancelled' };
    if (first.startsWith('The user rejected this command') || first.startsWith('This command was not run'))
      return { outcome: 'rejected', summary: first };
    const runs = entries.map((e) => ({ output: e.stdout + e.stderr, exitCode: e.outcome.type === 'exit' ? e.outcome.exit_code : null }));
    const ends = runs.map((r) => (r.exitCode === null ? 'timed out' : `exit ${r.exitCode}`));
    return { outcome: ends.includes('timed out') ? 'failed' : 'completed', summary: ends.join(', '), runs };
  }
  const text = typeof output['output'] === 'string' ? output['output'] : '';
  if (output.type === 'apply_patch_call_output') {
    if (output['status'] === 'completed') return { outcome: 'completed', summary: text };
    if (text === CANCELLED_PATCH) return { outcome: 'cancelled', summary: 'Cancelled' };
    if (text.startsWith('The user rejected this change')) return { outcome: 'rejected', summary: text };
    return { outcome: 'failed', summary: text };
  }
  return { outcome: 'failed', summary: text };
}
