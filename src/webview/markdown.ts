// Streams Markdown into the DOM. markdown-it parses (raw HTML off, so tags in model output stay text), highlight.js
// colours code, sanitize.ts cleans the result. While a message streams, the top-level blocks above the last one
// are final in CommonMark (later lines cannot reopen them), so they are rendered once and never parsed again:
// each frame costs only the block still being written, however long the message grows.
import MarkdownIt from 'markdown-it';
import { highlight } from './highlight';
import { sanitize } from './sanitize';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, highlight });
type Token = ReturnType<typeof md.parse>[number];

// Images from model output are not loaded (the CSP would block remote ones anyway): they become links to open.
md.renderer.rules.image = (tokens, idx, _options, _env, self) => {
  const token = tokens[idx]!;
  const src = String(token.attrGet('src') ?? '');
  const alt = self.renderInlineAsText(token.children ?? [], md.options, {}) || src;
  return `<a href="${md.utils.escapeHtml(src)}">${md.utils.escapeHtml(alt)}</a>`;
};

// Table alignment arrives as a style attribute; styles are not allowed through the sanitiser, classes are.
for (const rule of ['th_open', 'td_open'] as const) {
  md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
    const token = tokens[idx]!;
    const align = /text-align:\s*(left|center|right)/.exec(String(token.attrGet('style') ?? ''))?.[1];
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    if (align) token.attrJoin('class', `cw-align-${align}`);
    return self.renderToken(tokens, idx, options);
  };
}

interface Block {
  html: string;
  nodes: ChildNode[];
}

export type Decorate = (fragment: DocumentFragment) => void;

/** Renders a whole Markdown text once (history, user-visible summaries). */
export function renderMarkdown(text: string, decorate: Decorate): DocumentFragment {
  const fragment = sanitize(md.render(text));
  decorate(fragment);
  return fragment;
}

export class MarkdownView {
  readonly root: HTMLDivElement;
  private frozenText = '';
  private live: Block[] = [];
  private env: Record<string, unknown> = {};

  constructor(private readonly decorate: Decorate) {
    this.root = document.createElement('div');
    this.root.className = 'cw-md';
  }

  /** Shows `text`. Appending to the previous text re-renders only the last block; anything else starts over. */
  update(text: string, streaming: boolean): void {
    if (!text.startsWith(this.frozenText)) this.reset();
    const tail = text.slice(this.frozenText.length);
    const tokens = md.parse(tail, this.env);
    const groups = topLevelGroups(tokens);
    const blocks = groups.map((g) => md.renderer.render(tokens.slice(g.start, g.end), md.options, this.env));
    this.reconcile(blocks);
    // Everything but the last block is final; while streaming, the last one may still change.
    const keep = streaming ? 1 : 0;
    const freezeCount = Math.max(0, groups.length - keep);
    if (freezeCount === 0) return;
    if (freezeCount === groups.length) {
      this.frozenText = text;
      this.live = [];
      return;
    }
    const line = groups[freezeCount]!.line;
    if (line === undefined) return;
    this.frozenText += tail.slice(0, lineOffset(tail, line));
    this.live = this.live.slice(freezeCount);
  }

  private reconcile(blocks: string[]): void {
    const next: Block[] = [];
    for (let i = 0; i < blocks.length; i++) {
      const old = this.live[i];
      const html = blocks[i]!;
      if (old && old.html === html) {
        next.push(old);
        continue;
      }
      const fragment = sanitize(html);
      this.decorate(fragment);
      // An empty render still needs a node in the DOM to anchor the next replacement.
      if (!fragment.hasChildNodes()) fragment.append(document.createTextNode(''));
      const nodes = [...fragment.childNodes];
      if (old) {
        old.nodes[0]!.before(fragment);
        for (const n of old.nodes) n.remove();
      } else {
        this.root.append(fragment);
      }
      next.push({ html, nodes });
    }
    for (const stale of this.live.slice(blocks.length)) for (const n of stale.nodes) n.remove();
    this.live = next;
  }

  private reset(): void {
    this.root.replaceChildren();
    this.frozenText = '';
    this.live = [];
    this.env = {};
  }
}

/** Splits block tokens into top-level blocks: a level-0 open..close run, or a single level-0 token (fence, hr…). */
function topLevelGroups(tokens: Token[]): { start: number; end: number; line: number | undefined }[] {
  const groups: { start: number; end: number; line: number | undefined }[] = [];
  let i = 0;
  while (i < tokens.length) {
    const start = i;
    const first = tokens[i]!;
    if (first.nesting === 1) {
      let depth = 0;
      do {
        depth += tokens[i]!.nesting;
        i++;
      } while (i < tokens.length && depth > 0);
    } else {
      i++;
    }
    groups.push({ start, end: i, line: first.map?.[0] });
  }
  return groups;
}

function lineOffset(text: string, line: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset;
}
