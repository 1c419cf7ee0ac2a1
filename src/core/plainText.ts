// Model output shown where Markdown is not rendered: VS Code's notifications show `**bold**` and backticks as typed.
// markdown-it parses it; only the text the reader would see is kept (link text, code, image descriptions).
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
type Token = ReturnType<typeof md.parse>[number];

/** The text of a Markdown answer, blocks separated by a space and line breaks kept as spaces. */
export function plainText(markdown: string): string {
  const parts: string[] = [];
  for (const token of md.parse(markdown, {})) {
    if (token.type === 'inline') inlineText(token.children ?? [], parts);
    else if (token.type === 'fence' || token.type === 'code_block') parts.push(token.content);
    else continue;
    parts.push(' ');
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

function inlineText(tokens: readonly Token[], parts: string[]): void {
  for (const token of tokens) {
    if (token.type === 'text' || token.type === 'code_inline') parts.push(token.content);
    else if (token.type === 'softbreak' || token.type === 'hardbreak') parts.push(' ');
    else if (token.type === 'image') inlineText(token.children ?? [], parts);
  }
}
