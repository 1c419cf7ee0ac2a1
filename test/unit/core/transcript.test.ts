import assert from 'node:assert/strict';
import type { HistoryItem } from '../../../src/core/history';
import { transcriptOf } from '../../../src/core/transcript';
import { shellResultText } from '../../../src/core/tools/agentFunctionCalls';

describe('transcriptOf', () => {
  it('recovers what a chat shows from a saved history', () => {
    const history = [
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'Fix it' },
          { type: 'input_image', image_url: 'data:image/png;base64,AA==' },
        ],
      },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Looking.' }], encrypted_content: 'e' },
      {
        type: 'apply_patch_call',
        call_id: 'p1',
        status: 'completed',
        operation: { type: 'update_file', path: 'a.ts', diff: '@@\n-a\n+b' },
      },
      { type: 'apply_patch_call_output', call_id: 'p1', status: 'failed', output: 'The user rejected this change: no' },
      { type: 'shell_call', call_id: 's1', action: { commands: ['npm test', 'npm run slow'], timeout_ms: null, max_output_length: null } },
      {
        type: 'shell_call_output',
        call_id: 's1',
        max_output_length: null,
        output: [
          { stdout: 'ok\n', stderr: 'warn\n', outcome: { type: 'exit', exit_code: 1 } },
          { stdout: 'started\n', stderr: '', outcome: { type: 'timeout' } },
        ],
      },
      { type: 'shell_call', call_id: 's2', action: { commands: ['rm -r build'], timeout_ms: null, max_output_length: null } },
      {
        type: 'shell_call_output',
        call_id: 's2',
        max_output_length: null,
        output: [{ stdout: '', stderr: 'The user rejected this command: not now', outcome: { type: 'exit', exit_code: 1 } }],
      },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Tests fail.', annotations: [] }] },
    ] as HistoryItem[];
    assert.deepEqual(transcriptOf(history), [
      { kind: 'user', text: 'Fix it', images: 1 },
      { kind: 'reasoning', text: 'Looking.' },
      {
        kind: 'tool',
        callId: 'p1',
        call: { kind: 'apply_patch', callId: 'p1', operation: { type: 'update_file', path: 'a.ts', diff: '@@\n-a\n+b' } },
        outcome: 'rejected',
        summary: 'The user rejected this change: no',
        runs: [],
      },
      {
        kind: 'tool',
        callId: 's1',
        call: {
          kind: 'shell',
          callId: 's1',
          action: { commands: ['npm test', 'npm run slow'], timeout_ms: null, max_output_length: null },
        },
        outcome: 'failed',
        summary: 'exit 1, timed out',
        runs: [
          { output: 'ok\nwarn\n', exitCode: 1 },
          { output: 'started\n', exitCode: null },
        ],
      },
      {
        kind: 'tool',
        callId: 's2',
        call: { kind: 'shell', callId: 's2', action: { commands: ['rm -r build'], timeout_ms: null, max_output_length: null } },
        outcome: 'rejected',
        summary: 'The user rejected this command: not now',
        runs: [],
      },
      { kind: 'assistant', text: 'Tests fail.' },
    ]);
  });

  it('shows the function-dialect apply_patch and shell calls of other providers as edits and commands, with how they ended', () => {
    const patch = (body: string) => JSON.stringify({ input: `*** Begin Patch\n${body}\n*** End Patch` });
    const ran = shellResultText([{ stdout: 'hi\n', stderr: '', outcome: { type: 'exit', exit_code: 0 } }], ['echo hi']);
    const refused = shellResultText(
      [{ stdout: '', stderr: 'The user rejected this command: keep it', outcome: { type: 'exit', exit_code: 1 } }],
      ['rm -r build'],
    );
    const history = [
      { type: 'function_call', call_id: 'f1', name: 'shell', arguments: JSON.stringify({ command: 'echo hi' }) },
      { type: 'function_call_output', call_id: 'f1', output: ran },
      { type: 'function_call', call_id: 'f2', name: 'shell', arguments: JSON.stringify({ commands: ['rm -r build'] }) },
      { type: 'function_call_output', call_id: 'f2', output: refused },
      { type: 'function_call', call_id: 'f3', name: 'apply_patch', arguments: patch('*** Add File: notes.txt\n+one\n+two') },
      { type: 'function_call_output', call_id: 'f3', output: 'Done: created notes.txt.' },
      { type: 'function_call', call_id: 'f4', name: 'apply_patch', arguments: patch('*** Add File: a.txt\n+a\n*** Add File: b.txt\n+b') },
      { type: 'function_call_output', call_id: 'f4', output: 'Done: created a.txt.\nThe user rejected this change: not b' },
      { type: 'function_call', call_id: 'f5', name: 'lookup', arguments: '{}' },
      { type: 'function_call_output', call_id: 'f5', output: 'Done: nothing' },
    ] as HistoryItem[];
    const tools = transcriptOf(history).flatMap((e) => (e.kind === 'tool' ? [e] : []));
    assert.deepEqual(
      tools.map((t) => [t.call?.kind, t.outcome]),
      [
        ['shell', 'completed'],
        ['shell', 'rejected'],
        ['apply_patch', 'completed'],
        ['function', 'rejected'],
        ['function', 'failed'],
      ],
    );
    assert.deepEqual(tools[0]!.runs, [{ output: 'hi\n', exitCode: 0 }]);
    assert.deepEqual(tools[2]!.call, {
      kind: 'apply_patch',
      callId: 'f3',
      operation: { type: 'create_file', path: 'notes.txt', diff: '+one\n+two\n' },
    });
  });
});
