// The review's answer is model output, so it is a trust boundary: the JSON block is found, parsed and checked with zod,
// one finding at a time (a bad finding is dropped and counted, the good ones are kept), then matched to the diff's files.
import * as z from 'zod/mini';
import type { DiffFile } from './numberedDiff';

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const FindingSchema = z.object({
  path: z.string().check(z.trim(), z.minLength(1), z.maxLength(1024)),
  line: z.int().check(z.positive()),
  severity: SeveritySchema,
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
  detail: z.string().check(z.trim(), z.maxLength(5000)),
});
export type Finding = z.infer<typeof FindingSchema>;

const AnswerSchema = z.object({ findings: z.array(z.unknown()) });

export interface ParsedFindings {
  findings: Finding[];
  /** Findings that did not match the shape, or named a file or line outside the diff. */
  dropped: number;
}

/** Thrown with a sentence the user reads when the answer holds no usable JSON at all. */
export class FindingsError extends Error {
  override readonly name = 'FindingsError';
}

const MAX_FINDINGS = 50;

/** The findings in a review answer: the last ```json block, else the whole answer, else its outermost braces. */
export function parseFindings(answer: string): ParsedFindings {
  const value = jsonIn(answer);
  const shaped = AnswerSchema.safeParse(value);
  if (!shaped.success) {
    throw new FindingsError(
      'The review answer was JSON, but not of the form {"findings": [...]}, so no comments were placed. Run Review Changes again.',
    );
  }
  const findings: Finding[] = [];
  let dropped = 0;
  for (const raw of shaped.data.findings) {
    const parsed = FindingSchema.safeParse(normalise(raw));
    if (parsed.success && findings.length < MAX_FINDINGS) findings.push(parsed.data);
    else dropped++;
  }
  return { findings, dropped };
}

/** Keeps the findings on files in the diff, with the path as the diff spells it; a path may carry a/ b/ or ./ prefixes. */
export function matchToDiff(parsed: ParsedFindings, files: readonly DiffFile[]): ParsedFindings {
  const byPath = new Map(files.filter((f) => f.change !== 'deleted').map((f) => [f.path, f]));
  const findings: Finding[] = [];
  let dropped = parsed.dropped;
  for (const finding of parsed.findings) {
    const file = candidates(finding.path)
      .map((p) => byPath.get(p))
      .find((f) => f !== undefined);
    if (file) findings.push({ ...finding, path: file.path });
    else dropped++;
  }
  return { findings, dropped };
}

function jsonIn(answer: string): unknown {
  const blocks = [...answer.matchAll(/```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?```/g)].map((m) => m[1]!);
  const attempts = [...blocks.reverse(), answer];
  const first = answer.indexOf('{');
  const last = answer.lastIndexOf('}');
  if (first >= 0 && last > first) attempts.push(answer.slice(first, last + 1));
  for (const text of attempts) {
    try {
      return JSON.parse(text.trim()) as unknown;
    } catch {
      // The next candidate may be the JSON.
    }
  }
  throw new FindingsError(
    'The review answer held no JSON findings, so no comments were placed. Run Review Changes again, or pick a stronger model.',
  );
}

/** Tolerates what models commonly send: a line as a numeric string, "warn", "note", a missing detail. */
function normalise(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const r = raw as Record<string, unknown>;
  const line = typeof r['line'] === 'string' && /^\d+$/.test(r['line'].trim()) ? Number(r['line']) : r['line'];
  const severity =
    typeof r['severity'] === 'string' ? (SEVERITY_ALIASES[r['severity'].toLowerCase()] ?? r['severity'].toLowerCase()) : r['severity'];
  return { ...r, line, severity, detail: r['detail'] ?? '' };
}

const SEVERITY_ALIASES: Record<string, Severity> = {
  warn: 'warning',
  note: 'info',
  information: 'info',
  suggestion: 'info',
  critical: 'error',
  bug: 'error',
};

function candidates(path: string): string[] {
  const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
  return [p, p.replace(/^[ab]\//, '')];
}
