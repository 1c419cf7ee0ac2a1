// The V4A patch engine next to @openai/agents-core's applyDiff, on the same generated corpus in the same run:
// (a) time to apply a 200-section diff to a 10,000-line file (exact, and with trailing-space drift on every line);
// (b) how many cases of the drift corpus each applies, and applies correctly. Ours must apply every case the reference
// applies: a miss is a correctness failure and makes the run exit non-zero (timings only report).
import { applyDiff as referenceApplyDiff } from '@openai/agents-core/utils';
import { applyDiff } from '../src/core/patch';
import { driftCorpus, DRIFTS, largeFileCase, type PatchCase } from '../test/unit/core/patch/corpus';
import { printTable, report } from './report';

const RUNS = Number(process.env.CODEWRIGHT_BENCH_RUNS || 15);
const BATCH = 10;

type Apply = (original: string, diff: string) => string;
const ours: Apply = (original, diff) => applyDiff(original, diff);
const reference: Apply = (original, diff) => referenceApplyDiff(original, diff);

function attempt(apply: Apply, c: PatchCase): string | null {
  try {
    return apply(c.original, c.diff);
  } catch {
    return null;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function batchMs(apply: Apply, c: PatchCase): number {
  const t0 = performance.now();
  for (let i = 0; i < BATCH; i++) apply(c.original, c.diff);
  return (performance.now() - t0) / BATCH;
}

let failed = false;

for (const c of [largeFileCase(1000, 200, false), largeFileCase(1000, 200, true)]) {
  const ourResult = attempt(ours, c);
  const theirResult = attempt(reference, c);
  if (ourResult !== c.expected) {
    console.error(`patch: ours did not produce the expected file for "${c.name}"`);
    failed = true;
  }
  for (let i = 0; i < 3; i++) {
    batchMs(ours, c);
    if (theirResult !== null) batchMs(reference, c);
  }
  if (theirResult === null) {
    report({
      bench: 'patch',
      metric: `apply: ${c.name} (reference refused it)`,
      unit: 'ms',
      value: median(Array.from({ length: RUNS }, () => batchMs(ours, c))),
    });
    continue;
  }
  // Interleaved samples, so a moment when the shared machine is busier slows both sides alike.
  const oursMs: number[] = [];
  const theirsMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    oursMs.push(batchMs(ours, c));
    theirsMs.push(batchMs(reference, c));
  }
  const ratio = median(oursMs) / median(theirsMs);
  report({
    bench: 'patch',
    metric: `apply: ${c.name}${theirResult === c.expected ? '' : ' (reference result wrong)'}`,
    unit: 'ms',
    value: median(oursMs),
    reference: { label: '@openai/agents-core applyDiff', value: median(theirsMs) },
    ratio,
    budget: '<= 1.00x',
    ok: ratio <= 1,
  });
}

const corpus = driftCorpus();
const outcomes = corpus.map((c) => ({ c, ours: attempt(ours, c), theirs: attempt(reference, c) }));
const rate = (n: number) => (100 * n) / corpus.length;
const oursApplied = outcomes.filter((o) => o.ours !== null).length;
const theirsApplied = outcomes.filter((o) => o.theirs !== null).length;
const oursCorrect = outcomes.filter((o) => o.ours === o.c.expected).length;
const theirsCorrect = outcomes.filter((o) => o.theirs === o.c.expected).length;
const label = '@openai/agents-core applyDiff';
report({
  bench: 'patch',
  metric: `drift corpus (${corpus.length} cases): applied`,
  unit: '%',
  value: rate(oursApplied),
  reference: { label, value: rate(theirsApplied) },
  ratio: oursApplied / Math.max(theirsApplied, 1),
});
report({
  bench: 'patch',
  metric: `drift corpus (${corpus.length} cases): applied with the expected result`,
  unit: '%',
  value: rate(oursCorrect),
  reference: { label, value: rate(theirsCorrect) },
  ratio: oursCorrect / Math.max(theirsCorrect, 1),
});
for (const drift of DRIFTS) {
  const kind = outcomes.filter((o) => o.c.drift === drift);
  report({
    bench: 'patch',
    metric: `drift '${drift}': expected result`,
    unit: 'cases',
    value: kind.filter((o) => o.ours === o.c.expected).length,
    reference: { label, value: kind.filter((o) => o.theirs === o.c.expected).length },
  });
}
const missed = outcomes.filter((o) => o.theirs !== null && o.ours === null);
report({
  bench: 'patch',
  metric: 'drift corpus: cases the reference applies and ours does not',
  unit: 'cases',
  value: missed.length,
  budget: '0',
  ok: missed.length === 0,
});
for (const m of missed) console.error(`patch: the reference applies "${m.c.name}", ours does not`);

printTable();
if (failed || missed.length > 0) process.exitCode = 1;
