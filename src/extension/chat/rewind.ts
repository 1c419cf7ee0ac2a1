// Retry and Edit on a user message take the chat back to before that message: the model's history loses it and
// everything after it. History is counted from its end, because compaction may have dropped its beginning.
import type { HistoryItem, SessionRecord } from '../../core/index';

/** `history` up to (not including) its `count`-th last user message; undefined when it holds fewer (compacted away). */
export function historyBefore(history: readonly HistoryItem[], count: number): HistoryItem[] | undefined {
  let seen = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const item = history[i]!;
    if (item.type === 'message' && 'role' in item && item.role === 'user' && ++seen === count) return history.slice(0, i);
  }
  return undefined;
}

/** The saved session as it was before its `count`-th last user message, to be resumed from there. */
export function rewoundRecord(record: SessionRecord, count: number): SessionRecord | undefined {
  const history = historyBefore(record.history, count);
  // The provider's stored chain includes what is dropped: the next request re-sends the whole (shorter) history.
  return history && { ...record, history, previousResponseId: null, sentCount: 0 };
}
