import assert from 'node:assert/strict';
import {
  MAX_RECENT,
  RECENT_INSTRUCTIONS_KEY,
  RecentInstructions,
  type InstructionMemory,
} from '../../../../src/extension/editorTasks/recentInstructions';

function memory(initial?: unknown): InstructionMemory & { value: unknown } {
  const m = {
    value: initial,
    get: (key: string) => (key === RECENT_INSTRUCTIONS_KEY ? m.value : undefined),
    update: async (key: string, value: unknown) => {
      assert.equal(key, RECENT_INSTRUCTIONS_KEY);
      m.value = value;
    },
  };
  return m;
}

describe('recent instructions', () => {
  it('keeps the newest first, moves a repeated one to the front and trims', async () => {
    const recent = new RecentInstructions(memory());
    await recent.remember('extract a function');
    await recent.remember('use async/await');
    await recent.remember('  extract a function ');
    assert.deepEqual(recent.list(), ['extract a function', 'use async/await']);
  });

  it(`keeps at most ${MAX_RECENT} and ignores empty ones`, async () => {
    const recent = new RecentInstructions(memory());
    for (let i = 0; i < MAX_RECENT + 5; i++) await recent.remember(`instruction ${i}`);
    await recent.remember('   ');
    const list = recent.list();
    assert.equal(list.length, MAX_RECENT);
    assert.equal(list[0], `instruction ${MAX_RECENT + 4}`);
  });

  it('reads a corrupt stored value as an empty list, and can forget one', async () => {
    assert.deepEqual(new RecentInstructions(memory({ not: 'a list' })).list(), []);
    assert.deepEqual(new RecentInstructions(memory(['ok', 42])).list(), []);
    const recent = new RecentInstructions(memory(['a', 'b']));
    await recent.forget('a');
    assert.deepEqual(recent.list(), ['b']);
  });
});
