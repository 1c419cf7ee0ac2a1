// POST /v1/responses/compact: keeps the conversation's user messages and replaces everything else by one opaque
// compaction item, which later requests may carry in their input in place of the long history.
import type { CompactedResponse } from 'openai/resources/responses/responses';
import { newId } from './ids';

/** The compacted response on the wire (user messages are input messages, which the SDK's output type does not list). */
export type WireCompactedResponse = Omit<CompactedResponse, 'output'> & { output: Record<string, unknown>[] };

export function compactConversation(conversation: readonly Record<string, unknown>[], requestSize: number): WireCompactedResponse {
  const userMessages = conversation.filter((item) => item.type === 'message' && item.role === 'user').map(asOutputMessage);
  const folded = conversation.length - userMessages.length;
  const encrypted = `gAAAAA${Buffer.from(JSON.stringify({ compacted: folded, at: Date.now() })).toString('base64')}`;
  const outputTokens = Math.ceil(encrypted.length / 4);
  const inputTokens = Math.ceil(requestSize / 4);
  return {
    id: newId('resp'),
    object: 'response.compaction',
    created_at: Math.floor(Date.now() / 1000),
    output: [...userMessages, { id: newId('cmp'), type: 'compaction', encrypted_content: encrypted }],
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    },
  };
}

function asOutputMessage(item: Record<string, unknown>): Record<string, unknown> {
  const content = typeof item.content === 'string' ? [{ type: 'input_text', text: item.content }] : item.content;
  return { id: typeof item.id === 'string' ? item.id : newId('msg'), type: 'message', role: 'user', status: 'completed', content };
}
