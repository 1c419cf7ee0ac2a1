import assert from 'node:assert/strict';
import type { HistoryItem } from '../../../../src/core/history';
import { transcriptOf } from '../../../../src/core/transcript';
import { userMessage } from '../../../../src/core/userInput';
import { savedEntries } from '../../../../src/extension/chat/savedTranscript';
import { EntrySchema } from '../../../../src/shared/protocol';

const IMAGE = 'data:image/png;base64,iVBORw0KGgo=';

describe('a saved session shown again', () => {
  const history: HistoryItem[] = [
    userMessage({
      text: 'Fix the parser',
      files: [{ path: 'src/parser.ts', content: 'const a = 1;' }],
      images: [{ dataUrl: IMAGE, name: 'shot.png' }],
    }),
    { type: 'reasoning', summary: [{ type: 'summary_text', text: '**Reading**' }], encrypted_content: null },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'I will edit it.' }] },
    {
      type: 'apply_patch_call',
      call_id: 'c1',
      operation: { type: 'update_file', path: 'src/parser.ts', diff: '@@\n-const a = 1;\n+const a = 2;\n+const b = 3;' },
    },
    { type: 'apply_patch_call_output', call_id: 'c1', status: 'completed', output: 'Done: updated src/parser.ts.' },
    { type: 'shell_call', call_id: 'c2', action: { commands: ['npm test'] } },
    {
      type: 'shell_call_output',
      call_id: 'c2',
      max_output_length: null,
      output: [{ stdout: 'ok\n', stderr: '', outcome: { type: 'exit', exit_code: 0 } }],
    },
    { type: 'shell_call', call_id: 'c3', action: { commands: ['rm -r x'] } },
    userMessage('Thanks'),
  ] as HistoryItem[];

  const entries = savedEntries(history, transcriptOf(history));

  it('shows the prompt without its attachments, which come back as file chips and images', () => {
    assert.deepEqual(entries[0], { kind: 'user', id: 'saved-0', text: 'Fix the parser', files: ['src/parser.ts'], images: [IMAGE] });
    assert.deepEqual(entries.at(-1), { kind: 'user', id: 'saved-6', text: 'Thanks', files: [], images: [] });
  });

  it('restores reasoning, answers, edits with their line counts, and commands with their output and exit codes', () => {
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['user', 'reasoning', 'assistant', 'edit', 'command', 'command', 'user'],
    );
    assert.deepEqual(entries[3], {
      kind: 'edit',
      id: 'c1',
      change: 'update',
      path: 'src/parser.ts',
      added: 2,
      removed: 1,
      pending: false,
      status: 'completed',
      outcome: 'completed',
      summary: 'Done: updated src/parser.ts.',
    });
    assert.deepEqual(entries[4], {
      kind: 'command',
      id: 'c2',
      commands: ['npm test'],
      pending: false,
      output: 'ok\n',
      runs: [{ command: 'npm test', exitCode: 0 }],
      status: 'completed',
      outcome: 'completed',
      summary: 'exit 0',
    });
    assert.equal((entries[5] as { status: string }).status, 'interrupted', 'a call the session never answered');
  });

  it('yields entries the protocol accepts', () => {
    for (const e of entries) assert.ok(EntrySchema.safeParse(e).success, JSON.stringify(e));
  });
});
