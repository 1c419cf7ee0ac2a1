// Answers a hostile or runaway model can write that are costly to render as Markdown: the inputs of the webview's
// "never freezes" tests and of `npm run bench`'s markdown figures.
export interface Pathological {
  name: string;
  text: string;
}

/** 140,000 characters of emphasis nested inside emphasis, one paragraph. */
export function nestedEmphasis(chars = 140_000): string {
  const depth = Math.floor((chars - 1) / 6);
  return `${'*a '.repeat(depth)}b${' c*'.repeat(depth)}`.padEnd(chars, 'd');
}

export function longList(items = 10_000): string {
  return Array.from({ length: items }, (_, i) => `- item ${i} with **bold** and \`code\``).join('\n');
}

export function longTable(rows = 5_000): string {
  const body = Array.from({ length: rows }, (_, i) => `| row ${i} | **${i * 2}** | \`v${i}\` |`);
  return ['| name | value | code |', '| --- | ---: | --- |', ...body].join('\n');
}

export function manyFences(fences = 2_000): string {
  return Array.from({ length: fences }, (_, i) => `\`\`\`ts\nconst value${i} = compute(${i});\nexport { value${i} };\n\`\`\``).join('\n\n');
}

export function manyHeadings(headings = 5_000): string {
  return Array.from({ length: headings }, (_, i) => `## Heading ${i}`).join('\n\n');
}

export const PATHOLOGICAL: readonly Pathological[] = [
  { name: '140,000 characters of nested emphasis', text: nestedEmphasis() },
  { name: '10,000-item list', text: longList() },
  { name: '5,000-row table', text: longTable() },
  { name: '2,000 code fences', text: manyFences() },
  { name: '5,000 headings', text: manyHeadings() },
];
