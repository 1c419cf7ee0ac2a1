import assert from 'node:assert/strict';
import type { HistoryItem } from '../../../../src/core/history';
import type { SessionRecord } from '../../../../src/core/sessionStore';
import { userMessage } from '../../../../src/core/userInput';
import { historyBefore, rewoundRecord } from '../../../../src/extension/chat/rewind';

const answer = (text: string): HistoryItem => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });

describe('going back to before a user message (Retry, Edit and resend)', () => {
  const history: HistoryItem[] = [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Standing instructions' }] },
    userMessage('First'),
    answer('One'),
    userMessage('Second'),
    { type: 'shell_call', call_id: 'c1', action: { commands: ['npm test'] } },
    {
      type: 'shell_call_output',
      call_id: 'c1',
      max_output_length: null,
      output: [{ stdout: 'ok\n', stderr: '', outcome: { type: 'exit', exit_code: 0 } }],
    },
    answer('Two'),
  ];

  it('drops the last user message and everything after it', () => {
    assert.deepEqual(historyBefore(history, 1), history.slice(0, 3));
  });

  it('counts user messages from the end, past tool calls, and never counts developer messages', () => {
    assert.deepEqual(historyBefore(history, 2), history.slice(0, 1));
  });

  it('says so when the history no longer holds that message (compacted away)', () => {
    assert.equal(historyBefore(history, 3), undefined);
    assert.equal(historyBefore([], 1), undefined);
  });

  it("resumes from the shorter history without the provider's stored chain, which still holds what was dropped", () => {
    const record = { id: 's1', history, previousResponseId: 'resp_9', sentCount: 7 } as unknown as SessionRecord;
    const rewound = rewoundRecord(record, 1)!;
    assert.deepEqual(rewound.history, history.slice(0, 3));
    assert.equal(rewound.previousResponseId, null);
    assert.equal(rewound.sentCount, 0);
    assert.equal(rewound.id, 's1', 'the same chat, saved in place');
    assert.equal(record.history.length, 7, 'the record it came from is unchanged');
    assert.equal(rewoundRecord(record, 5), undefined);
  });
});
