// The prompts behind the editor commands (refactor, explain, fix, generate tests, review, fix a finding). Pure text
// building, no `vscode`: the commands gather the code, this decides what the model is told.

/** A stretch of a file, 1-based inclusive lines. */
export interface CodeSpan {
  /** Workspace-relative path. */
  path: string;
  startLine: number;
  endLine: number;
  text: string;
  /** VS Code's language id, used as the fence's info string (plaintext is left bare). */
  languageId?: string;
}

export interface ProblemReport {
  message: string;
  /** 1-based. */
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** e.g. "ts", "eslint". */
  source?: string;
  code?: string;
  /** Other places the diagnostic points at ("'x' is declared here"). */
  related?: { path: string; line: number; message: string }[];
}

export interface FindingReport {
  path: string;
  line: number;
  severity: string;
  title: string;
  detail: string;
}

/** How many lines above and below a problem or finding the prompt quotes besides the attached file. */
export const SURROUNDING_LINES = 8;

export function refactorPrompt(instruction: string, selection: CodeSpan): string {
  return [
    `Refactor lines ${selection.startLine}-${selection.endLine} of ${selection.path}: ${instruction.trim()}`,
    '',
    'The selected code:',
    fenced(selection),
    '',
    `The whole file is attached below, so there is no need to read it again. Make the change with apply_patch on ${selection.path}.`,
    'Keep it to the selection unless the instruction needs more (an import, a caller in the same file). Keep the behaviour the',
    'same unless the instruction asks otherwise. Finish with one sentence saying what changed.',
  ].join('\n');
}

/** Sent through the chat, with the selection attached as a chip: the answer streams there. */
export function explainPrompt(selection: Pick<CodeSpan, 'path' | 'startLine' | 'endLine'>): string {
  return [
    `Explain the selected code in ${selection.path} (lines ${selection.startLine}-${selection.endLine}): what it does, how it does it,`,
    'and anything surprising or risky in it. Refer to names in the code. Do not change any files.',
  ].join('\n');
}

export function fixPrompt(problem: ProblemReport, around: CodeSpan): string {
  const origin = [problem.source, problem.code].filter(Boolean).join(' ');
  const lines = [
    `Fix this ${problem.severity} in ${around.path} at line ${problem.line}, column ${problem.column}${origin ? ` (${origin})` : ''}:`,
    problem.message.trim(),
  ];
  for (const r of problem.related ?? []) lines.push(`- related, ${r.path}:${r.line}: ${r.message.trim()}`);
  lines.push(
    '',
    `The code around it (lines ${around.startLine}-${around.endLine}; the problem is on line ${problem.line}):`,
    fenced(around),
    '',
    `The whole file is attached below. Fix the cause with the smallest change, using apply_patch on ${around.path} (and other`,
    'files only if the fix needs them). Do not silence the problem with a cast, an ignore comment or a disabled rule unless',
    'that is the correct fix. Finish with one sentence saying what was wrong.',
  );
  return lines.join('\n');
}

export function testsPrompt(path: string, languageId: string): string {
  return [
    `Write tests for ${path}.`,
    '',
    'Use the test framework and conventions this project already uses: look at its existing tests and its manifest (package.json,',
    `pyproject.toml, Cargo.toml, go.mod, …) before writing. If it has none, use the standard choice for ${languageId} and say so.`,
    'Put the tests where this project keeps its tests, in a new file, or extend the existing test file for this module.',
    'Cover the public behaviour, including edge cases and error paths; do not test private details. Create the file with',
    'apply_patch. If the project has a test command, run it once and fix failures in the tests you wrote (not in the code',
    'under test, unless it has a real bug: then say so). Finish with a sentence on what the tests cover.',
    '',
    'The file under test is attached below.',
  ].join('\n');
}

/** The shape the review answer must have; checked by codeReviewFindings.ts. */
export const FINDINGS_SHAPE =
  '{"findings": [{"path": "src/file.ts", "line": 12, "severity": "error" | "warning" | "info", "title": "a short headline", "detail": "what is wrong and how to fix it"}]}';

export function reviewPrompt(numberedDiff: string, repository: string, notes: readonly string[]): string {
  return [
    `Review the uncommitted changes in the git repository ${repository}. The diff is below.`,
    '',
    'Report real problems in the changed code: bugs, wrong edge cases, broken error handling, security issues, resource leaks,',
    'races, missing awaits, and changes that do not do what the surrounding code expects. Skip style preferences and formatting.',
    '',
    'Answer with exactly one ```json code block and nothing else, of this shape:',
    FINDINGS_SHAPE,
    '- path: as written in the diff (relative to the repository root).',
    '- line: the line number in the new version of the file, as numbered in the left column of the diff. Use an added or',
    '  context line; removed lines have no number.',
    '- At most 20 findings, the most important first. With nothing worth reporting, answer {"findings": []}.',
    'Tools are turned off for this review: do not call apply_patch or shell.',
    ...notes.map((n) => `Note: ${n}`),
    '',
    numberedDiff,
  ].join('\n');
}

export function findingFixPrompt(finding: FindingReport, around: CodeSpan): string {
  return [
    `Fix this review finding in ${finding.path} at line ${finding.line} (${finding.severity}): ${finding.title.trim()}`,
    finding.detail.trim(),
    '',
    `The code around it (lines ${around.startLine}-${around.endLine}):`,
    fenced(around),
    '',
    `The whole file is attached below. Make the smallest change that resolves the finding, with apply_patch on ${finding.path}.`,
    'If the finding is mistaken, change nothing and say why in one sentence. Otherwise finish with one sentence saying what changed.',
  ].join('\n');
}

/** The lines around `line` (1-based) within a file of `lineCount` lines, `SURROUNDING_LINES` each side. */
export function surroundingRange(line: number, lineCount: number, endLine = line): { startLine: number; endLine: number } {
  return { startLine: Math.max(1, line - SURROUNDING_LINES), endLine: Math.min(Math.max(1, lineCount), endLine + SURROUNDING_LINES) };
}

/** The code in a fence longer than any backtick run inside it, so the code cannot close the fence early. */
export function fenced(span: Pick<CodeSpan, 'text' | 'languageId'>): string {
  const longest = (span.text.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const info = span.languageId && span.languageId !== 'plaintext' ? span.languageId : '';
  return `${fence}${info}\n${span.text.replace(/\n$/, '')}\n${fence}`;
}
