import assert from 'node:assert/strict';
import { AgentActivity } from '../../../../src/extension/agent/agentActivity';

describe('agent activity', () => {
  it('goes idle → thinking → waiting → thinking → idle through a turn with an edit review', () => {
    const a = new AgentActivity();
    assert.equal(a.state, 'idle');
    assert.equal(a.apply('chat', { type: 'turn_started', turnId: 't1', model: 'm' }), true);
    assert.equal(a.state, 'thinking');
    assert.equal(a.apply('chat', { type: 'text_delta', itemId: 'i', delta: 'x' }), false, 'deltas change nothing');
    a.apply('chat', { type: 'edit_proposed', callId: 'c1', change: 'update', path: 'a.ts', added: 1, removed: 1 });
    assert.equal(a.state, 'waiting');
    assert.equal(a.waiting, 1);
    a.apply('chat', { type: 'edit_settled', callId: 'c1' });
    assert.equal(a.state, 'thinking');
    a.apply('chat', { type: 'turn_finished', turnId: 't1', reason: 'completed' });
    assert.equal(a.state, 'idle');
  });

  it('adds up what several sources wait for, and a finished turn drops what it left pending', () => {
    const a = new AgentActivity();
    a.apply('chat', { type: 'turn_started', turnId: 't1', model: 'm' });
    a.apply('task-1', { type: 'turn_started', turnId: 't2', model: 'm' });
    a.apply('chat', { type: 'approval_requested', callId: 'c1', commands: ['ls'], allowable: true });
    a.apply('task-1', { type: 'edit_proposed', callId: 'c2', change: 'create', path: 'b.ts', added: 1, removed: 0 });
    assert.equal(a.waiting, 2);
    a.apply('chat', { type: 'approval_settled', callId: 'c1', approved: true });
    assert.equal(a.waiting, 1);
    // Cancelled while the diff was open: the turn ends without edit_settled.
    a.apply('task-1', { type: 'turn_finished', turnId: 't2', reason: 'cancelled' });
    assert.equal(a.state, 'thinking', 'the chat still runs');
    a.apply('chat', { type: 'turn_finished', turnId: 't1', reason: 'completed' });
    assert.equal(a.state, 'idle');
  });

  it('reports a change only when the state or the count moves', () => {
    const a = new AgentActivity();
    assert.equal(a.apply('chat', { type: 'edit_settled', callId: 'unknown' }), false);
    assert.equal(a.apply('chat', { type: 'turn_finished', turnId: 't', reason: 'error' }), false);
  });
});
