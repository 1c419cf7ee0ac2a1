// Policy evaluation of 1,000 mixed command lines (the repository's refusal, read-only and not-read-only corpora, in
// their own shells) next to the policy as it was before argument-aware approval (bench/policyBaseline/, same run,
// interleaved samples). Budget: at most 1.5x the baseline's time.
import { evaluateCommands as baselineEvaluate, DEFAULT_DENY as BASELINE_DENY } from './policyBaseline/policy';
import { DEFAULT_DENY, evaluateCommands, type CommandPolicy } from '../src/core/shell/policy';
import { readCorpus, type CorpusEntry } from '../test/unit/core/shell/corpus/corpus';
import { printTable, report } from './report';

const RUNS = Number(process.env.CODEWRIGHT_BENCH_RUNS || 15);
const LINES = 1000;
const BUDGET = 1.5;

const pool: CorpusEntry[] = [...readCorpus('refusals.txt'), ...readCorpus('readOnly.txt'), ...readCorpus('notReadOnly.txt')];
const lines = Array.from({ length: LINES }, (_, i) => pool[(i * 7919) % pool.length]!);
// The typical allowlist: what a user who has clicked "Always allow" a few times ends up with.
const allow = ['ls', 'cat', 'git status', 'git diff', 'git log', 'grep', 'rg', 'find', 'sed -n', 'echo', 'npm test'];
const policy: CommandPolicy = { mode: 'allowlist', allow, deny: DEFAULT_DENY };
const baselinePolicy = { mode: 'allowlist' as const, allow, deny: BASELINE_DENY };

function oursMs(): number {
  const t0 = performance.now();
  for (const { command, shell } of lines) evaluateCommands([command], policy, { shell });
  return performance.now() - t0;
}

function baselineMs(): number {
  const t0 = performance.now();
  for (const { command } of lines) baselineEvaluate([command], baselinePolicy);
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (let i = 0; i < 3; i++) {
  oursMs();
  baselineMs();
}
const ours: number[] = [];
const baseline: number[] = [];
for (let i = 0; i < RUNS; i++) {
  ours.push(oursMs());
  baseline.push(baselineMs());
}
const value = median(ours);
const reference = median(baseline);
const ratio = value / reference;
report({
  bench: 'policy',
  metric: `evaluate ${LINES} mixed command lines`,
  unit: 'ms',
  value,
  reference: { label: 'policy before this change', value: reference },
  ratio,
  budget: `<= ${BUDGET}x`,
  ok: ratio <= BUDGET,
});
printTable();
