import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Usage } from '../../../src/shared/events';
import { ChatEvent, ChatEventSchema, Entry, EntrySchema } from '../../../src/shared/protocol';
import { entryKey, MAX_OUTPUT_CHARS, Transcript } from '../../../src/shared/transcript';

type Of<K extends Entry['kind']> = Extract<Entry, { kind: K }>;
const usage = (n: number): Usage => ({ inputTokens: n, cachedInputTokens: 0, outputTokens: n, reasoningTokens: 0, costUsd: n / 1000 });

function fold(events: ChatEvent[]): Transcript {
  const t = new Transcript();
  for (const e of events) t.apply(e);
  return t;
}

describe('transcript fold', () => {
  it('accumulates text deltas into one answer and settles it on text_done', () => {
    const t = new Transcript();
    assert.deepEqual(
      t.apply({ type: 'text_delta', itemId: 'm', delta: 'Hel' }).map((c) => c.added),
      [true],
    );
    assert.deepEqual(
      t.apply({ type: 'text_delta', itemId: 'm', delta: 'lo' }).map((c) => c.added),
      [false],
    );
    assert.deepEqual(t.entries, [{ kind: 'assistant', id: 'm', text: 'Hello', streaming: true }]);
    t.apply({ type: 'text_done', itemId: 'm', text: 'Hello.' });
    assert.deepEqual(t.entries, [{ kind: 'assistant', id: 'm', text: 'Hello.', streaming: false }]);
  });

  it('keeps reasoning summary parts apart and ends the Thinking block when the answer starts', () => {
    const t = fold([
      { type: 'reasoning_delta', itemId: 'r', summaryIndex: 0, delta: 'a' },
      { type: 'reasoning_delta', itemId: 'r', summaryIndex: 1, delta: 'b' },
      { type: 'reasoning_done', itemId: 'r', summaryIndex: 0, text: 'A' },
      { type: 'reasoning_delta', itemId: 'r', summaryIndex: 1, delta: 'c' },
    ]);
    assert.deepEqual(t.entries[0], { kind: 'reasoning', id: 'r', parts: ['A', 'bc'], streaming: true });
    const changes = t.apply({ type: 'text_delta', itemId: 'm', delta: 'x' });
    assert.deepEqual(
      changes.map((c) => c.entry.kind),
      ['assistant', 'reasoning'],
    );
    assert.equal((t.entries[0] as Of<'reasoning'>).streaming, false);
  });

  it('follows an edit from proposal through review to its outcome', () => {
    const t = fold([
      {
        type: 'tool_call_started',
        call: { kind: 'apply_patch', callId: 'c1', operation: { type: 'update_file', path: 'a.ts', diff: '', move_to: 'b.ts' } },
      },
      { type: 'tool_call_updated', callId: 'c1', status: 'awaiting_review' },
      { type: 'edit_proposed', callId: 'c1', change: 'update', path: 'a.ts', moveTo: 'b.ts', added: 4, removed: 2 },
    ]);
    assert.deepEqual(t.entries, [
      {
        kind: 'edit',
        id: 'c1',
        change: 'update',
        path: 'a.ts',
        moveTo: 'b.ts',
        status: 'awaiting_review',
        pending: true,
        added: 4,
        removed: 2,
      },
    ]);
    t.apply({ type: 'edit_settled', callId: 'c1' });
    t.apply({ type: 'tool_call_finished', callId: 'c1', outcome: 'completed', summary: 'Updated a.ts' });
    assert.deepEqual(t.entries[0], {
      kind: 'edit',
      id: 'c1',
      change: 'update',
      path: 'a.ts',
      moveTo: 'b.ts',
      status: 'completed',
      pending: false,
      added: 4,
      removed: 2,
      outcome: 'completed',
      summary: 'Updated a.ts',
    });
  });

  it('follows a command through approval, runs with exit codes and durations, and bounded live output', () => {
    const t = fold([
      { type: 'tool_call_started', call: { kind: 'shell', callId: 'c', action: { commands: ['a', 'b'] } } },
      { type: 'approval_requested', callId: 'c', commands: ['a', 'b'], why: 'contains a pipe', allowable: false },
    ]);
    assert.deepEqual(t.entries[0], {
      kind: 'command',
      id: 'c',
      commands: ['a', 'b'],
      status: 'proposed',
      pending: true,
      output: '',
      runs: [],
      why: 'contains a pipe',
      allowable: false,
    });
    t.apply({ type: 'approval_settled', callId: 'c', approved: true });
    t.apply({ type: 'command_started', callId: 'c', command: 'a' });
    t.apply({ type: 'tool_call_updated', callId: 'c', status: 'running', outputDelta: 'x'.repeat(MAX_OUTPUT_CHARS) });
    t.apply({ type: 'command_exited', callId: 'c', exitCode: 0, durationMs: 10 });
    t.apply({ type: 'command_started', callId: 'c', command: 'b' });
    t.apply({ type: 'tool_call_updated', callId: 'c', status: 'running', outputDelta: 'tail' });
    t.apply({ type: 'command_exited', callId: 'c', exitCode: null, durationMs: 20 });
    const entry = t.entries[0] as Of<'command'>;
    assert.equal(entry.pending, false);
    assert.deepEqual(entry.runs, [
      { command: 'a', exitCode: 0, durationMs: 10 },
      { command: 'b', exitCode: null, durationMs: 20 },
    ]);
    assert.equal(entry.output.length, MAX_OUTPUT_CHARS, 'live output is bounded');
    assert.ok(entry.output.startsWith('…') && entry.output.endsWith('xtail'), 'and keeps the newest output');
  });

  it('keeps one usage line per turn, updated in place', () => {
    const t = fold([
      { type: 'turn_started', turnId: 't1', model: 'm' },
      { type: 'usage', turn: usage(1), session: usage(1), contextTokens: 10, contextWindow: 100 },
      { type: 'usage', turn: usage(2), session: usage(2), contextTokens: 20, contextWindow: 100 },
      { type: 'turn_finished', turnId: 't1', reason: 'completed' },
      { type: 'turn_started', turnId: 't2', model: 'm' },
      { type: 'usage', turn: usage(3), session: usage(5), contextTokens: 30, contextWindow: 100 },
    ]);
    assert.deepEqual(
      t.entries.map((e) => [e.id, (e as Of<'usage'>).turn.inputTokens]),
      [
        ['usage:t1', 2],
        ['usage:t2', 3],
      ],
    );
  });

  it('ends a stopped turn: nothing streams or waits any more, and it says so', () => {
    const t = fold([
      { type: 'turn_started', turnId: 't', model: 'm' },
      { type: 'text_delta', itemId: 'm', delta: 'partial' },
      { type: 'tool_call_started', call: { kind: 'shell', callId: 'c', action: { commands: ['x'] } } },
      { type: 'approval_requested', callId: 'c', commands: ['x'], allowable: true },
      { type: 'turn_finished', turnId: 't', reason: 'cancelled' },
    ]);
    assert.deepEqual(
      t.entries.map((e) => [e.kind, 'streaming' in e ? e.streaming : 'pending' in e ? e.pending : (e as Of<'notice'>).text]),
      [
        ['assistant', false],
        ['command', false],
        ['notice', 'Stopped.'],
      ],
    );
  });

  it('keeps the images a tool returned on its card, and the protocol accepts the card', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const t = fold([
      { type: 'tool_call_started', call: { kind: 'function', callId: 'm1', name: 'mcp__everything__get-tiny-image', arguments: '{}' } },
      { type: 'tool_call_updated', callId: 'm1', status: 'running', outputDelta: 'a picture\n[1 image]', images: [png] },
      { type: 'tool_call_finished', callId: 'm1', outcome: 'completed', summary: 'everything/get-tiny-image: a picture' },
    ]);
    const card = t.entries.find((e): e is Of<'function'> => e.kind === 'function');
    assert.deepEqual(card?.images, [png]);
    assert.equal(card?.outcome, 'completed');
    assert.ok(EntrySchema.safeParse(card).success);
    assert.ok(!ChatEventSchema.safeParse({ type: 'tool_call_updated', callId: 'm1', status: 'running', images: ['javascript:x'] }).success);
  });

  it('ignores updates for calls it never saw', () => {
    const t = new Transcript();
    assert.deepEqual(t.apply({ type: 'tool_call_updated', callId: 'nope', status: 'running' }), []);
    assert.deepEqual(t.apply({ type: 'tool_call_finished', callId: 'nope', outcome: 'failed', summary: '' }), []);
    assert.deepEqual(t.apply({ type: 'command_exited', callId: 'nope', exitCode: 1, durationMs: 1 }), []);
    assert.deepEqual(t.entries, []);
  });

  it("puts a replay's older pages before the newest one", () => {
    const t = new Transcript([{ kind: 'notice', id: 'n3', text: '3' }]);
    t.prepend([
      { kind: 'notice', id: 'n1', text: '1' },
      { kind: 'notice', id: 'n2', text: '2' },
    ]);
    assert.deepEqual(
      t.entries.map((e) => e.id),
      ['n1', 'n2', 'n3'],
    );
  });

  it('only ever holds entries the protocol accepts, with unique keys, whatever the order of events', () => {
    const ids = fc.constantFrom('a', 'b', 'c');
    const text = fc.string({ maxLength: 8 });
    const event = fc.oneof(
      fc.record({ type: fc.constant('turn_started' as const), turnId: ids, model: fc.constant('m') }),
      fc.record({ type: fc.constant('text_delta' as const), itemId: ids, delta: text }),
      fc.record({ type: fc.constant('text_done' as const), itemId: ids, text }),
      fc.record({ type: fc.constant('reasoning_delta' as const), itemId: ids, summaryIndex: fc.nat(3), delta: text }),
      fc.record({
        type: fc.constant('tool_call_started' as const),
        call: fc.record({
          kind: fc.constant('shell' as const),
          callId: ids,
          action: fc.record({ commands: fc.array(text, { minLength: 1, maxLength: 2 }) }),
        }),
      }),
      fc.record({
        type: fc.constant('tool_call_started' as const),
        call: fc.record({
          kind: fc.constant('apply_patch' as const),
          callId: ids,
          operation: fc.record({ type: fc.constant('delete_file' as const), path: fc.constant('p') }),
        }),
      }),
      fc.record({ type: fc.constant('tool_call_updated' as const), callId: ids, status: text, outputDelta: text }),
      fc.record({
        type: fc.constant('tool_call_finished' as const),
        callId: ids,
        outcome: fc.constantFrom('completed' as const, 'failed' as const),
        summary: text,
      }),
      fc.record({
        type: fc.constant('approval_requested' as const),
        callId: ids,
        commands: fc.array(text, { maxLength: 2 }),
        allowable: fc.boolean(),
      }),
      fc.record({
        type: fc.constant('edit_proposed' as const),
        callId: ids,
        change: fc.constant('update' as const),
        path: fc.constant('p'),
        added: fc.nat(9),
        removed: fc.nat(9),
      }),
      fc.record({ type: fc.constant('command_started' as const), callId: ids, command: text }),
      fc.record({
        type: fc.constant('command_exited' as const),
        callId: ids,
        exitCode: fc.option(fc.integer(), { nil: null }),
        durationMs: fc.nat(),
      }),
      fc.record({ type: fc.constant('error' as const), message: text, retryable: fc.boolean() }),
      fc.record({
        type: fc.constant('turn_finished' as const),
        turnId: ids,
        reason: fc.constantFrom('completed' as const, 'cancelled' as const, 'step_limit' as const),
      }),
      fc.record({ type: fc.constant('user_message' as const), id: ids, text, files: fc.constant([]), images: fc.constant([]) }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (generated) => {
        const t = fold(generated.map((e) => ChatEventSchema.parse(e)));
        for (const e of t.entries) assert.ok(EntrySchema.safeParse(e).success, JSON.stringify(e));
        const keys = t.entries.filter((e) => e.kind !== 'user').map(entryKey);
        assert.equal(new Set(keys).size, keys.length);
      }),
    );
  });
});
