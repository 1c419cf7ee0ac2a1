import assert from 'node:assert/strict';
import { modelRows } from '../../../../src/core/models/choices';

const TODAY = new Date('2026-11-30T12:00:00Z');

describe('model picker rows', () => {
  it('puts preferred models first, flags one near its shutdown with a served replacement, and lists its efforts', () => {
    const rows = modelRows(
      [
        { id: 'gpt-5', shutdownDate: '2026-12-11' },
        { id: 'my-fine-tune', shutdownDate: null },
        { id: 'gpt-6.1-sol', shutdownDate: null },
        { id: 'gpt-6.2-sol', shutdownDate: null },
      ],
      { today: TODAY, tableDates: true },
    );
    assert.deepEqual(
      rows.map((r) => r.id),
      ['gpt-6.2-sol', 'gpt-6.1-sol', 'gpt-5', 'my-fine-tune'],
    );
    const gpt5 = rows.find((r) => r.id === 'gpt-5')!;
    assert.equal(gpt5.warning, 'gpt-5 shuts down on 2026-12-11 (in 11 days): switch to gpt-6.1-sol before then.');
    assert.equal(gpt5.replacement, 'gpt-6.1-sol');
    assert.deepEqual(rows[0]!.efforts, ['low', 'medium', 'high', 'xhigh', 'max']);
    assert.equal(rows[0]!.warning, undefined);
  });

  it("flags a served model past OpenAI's date on OpenAI, and not on a gateway that still serves it", () => {
    const served = [
      { id: 'gpt-5.1-codex', shutdownDate: null },
      { id: 'gpt-6.1-sol', shutdownDate: null },
    ];
    const openai = modelRows(served, { today: TODAY, tableDates: true }).find((r) => r.id === 'gpt-5.1-codex')!;
    assert.equal(openai.warning, 'gpt-5.1-codex was shut down on 2026-07-23: switch to gpt-6.1-sol.');
    const gateway = modelRows(served, { today: TODAY, tableDates: false }).find((r) => r.id === 'gpt-5.1-codex')!;
    assert.deepEqual([gateway.warning, gateway.state.kind], [undefined, 'none']);
  });
});
