// The conversation as Chat Completions messages, for endpoints without /responses: the system prompt, user and assistant
// messages, each run of function calls as one assistant message with `tool_calls`, and each output as a `role: "tool"`
// message. Takes the input `replayInput` made for the chat dialect, so built-in calls are already function calls.
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';
import type { RawItem } from '../history';

export function chatMessages(instructions: string, input: readonly RawItem[]): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: instructions }];
  let assistant: { text: string; calls: ChatCompletionMessageToolCall[] } | undefined;
  const flush = () => {
    if (!assistant) return;
    messages.push({
      role: 'assistant',
      content: assistant.text === '' ? null : assistant.text,
      ...(assistant.calls.length > 0 ? { tool_calls: assistant.calls } : {}),
    });
    assistant = undefined;
  };
  for (const item of input) {
    if (item.type === 'message' && item['role'] === 'assistant') {
      flush();
      assistant = { text: textOf(item['content']), calls: [] };
    } else if (item.type === 'function_call') {
      assistant ??= { text: '', calls: [] };
      assistant.calls.push({
        id: String(item['call_id']),
        type: 'function',
        function: { name: String(item['name'] ?? ''), arguments: String(item['arguments'] ?? '') },
      });
    } else if (item.type === 'function_call_output') {
      flush();
      messages.push({ role: 'tool', tool_call_id: String(item['call_id']), content: outputText(item['output']) });
    } else if (item.type === 'message') {
      flush();
      const role = item['role'] === 'developer' || item['role'] === 'system' ? 'system' : 'user';
      messages.push(role === 'system' ? { role, content: textOf(item['content']) } : { role, content: userContent(item['content']) });
    }
    // Reasoning and compaction items are opaque to Chat Completions servers and are left out.
  }
  flush();
  return messages;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (part && typeof part === 'object' && 'text' in part && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

function userContent(content: unknown): string | ChatCompletionContentPart[] {
  if (!Array.isArray(content)) return textOf(content);
  const parts: ChatCompletionContentPart[] = [];
  for (const part of content as Record<string, unknown>[]) {
    if (part['type'] === 'input_text' && typeof part['text'] === 'string') parts.push({ type: 'text', text: part['text'] });
    if (part['type'] === 'input_image' && typeof part['image_url'] === 'string')
      parts.push({ type: 'image_url', image_url: { url: part['image_url'] } });
  }
  return parts.every((part) => part.type === 'text') ? parts.map((part) => (part as { text: string }).text).join('\n') : parts;
}

/** A tool message carries text; images a host tool returned are named, since most Chat Completions servers take none there. */
function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (!Array.isArray(output)) return '';
  return (output as Record<string, unknown>[])
    .map((part) => (part['type'] === 'input_text' ? String(part['text'] ?? '') : part['type'] === 'input_image' ? '[image]' : ''))
    .filter(Boolean)
    .join('\n');
}
