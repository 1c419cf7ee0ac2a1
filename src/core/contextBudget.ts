// Keeping the conversation inside the model's context window when the provider cannot compact it for us: estimate
// its size, and shrink it by blanking the oldest tool outputs first (they are the bulk of a coding session and the
// least likely to matter later), then by dropping old reasoning. Calls keep their outputs, so the API stays satisfied.
import type { HistoryItem, RawItem } from './history';

/** Rough token count: about four characters per token for English and code (JSON punctuation included). */
export function estimateTokens(history: readonly HistoryItem[]): number {
  let chars = 0;
  for (const item of history) chars += JSON.stringify(item).length;
  return Math.ceil(chars / 4);
}

export const REMOVED_OUTPUT = '[output removed to save context space]';

/**
 * A copy of `history` no larger than `targetTokens` if that can be reached by blanking tool outputs (oldest first) and
 * then dropping reasoning items (oldest first). User and assistant messages are never touched. Items are replaced, not
 * mutated, so snapshots already handed out stay intact.
 */
export function truncateHistory(history: readonly HistoryItem[], targetTokens: number): HistoryItem[] {
  const items = [...history];
  let tokens = estimateTokens(items);
  for (let i = 0; i < items.length && tokens > targetTokens; i++) {
    const blanked = blankOutput(items[i]!);
    if (!blanked) continue;
    tokens += estimateTokens([blanked]) - estimateTokens([items[i]!]);
    items[i] = blanked;
  }
  for (let i = 0; i < items.length && tokens > targetTokens;) {
    if (items[i]!.type === 'reasoning') {
      tokens -= estimateTokens([items[i]!]);
      items.splice(i, 1);
    } else {
      i++;
    }
  }
  return items;
}

function blankOutput(item: HistoryItem): HistoryItem | undefined {
  const raw = item as RawItem;
  switch (item.type) {
    case 'apply_patch_call_output':
    case 'function_call_output':
    case 'custom_tool_call_output':
      return raw['output'] === REMOVED_OUTPUT ? undefined : ({ ...raw, output: REMOVED_OUTPUT } as HistoryItem);
    case 'shell_call_output': {
      const entries = Array.isArray(raw['output']) ? (raw['output'] as { stdout: string; stderr: string; outcome: unknown }[]) : [];
      if (entries.every((e) => e.stdout === REMOVED_OUTPUT || (e.stdout === '' && e.stderr === ''))) return undefined;
      return { ...raw, output: entries.map((e) => ({ ...e, stdout: REMOVED_OUTPUT, stderr: '' })) } as HistoryItem;
    }
    default:
      return undefined;
  }
}
