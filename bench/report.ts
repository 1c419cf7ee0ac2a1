// How every benchmark reports: one JSON line per figure (machine-readable) and a table at the end (for people).
// A figure is always measured next to a reference in the same run, and the ratio is what counts.
export interface Figure {
  bench: string;
  metric: string;
  unit: string;
  value: number;
  reference?: { label: string; value: number };
  /** value / reference (or reference / value when `higherIsBetter`), printed with two decimals. */
  ratio?: number;
  budget?: string;
  ok?: boolean;
}

const figures: Figure[] = [];

export function report(figure: Figure): void {
  figures.push(figure);
  console.log(JSON.stringify(figure));
}

export function printTable(): void {
  const rows = figures.map((f) => [
    f.bench,
    f.metric,
    `${round(f.value)} ${f.unit}`,
    f.reference ? `${round(f.reference.value)} ${f.unit} (${f.reference.label})` : '',
    f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}x`,
    f.budget ? `${f.budget} ${f.ok === false ? 'MISSED' : 'ok'}` : '',
  ]);
  const header = ['bench', 'metric', 'value', 'reference', 'ratio', 'budget'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(['', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}

/** Median of repeated timings (ms) of `fn`, after `warmup` untimed runs. */
export async function medianMs(fn: () => unknown | Promise<unknown>, runs = 7, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3);
}
