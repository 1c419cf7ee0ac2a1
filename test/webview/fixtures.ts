// Conversations for the webview tests and the chat benchmark: realistic entries and event streams.
import type { Usage } from '../../src/shared/events';
import type { ChatEvent, Entry, HostMessage } from '../../src/shared/protocol';

/** A replay as the host sends it: the newest page in `transcript`, then older pages newest first. */
export function replay(entries: Entry[], id = 1, page = 200): HostMessage[] {
  let start = Math.max(0, entries.length - page);
  const messages: HostMessage[] = [{ type: 'transcript', replay: id, session: null, running: false, entries: entries.slice(start) }];
  while (start > 0) {
    const end = start;
    start = Math.max(0, start - page);
    messages.push({ type: 'transcript_older', replay: id, entries: entries.slice(start, end) });
  }
  return messages;
}

export const USAGE: Usage = { inputTokens: 12_400, cachedInputTokens: 8_000, outputTokens: 1_250, reasoningTokens: 600, costUsd: 0.0231 };

export const ANSWER = [
  '## Plan',
  '',
  'The parser drops the **last token** when the input ends without a newline. I will:',
  '',
  '1. add a failing test in `test/parser.test.ts`;',
  '2. fix the loop in `src/parser.ts`;',
  '3. run the tests.',
  '',
  '```ts',
  'export function tokens(text: string): string[] {',
  "  return text.split(/\\s+/).filter((t) => t !== '');",
  '}',
  '```',
  '',
  '| file | change |',
  '| --- | ---: |',
  '| src/parser.ts | 3 lines |',
  '',
  'See [the docs](https://example.com/docs) for details.',
].join('\n');

/** Splits `text` into deltas of `size` characters, as a model stream would deliver it. */
export function deltas(itemId: string, text: string, size = 4): ChatEvent[] {
  const events: ChatEvent[] = [];
  for (let i = 0; i < text.length; i += size) events.push({ type: 'text_delta', itemId, delta: text.slice(i, i + size) });
  return events;
}

export function event(e: ChatEvent): HostMessage {
  return { type: 'event', event: e };
}

/** A long, mixed conversation: prompts, Markdown answers with code, edit and command cards, usage lines. */
export function longSession(messages: number): Entry[] {
  const entries: Entry[] = [];
  for (let i = 0; entries.length < messages; i++) {
    entries.push({
      kind: 'user',
      id: `u${i}`,
      text: `Question ${i}: why does the build fail on step ${i}?`,
      files: i % 5 === 0 ? ['src/build.ts'] : [],
      images: [],
    });
    if (i % 3 === 0)
      entries.push({
        kind: 'reasoning',
        id: `r${i}`,
        parts: [`**Looking at step ${i}**\n\nThe log points at the bundler configuration.`],
        streaming: false,
      });
    entries.push({ kind: 'assistant', id: `a${i}`, text: `${ANSWER}\n\nAnswer number ${i}.`, streaming: false });
    if (i % 4 === 0) {
      entries.push({
        kind: 'edit',
        id: `e${i}`,
        change: 'update',
        path: `src/step${i}.ts`,
        added: 3,
        removed: 1,
        status: 'completed',
        pending: false,
        outcome: 'completed',
        summary: `Updated src/step${i}.ts`,
      });
    }
    if (i % 4 === 2) {
      entries.push({
        kind: 'command',
        id: `c${i}`,
        commands: ['npm test'],
        status: 'completed',
        pending: false,
        output: 'ok 1 - parses\nok 2 - tokens\n',
        runs: [{ command: 'npm test', exitCode: 0, durationMs: 1234 }],
        outcome: 'completed',
        summary: 'exit 0',
      });
    }
    entries.push({
      kind: 'usage',
      id: `usage:${i}`,
      turn: USAGE,
      session: { ...USAGE, inputTokens: USAGE.inputTokens * (i + 1) },
      contextTokens: 20_000,
      contextWindow: 400_000,
    });
  }
  return entries.slice(0, messages);
}
