// The little the demo model knows about JavaScript and TypeScript source: where the functions are, the sample workspace's
// deliberate rounding bug, and a few honest, behaviour-keeping refactors. Text in, text out; it never runs the code.

export interface FunctionInfo {
  name: string;
  params: string[];
  /** 0-based line of the declaration. */
  line: number;
  /** The comment lines right above the declaration, without their markers. */
  comment: string[];
  exported: boolean;
}

const DECLARATION = /^(\s*)(export\s+)?(async\s+)?function\s+([A-Za-z_$][\w$]*)\s*\(([^)]*)\)/;
const ARROW = /^(\s*)(export\s+)?(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?\(([^)]*)\)\s*=>/;

export function functionsIn(source: string): FunctionInfo[] {
  const lines = source.split('\n');
  const exportedNames = new Set(
    [...source.matchAll(/module\.exports\s*=\s*\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((n) => n.split(':')[0].trim())),
  );
  const found: FunctionInfo[] = [];
  lines.forEach((text, line) => {
    const declared = DECLARATION.exec(text);
    const arrow = declared ? null : ARROW.exec(text);
    if (!declared && !arrow) return;
    const name = declared ? declared[4] : (arrow as RegExpExecArray)[3];
    const params = (declared ? declared[5] : (arrow as RegExpExecArray)[4])
      .split(',')
      .map((p) =>
        p
          .trim()
          .replace(/[=:].*$/, '')
          .trim(),
      )
      .filter(Boolean);
    const exported = Boolean(declared ? declared[2] : (arrow as RegExpExecArray)[2]) || exportedNames.has(name);
    found.push({ name, params, line, comment: commentAbove(lines, line), exported });
  });
  return found;
}

function commentAbove(lines: readonly string[], line: number): string[] {
  const comment: string[] = [];
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i].trim();
    if (!/^(\/\/|\/\*|\*)/.test(text)) break;
    const bare = text
      .replace(/^(\/\/+|\/\*+|\*\/|\*)\s?/, '')
      .replace(/\*\/$/, '')
      .trim();
    if (bare !== '') comment.unshift(bare);
  }
  return comment;
}

/** `Math.round(x)` applied to a value before arithmetic on it: the sample's bug (it loses the fraction before converting). */
const ROUND_BEFORE_ARITHMETIC = /Math\.round\(([A-Za-z_$][\w$]*)\)(\s*[-+*/])/g;

export function hasRoundingBug(source: string): boolean {
  return new RegExp(ROUND_BEFORE_ARITHMETIC.source).test(source);
}

export function fixRoundingBug(source: string): string {
  return source.replace(ROUND_BEFORE_ARITHMETIC, '$1$2').replace(/^\s*\/\/ Bug on purpose[^\n]*\n/m, '');
}

/** Adds a JSDoc block above every function that has none, built from its name and parameters. */
export function addDocComments(source: string): string {
  const lines = source.split('\n');
  const functions = functionsIn(source).filter((f) => !lines[f.line - 1]?.trim().endsWith('*/'));
  for (const f of [...functions].reverse()) {
    const indent = /^\s*/.exec(lines[f.line])?.[0] ?? '';
    const summary = f.comment.length > 0 ? f.comment.join(' ') : `${sentenceFrom(f.name)}.`;
    const doc = [`${indent}/**`, `${indent} * ${summary}`, ...f.params.map((p) => `${indent} * @param ${p}`), `${indent} */`];
    const commentLines = f.comment.length > 0 ? countCommentLines(lines, f.line) : 0;
    lines.splice(f.line - commentLines, commentLines, ...doc);
  }
  return lines.join('\n');
}

function countCommentLines(lines: readonly string[], line: number): number {
  let n = 0;
  while (line - n - 1 >= 0 && lines[line - n - 1].trim().startsWith('//')) n++;
  return n;
}

/** `celsiusToFahrenheit` → "Celsius to fahrenheit". */
export function sentenceFrom(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Turns `function f(a) { … }` declarations into `const f = (a) => { … };`, keeping bodies untouched. */
export function toArrowFunctions(source: string): string {
  const lines = source.split('\n');
  for (const f of functionsIn(source)) {
    const declared = DECLARATION.exec(lines[f.line]);
    if (!declared) continue;
    const end = closingLine(lines, f.line);
    if (end === undefined) continue;
    const [, indent, exported, isAsync] = declared;
    lines[f.line] = lines[f.line].replace(
      DECLARATION,
      `${indent}${exported ?? ''}const ${f.name} = ${isAsync ?? ''}(${f.params.join(', ')}) =>`,
    );
    lines[end] = lines[end].replace(/}\s*$/, '};');
  }
  return lines.join('\n');
}

/** The line of the brace that closes the block opened on `start`, counting braces outside strings. */
function closingLine(lines: readonly string[], start: number): number | undefined {
  let depth = 0;
  let opened = false;
  for (let i = start; i < lines.length; i++) {
    for (const ch of lines[i].replace(/(['"`])(?:\\.|(?!\1).)*\1/g, '')) {
      if (ch === '{') {
        depth++;
        opened = true;
      } else if (ch === '}') depth--;
    }
    if (opened && depth === 0) return i;
  }
  return undefined;
}

/** Renames a whole identifier (not parts of longer names, not inside strings or comments). */
export function renameIdentifier(source: string, from: string, to: string): string {
  const word = new RegExp(`(?<![\\w$.])${from.replace(/[$]/g, '\\$')}(?![\\w$])`, 'g');
  return source
    .split('\n')
    .map((line) => {
      const code = line.split('//')[0];
      return code.replace(word, to) + line.slice(code.length);
    })
    .join('\n');
}

export function varToConst(source: string): string {
  return source.replace(/^(\s*)var\s+/gm, '$1const ');
}
