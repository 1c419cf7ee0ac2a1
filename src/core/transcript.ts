// A saved conversation as a chat shows it after a restart: user and assistant messages, reasoning summaries, and one
// entry per tool call with how it ended (recovered from the output the model received).
import { ApplyPatchOperationSchema, ShellActionSchema, type ToolCall, type ToolOutcome } from '../shared/events';
import * as z from 'zod/mini';
import { isToolCall, isToolOutput, messageText, ShellCommandOutputSchema, type HistoryItem, type RawItem } from './history';
import { agentFunctionCall, APPLY_PATCH_FUNCTION, patchOperationsFrom, SHELL_FUNCTION } from './tools/agentFunctions';
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
      const { outcome, summary, runs = [] } = ending(outputs.get(item.call_id), item);
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
  // The function-dialect apply_patch and shell calls (every provider but OpenAI and Azure) come back as their own cards.
  if (item.type === 'function_call') {
    const agentCall = agentFunctionCall(item.call_id, item['name'], String(args ?? ''));
    if (agentCall) return agentCall;
  }
  return { kind: 'function', callId: item.call_id, name: String(item['name'] ?? ''), arguments: String(args ?? '') };
}

/** One command's result as the function-dialect shell call answered it (`shellResultText`). */
const ShellFunctionResultSchema = z.object({
  exit_code: z.nullable(z.number()),
  stdout: z.string(),
  stderr: z.string(),
});

function ending(output: RawItem | undefined, call: RawItem): { outcome: ToolOutcome | null; summary: string; runs?: SavedRun[] } {
  if (!output) return { outcome: null, summary: 'No result' };
  const text = typeof output['output'] === 'string' ? output['output'] : '';
  if (output.type === 'shell_call_output') {
    const entries = Array.isArray(output['output'])
      ? output['output'].flatMap((e) => ShellCommandOutputSchema.safeParse(e).data ?? [])
      : [];
    return commandsEnding(
      entries.map((e) => ({ stdout: e.stdout, stderr: e.stderr, exitCode: e.outcome.type === 'exit' ? e.outcome.exit_code : null })),
    );
  }
  if (output.type === 'apply_patch_call_output') {
    if (output['status'] === 'completed') return { outcome: 'completed', summary: text };
    return patchProblem(text);
  }
  if (output.type === 'function_call_output' && call['name'] === SHELL_FUNCTION.name) {
    const results = shellFunctionResults(text);
    if (results) return commandsEnding(results);
  }
  if (output.type === 'function_call_output' && call['name'] === APPLY_PATCH_FUNCTION.name) {
    const operations = patchOperationsFrom(String(call['arguments'] ?? ''));
    // Answered with one sentence per file, each success starting "Done:"; done only when every file was.
    const done = text.split('\n').filter((line) => line.startsWith('Done: ')).length;
    if (operations.ok && done === operations.value.length) return { outcome: 'completed', summary: text };
    return patchProblem(text);
  }
  return { outcome: 'failed', summary: text };
}

function patchProblem(text: string): { outcome: ToolOutcome; summary: string } {
  const lines = text.split('\n');
  if (lines.includes(CANCELLED_PATCH)) return { outcome: 'cancelled', summary: 'Cancelled' };
  if (lines.some((line) => line.startsWith('The user rejected this change'))) return { outcome: 'rejected', summary: text };
  return { outcome: 'failed', summary: text };
}

interface SavedCommand {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

function commandsEnding(entries: readonly SavedCommand[]): { outcome: ToolOutcome; summary: string; runs?: SavedRun[] } {
  const first = entries[0]?.stderr ?? '';
  if (entries.some((e) => e.stderr === CANCELLED_COMMAND)) return { outcome: 'cancelled', summary: 'Cancelled' };
  if (first.startsWith('The user rejected this command') || first.startsWith('This command was not run'))
    return { outcome: 'rejected', summary: first };
  const runs = entries.map((e) => ({ output: e.stdout + e.stderr, exitCode: e.exitCode }));
  const ends = runs.map((r) => (r.exitCode === null ? 'timed out' : `exit ${r.exitCode}`));
  return { outcome: ends.includes('timed out') ? 'failed' : 'completed', summary: ends.join(', '), runs };
}

/** The commands' results from a function-dialect shell answer: one object, or an array of them; undefined if not that. */
function shellFunctionResults(text: string): SavedCommand[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = z.array(ShellFunctionResultSchema).safeParse(Array.isArray(json) ? json : [json]);
  return parsed.success ? parsed.data.map((r) => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exit_code })) : undefined;
}
