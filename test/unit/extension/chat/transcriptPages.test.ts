import assert from 'node:assert/strict';
import type { Entry } from '../../../../src/shared/protocol';
import { REPLAY_PAGE, transcriptMessages } from '../../../../src/extension/chat/transcriptPages';

const notes = (n: number): Entry[] => Array.from({ length: n }, (_, i) => ({ kind: 'notice', id: `n${i}`, text: `note ${i}` }));

describe('transcript pages', () => {
  it('sends a short chat in one message, with its session, usage and running state', () => {
    const usage = {
      session: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0, costUsd: 0 },
      contextTokens: 1,
      contextWindow: 10,
    };
    const session = { id: 's', title: 'T', model: 'm', updatedAt: 1 };
    const messages = transcriptMessages({ replay: 3, session, entries: notes(2), running: true, usage });
    assert.deepEqual(messages, [{ type: 'transcript', replay: 3, session, entries: notes(2), running: true, usage }]);
  });

  it('sends the newest page first, then older pages back to the start, all tagged with the replay', () => {
    const entries = notes(REPLAY_PAGE * 2 + 5);
    const messages = transcriptMessages({ replay: 7, session: null, entries, running: false });
    assert.deepEqual(
      messages.map((m) => m.type),
      ['transcript', 'transcript_older', 'transcript_older'],
    );
    const pages = messages.map((m) => ('entries' in m ? m.entries : []));
    assert.deepEqual(
      pages.map((p) => p.length),
      [REPLAY_PAGE, REPLAY_PAGE, 5],
    );
    assert.deepEqual([...pages].reverse().flat(), entries, 'the pages put back together are the whole chat, in order');
    assert.ok(messages.every((m) => 'replay' in m && m.replay === 7));
    assert.ok(!('usage' in messages[0]!), 'no usage without a session');
  });
});
