// Generated patch corpora, shared by the reference comparison test and bench/patch.bench.ts: files, the diffs a model
// would write for an edit (with the drift models and editors introduce) and the exact content each diff must produce.
// Seeded, so every run sees the same cases.

export type Drift =
  | 'none'
  | 'trailing-space-in-file'
  | 'trailing-space-in-diff'
  | 'indentation'
  | 'unicode-in-file'
  | 'unicode-in-diff'
  | 'crlf'
  | 'crlf-trailing-space'
  | 'end-of-file'
  | 'end-of-file-no-newline'
  | 'bom'
  | 'anchor-drift';

export const DRIFTS: readonly Drift[] = [
  'none',
  'trailing-space-in-file',
  'trailing-space-in-diff',
  'indentation',
  'unicode-in-file',
  'unicode-in-diff',
  'crlf',
  'crlf-trailing-space',
  'end-of-file',
  'end-of-file-no-newline',
  'bom',
  'anchor-drift',
];

export interface PatchCase {
  name: string;
  drift: Drift;
  original: string;
  diff: string;
  expected: string;
}

/** mulberry32: a small, fast, seedable generator (Math.random cannot be seeded). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rng: () => number, below: number) => Math.floor(rng() * below);

/** One function of ten lines; its comment, value and log lines are unique to `k`, the rest repeats in every block. */
function block(k: number, fancy: boolean): string[] {
  return [
    `function step${k}(input, limit) {`,
    fancy ? `  // step ${k}: it’s the “${k}th” pass — keep it short` : `  // step ${k}: it's the "${k}th" pass - keep it short`,
    fancy ? `  const value${k}\u00A0= input * ${k} + limit;` : `  const value${k} = input * ${k} + limit;`,
    `  if (value${k} > limit) {`,
    fancy ? `    log(“step ${k} – over the limit”);` : `    log("step ${k} - over the limit");`,
    `    return limit;`,
    `  }`,
    `  return value${k};`,
    `}`,
    ``,
  ];
}

/** A function whose body is the same in every block, so only an @@ anchor on its header can tell them apart. */
function genericBlock(k: number, fancyHeader: boolean): string[] {
  return [
    fancyHeader ? `function step${k}(input, limit) { // “step ${k}”` : `function step${k}(input, limit) { // "step ${k}"`,
    `  const value = input * 2 + limit;`,
    `  if (value > limit) {`,
    `    return limit;`,
    `  }`,
    `  return value;`,
    `}`,
    ``,
  ];
}

const TRAILER = ['export default {', '  name: "steps",', '  version: 1,', '};'];

export function renderFile(lines: readonly string[], eol: string, bom: boolean, finalNewline: boolean): string {
  const body = lines.length === 0 ? '' : lines.join(eol) + (finalNewline ? eol : '');
  return (bom ? '\uFEFF' : '') + body;
}

function withTrailingSpace(rng: () => number, line: string): string {
  return line + [' ', '  ', '\t', ' \t'][int(rng, 4)];
}

function reindent(rng: () => number, line: string): string {
  const text = line.trimStart();
  const indent = line.length - text.length;
  return [text, '\t' + line, ' '.repeat(indent * 2) + text, line.replace(/^ +/, (s) => '\t'.repeat(Math.ceil(s.length / 2)))][int(rng, 4)]!;
}

interface Edit {
  /** First replaced line and how many. */
  at: number;
  count: number;
  before: number;
  after: number;
  anchor?: string;
  endOfFile?: boolean;
}

function makeCase(rng: () => number, drift: Drift, index: number): PatchCase {
  const blocks = 5 + int(rng, 15);
  const fileLines: string[] = [];
  const modelLines: string[] = [];
  let edit: Edit;
  if (drift === 'anchor-drift') {
    const fancyHeader = rng() < 0.5;
    for (let k = 0; k < blocks; k++) {
      fileLines.push(...genericBlock(k, fancyHeader));
      modelLines.push(...genericBlock(k, false));
    }
    // A block after the first, so the unanchored body would match an earlier function.
    const b = 1 + int(rng, blocks - 1);
    const header = modelLines[b * 8]!;
    const anchor = fancyHeader ? header : rng() < 0.5 ? header + '  ' : '  ' + header;
    edit = { at: b * 8 + 3, count: 1, before: 2, after: 2, anchor };
  } else {
    const fancyFile = drift === 'unicode-in-file';
    const fancyModel = drift === 'unicode-in-diff';
    for (let k = 0; k < blocks; k++) {
      fileLines.push(...block(k, fancyFile));
      modelLines.push(...block(k, fancyModel));
      if (k === 0 && (drift === 'end-of-file' || drift === 'end-of-file-no-newline')) {
        // The same lines earlier in the file: only the End of File marker says which copy is meant.
        fileLines.push(...TRAILER, '');
        modelLines.push(...TRAILER, '');
      }
    }
    if (drift === 'end-of-file' || drift === 'end-of-file-no-newline') {
      fileLines.push(...TRAILER);
      modelLines.push(...TRAILER);
      edit = { at: fileLines.length - 2, count: 1, before: 2, after: 1, endOfFile: true };
    } else if (drift === 'bom') {
      edit = { at: 1, count: 1 + int(rng, 2), before: 1, after: 3 };
    } else {
      const at = 10 * int(rng, blocks) + 1 + int(rng, 7);
      edit = { at, count: Math.min(1 + int(rng, 2), fileLines.length - at), before: 3, after: 3 };
    }
  }
  const start = Math.max(0, edit.at - edit.before);
  const end = Math.min(fileLines.length, edit.at + edit.count + edit.after);

  if (drift === 'trailing-space-in-file' || drift === 'crlf-trailing-space') {
    for (let i = start; i < end; i++) if (rng() < 0.7) fileLines[i] = withTrailingSpace(rng, fileLines[i]!);
  }
  const modelSide = (line: string): string => {
    if (drift === 'trailing-space-in-diff' && rng() < 0.7) return withTrailingSpace(rng, line);
    if (drift === 'indentation' && line.trim() !== '') return reindent(rng, line);
    return line;
  };
  const added = Array.from({ length: 1 + int(rng, 3) }, (_, j) => `  const added${index}_${j} = ${j}; // “new”`);
  const diff =
    [
      ...(edit.anchor === undefined ? ['@@'] : [`@@ ${edit.anchor}`]),
      ...modelLines.slice(start, edit.at).map((l) => ' ' + modelSide(l)),
      ...modelLines.slice(edit.at, edit.at + edit.count).map((l) => '-' + modelSide(l)),
      ...added.map((l) => '+' + l),
      ...modelLines.slice(edit.at + edit.count, end).map((l) => ' ' + modelSide(l)),
      ...(edit.endOfFile ? ['*** End of File'] : []),
    ].join('\n') + '\n';

  const eol = drift === 'crlf' || drift === 'crlf-trailing-space' ? '\r\n' : '\n';
  const bom = drift === 'bom';
  const finalNewline = drift !== 'end-of-file-no-newline';
  const edited = [...fileLines.slice(0, edit.at), ...added, ...fileLines.slice(edit.at + edit.count)];
  return {
    name: `${drift} #${index}`,
    drift,
    original: renderFile(fileLines, eol, bom, finalNewline),
    diff,
    expected: renderFile(edited, eol, bom, finalNewline),
  };
}

/** `perDrift` cases of every drift kind. */
export function driftCorpus(perDrift = 12, seed = 20251113): PatchCase[] {
  const rng = seededRandom(seed);
  const cases: PatchCase[] = [];
  for (const drift of DRIFTS) for (let i = 0; i < perDrift; i++) cases.push(makeCase(rng, drift, cases.length));
  return cases;
}

/**
 * A large file (`blocks` ten-line functions) and one diff with a section in every `blocks / sections`-th function,
 * every other section anchored on the function's header. `trailingSpace`: every file line ends with a space the diff
 * lacks, so each section is found only at the second tolerance level.
 */
export function largeFileCase(blocks = 1000, sections = 200, trailingSpace = false, seed = 7): PatchCase {
  const rng = seededRandom(seed);
  const modelLines: string[] = [];
  for (let k = 0; k < blocks; k++) modelLines.push(...block(k, false));
  const fileLines = trailingSpace ? modelLines.map((l) => l + ' ') : [...modelLines];
  const edited: string[] = [];
  const diff: string[] = [];
  const stride = Math.floor(blocks / sections);
  let copied = 0;
  for (let s = 0; s < sections; s++) {
    const header = s * stride * 10;
    // Context starts below the header, which the anchor has already passed.
    const at = header + 4 + int(rng, 3);
    const count = 1 + int(rng, 2);
    const added = [`  const patched${s} = value${s * stride} + ${s};`, `  log("patched ${s}");`];
    diff.push(s % 2 === 0 ? `@@ ${modelLines[header]}` : '@@');
    diff.push(...modelLines.slice(at - 3, at).map((l) => ' ' + l));
    diff.push(...modelLines.slice(at, at + count).map((l) => '-' + l));
    diff.push(...added.map((l) => '+' + l));
    diff.push(...modelLines.slice(at + count, at + count + 3).map((l) => ' ' + l));
    edited.push(...fileLines.slice(copied, at), ...added);
    copied = at + count;
  }
  edited.push(...fileLines.slice(copied));
  return {
    name: `${fileLines.length}-line file, ${sections} sections${trailingSpace ? ', trailing spaces' : ''}`,
    drift: trailingSpace ? 'trailing-space-in-file' : 'none',
    original: renderFile(fileLines, '\n', false, true),
    diff: diff.join('\n') + '\n',
    expected: renderFile(edited, '\n', false, true),
  };
}
