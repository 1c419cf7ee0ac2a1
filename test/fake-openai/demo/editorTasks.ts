// The demo model's answers to the editor commands (Refactor Selection, Explain Selection, Fix Problem, Generate Tests, Review
// Changes): each reads the code the command sent, and proposes a specific, correct change of it or explains it.
import type { ScriptItem, ScriptTurn } from '../script';
import {
  addDocComments,
  fixRoundingBug,
  functionsIn,
  hasRoundingBug,
  renameIdentifier,
  sentenceFrom,
  toArrowFunctions,
  varToConst,
} from './jsSource';
import type { RequestView } from './requestView';
import { createDiff, editCall, updateDiff } from './toolCalls';
import type { WorkspaceFiles } from './workspaceFiles';

export const DEMO_LABEL = '**Offline demo model.**';

export interface TaskContext {
  view: RequestView;
  files: WorkspaceFiles;
}

/** A file's text as the request attached it, or as it is on disk. */
export function fileText(context: TaskContext, relative: string): string | undefined {
  const attached =
    context.view.attachments.get(relative) ?? [...context.view.attachments].find(([label]) => label.startsWith(relative))?.[1];
  return attached ?? context.files.read(relative);
}

function turn(reasoning: string, text: string, calls: ScriptItem[] = []): ScriptTurn {
  return { items: [{ type: 'reasoning', summary: [reasoning] }, { type: 'text', text }, ...calls] };
}

function replaceLines(source: string, start: number, end: number, replace: (selected: string) => string): string {
  const lines = source.split('\n');
  const selected = lines.slice(start - 1, end).join('\n');
  return [...lines.slice(0, start - 1), replace(selected), ...lines.slice(end)].join('\n');
}

interface Refactoring {
  apply(code: string): string;
  says: string;
}

function refactoringFor(instruction: string, selected: string): Refactoring {
  const rename = /rename\s+`?([A-Za-z_$][\w$]*)`?\s+(?:to|as)\s+`?([A-Za-z_$][\w$]*)`?/i.exec(instruction);
  if (rename)
    return { apply: (code) => renameIdentifier(code, rename[1], rename[2]), says: `Renamed \`${rename[1]}\` to \`${rename[2]}\`.` };
  if (/arrow/i.test(instruction)) return { apply: toArrowFunctions, says: 'Turned the function declarations into arrow functions.' };
  if (/\b(js)?doc|comment/i.test(instruction)) return { apply: addDocComments, says: 'Added a doc comment to each function.' };
  if (/\bvar\b|\bconst\b/i.test(instruction)) return { apply: varToConst, says: 'Declared the variables with `const` instead of `var`.' };
  if (/\b(fix|bug|round)/i.test(instruction) || hasRoundingBug(selected)) {
    return { apply: fixRoundingBug, says: 'Converted the exact value instead of rounding it first, which fixes the lost fraction.' };
  }
  return { apply: addDocComments, says: 'Added a doc comment to each function (the offline demo knows only a few refactorings).' };
}

export function refactor(context: TaskContext, path: string, start: number, end: number, instruction: string): ScriptTurn {
  const source = fileText(context, path);
  const reading = `**Reading the selection**\n\nLines ${start}-${end} of ${path}; the instruction: "${instruction}".`;
  if (source === undefined) return turn(reading, `${DEMO_LABEL} I could not read ${path}, so I have no change to propose.`);
  const selected = source
    .split('\n')
    .slice(start - 1, end)
    .join('\n');
  const refactoring = refactoringFor(instruction, selected);
  const after = replaceLines(source, start, end, refactoring.apply);
  if (after === source) {
    return turn(
      reading,
      `${DEMO_LABEL} The selection already reads that way; there is nothing to change. A real model handles any instruction.`,
    );
  }
  const calls = editCall(context.view.dialect, { type: 'update_file', path, diff: updateDiff(source, after) });
  return turn(reading, `${DEMO_LABEL} ${refactoring.says}`, calls);
}

export function explain(context: TaskContext, path: string, start: number, end: number): ScriptTurn {
  const source = fileText(context, path);
  const reading = `**Reading the selection**\n\nLines ${start}-${end} of ${path}, to explain; no files change.`;
  if (source === undefined) return turn(reading, `${DEMO_LABEL} I could not read ${path}, so there is nothing to explain.`);
  const selected = source
    .split('\n')
    .slice(start - 1, end)
    .join('\n');
  return turn(reading, explanation(path, selected));
}

export function explanation(label: string, code: string): string {
  const functions = functionsIn(code);
  const lines = [`${DEMO_LABEL} What \`${label}\` holds:`, ''];
  if (functions.length === 0) {
    lines.push(`- ${code.split('\n').length} line(s) with no function declarations the offline demo recognises.`);
  }
  for (const f of functions) {
    const what = f.comment.length > 0 ? f.comment.join(' ') : `${sentenceFrom(f.name)}.`;
    const takes = f.params.length > 0 ? `takes ${f.params.map((p) => `\`${p}\``).join(', ')}` : 'takes no arguments';
    lines.push(`- \`${f.name}\` ${takes}${f.exported ? ' and is exported' : ''}: ${what}`);
  }
  if (hasRoundingBug(code)) {
    lines.push(
      '',
      '**Risky:** it calls `Math.round` on the input *before* the arithmetic, so a fraction is lost before converting',
      '(98.6 °F becomes 99 first). Rounding belongs after the conversion, when the value is shown.',
    );
  }
  return lines.join('\n');
}

export function fixProblem(context: TaskContext, path: string, line: number, message: string): ScriptTurn {
  const source = fileText(context, path);
  const reading = `**Reading the problem**\n\n${path}, line ${line}: ${message}`;
  if (source === undefined) return turn(reading, `${DEMO_LABEL} I could not read ${path}, so I have no fix to propose.`);
  if (!hasRoundingBug(source)) {
    return turn(
      reading,
      `${DEMO_LABEL} This scripted stand-in recognises only the sample workspace's rounding bug, and it is not in ${path}. A real model reads any problem.`,
    );
  }
  const calls = editCall(context.view.dialect, { type: 'update_file', path, diff: updateDiff(source, fixRoundingBug(source)) });
  return turn(
    reading,
    `${DEMO_LABEL} The input was rounded before converting, which loses the fraction; it now converts the exact value.`,
    calls,
  );
}

/** Known answers for the sample's conversions, so the generated tests assert real values. */
const KNOWN_CASES: Record<string, Array<[string, string]>> = {
  celsiusToFahrenheit: [
    ['0', '32'],
    ['-40', '-40'],
  ],
  fahrenheitToCelsius: [
    ['32', '0'],
    ['212', '100'],
  ],
};

export function writeTests(context: TaskContext, path: string): ScriptTurn {
  const source = fileText(context, path);
  const reading = `**Reading ${path}**\n\nLooking for its exported functions and the project's existing tests.`;
  if (source === undefined) return turn(reading, `${DEMO_LABEL} I could not read ${path}, so I have no tests to propose.`);
  const exported = functionsIn(source).filter((f) => f.exported);
  if (exported.length === 0)
    return turn(reading, `${DEMO_LABEL} ${path} exports no functions the offline demo recognises, so it writes no tests.`);
  const testPath = path.replace(/(\.[cm]?[jt]sx?)$/, '.test$1');
  const commonJs = /module\.exports|require\(/.test(source);
  const module = `./${
    path
      .split('/')
      .pop()
      ?.replace(/\.[cm]?[jt]sx?$/, '') ?? ''
  }`;
  const cases = exported.map((f) => testCase(f.name));
  const existing = fileText(context, testPath);
  if (existing !== undefined) {
    const imported = exported.filter((f) => new RegExp(`\\b${f.name}\\b`).test(existing));
    if (imported.length === exported.length) {
      const after = `${existing.replace(/\n*$/, '')}\n\n${cases.join('\n\n')}\n`;
      return turn(reading, `${DEMO_LABEL} Extended ${testPath} with edge cases for ${names(exported)}.`, [
        ...editCall(context.view.dialect, { type: 'update_file', path: testPath, diff: updateDiff(existing, after) }),
      ]);
    }
  }
  const header = commonJs
    ? [
        "const test = require('node:test');",
        "const assert = require('node:assert/strict');",
        `const { ${exported.map((f) => f.name).join(', ')} } = require('${module}');`,
      ]
    : [
        "import test from 'node:test';",
        "import assert from 'node:assert/strict';",
        `import { ${exported.map((f) => f.name).join(', ')} } from '${module}';`,
      ];
  const target = existing === undefined ? testPath : testPath.replace(/\.test\./, '.more.test.');
  const content = [...header, '', cases.join('\n\n'), ''].join('\n');
  return turn(reading, `${DEMO_LABEL} Wrote ${target} with node:test cases for ${names(exported)}.`, [
    ...editCall(context.view.dialect, { type: 'create_file', path: target, diff: createDiff(content) }),
  ]);
}

function names(functions: ReadonlyArray<{ name: string }>): string {
  return functions.map((f) => `\`${f.name}\``).join(' and ');
}

function testCase(name: string): string {
  const known = KNOWN_CASES[name];
  if (known === undefined) {
    return [`test('${name} is a function', () => {`, `  assert.equal(typeof ${name}, 'function');`, '});'].join('\n');
  }
  return [
    `test('${sentenceFrom(name).toLowerCase()} at known points', () => {`,
    ...known.map(([input, output]) => `  assert.equal(${name}(${input}), ${output});`),
    '});',
  ].join('\n');
}

/** Review Changes: one finding per changed file that carries the rounding bug, else none. */
export function review(diff: string): ScriptTurn {
  const findings: unknown[] = [];
  let path = '';
  for (const line of diff.split('\n')) {
    const header = /^=== (.+) \((?:added|modified|deleted|renamed[^)]*)\)$/.exec(line);
    if (header) path = header[1];
    const numbered = /^\s*(\d+) [+ ] (.*)$/.exec(line);
    if (numbered && path !== '' && hasRoundingBug(numbered[2])) {
      findings.push({
        path,
        line: Number(numbered[1]),
        severity: 'warning',
        title: 'Rounds before converting',
        detail: 'Math.round runs on the input before the arithmetic, so fractions are lost. Round the result instead, when showing it.',
      });
    }
  }
  return { items: [{ type: 'text', text: `\`\`\`json\n${JSON.stringify({ findings })}\n\`\`\`` }] };
}
