// Streams Markdown into the DOM. markdown-it parses (raw HTML off, so tags in model output stay text), highlight.js
// colours code, sanitize.ts cleans the result. The text is split into top-level blocks; a block above the last one is
// final in CommonMark (later lines cannot reopen it), so it is rendered once and never parsed again; so is a part of a
// long list above its last item, which a later item has closed. Rendering is
// bounded twice over, because the model's output is hostile: each call renders blocks for a few milliseconds and leaves
// the rest to the next frames, and a block too large or too deeply nested to sanitise and lay out within a frame is shown
// as its plain source text instead (every character kept, nothing interpreted). Past its first CHUNK_BLOCKS blocks, a
// long answer's final blocks are grouped in chunks of as many, so its layout walks a few chunks, not thousands of blocks.
import MarkdownIt from 'markdown-it';
import { highlight } from './highlight';
import { sanitize } from './sanitize';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, highlight });
type Token = ReturnType<typeof md.parse>[number];

/**
 * A block with more source than this is shown as text: parsing, sanitising and laying out one block cannot be split
 * across frames. It is also the most text split in one go; the first parses run before the engine has optimised the
 * parser, several times slower than later ones, and must still fit a frame.
 */
export const MAX_BLOCK_CHARS = 4_000;
/** Nor can one that parses into more tokens than this (a long list or table of short lines: about 80 formatted items). */
export const MAX_BLOCK_TOKENS = 1_000;
/**
 * A list longer than this is split between items into lists of about this size, each rendered and laid out as a block
 * of its own (and shown as one list): a long list is formatted a part at a time instead of all at once or not at all.
 */
export const LIST_PART_CHARS = 1_000;
/** Final blocks per chunk (and before the first): a chunk out of view skips layout whole, and so is cheap to lay out. */
export const CHUNK_BLOCKS = 64;
/** Nor one nested deeper than this (quotes in quotes, lists in lists, emphasis in emphasis). */
export const MAX_BLOCK_DEPTH = 24;
/** Rendering work per call before the remaining blocks wait for the next frame: well under the 50 ms of a long task. */
const FRAME_BUDGET_MS = 5;
/**
 * Source characters rendered per call: the browser lays out what was inserted after the script has run, at a cost that
 * grows with the text, so inserting is cheap to time but not to finish.
 */
const FRAME_CHARS = 1_000;
/** Blocks rendered per call: many small blocks (headings, short fences) cost layout per element, not per character. */
const FRAME_BLOCKS = 12;
/**
 * Elements rendered per call: the browser works out every new element's style before laying it out, and a coloured
 * code block with its bar is dozens of them.
 */
const FRAME_ELEMENTS = 150;
/**
 * Plain text goes into the DOM in pieces of about this many characters (cut after a line where there is one), so the
 * pieces out of view skip layout as the finished blocks do, instead of the whole block being laid out at once.
 */
const PLAIN_PIECE_CHARS = 2_000;

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

export type Decorate = (fragment: DocumentFragment) => void;

type Env = Record<string, unknown>;

interface BlockSource {
  source: string;
  /** Offset of the block's first line in the text it was split from. */
  start: number;
  /** Shown as text without parsing: a piece of a block known to be over the limits. */
  plain?: boolean;
  /** A lone fenced or indented code block: its code, shown unhighlighted when the block is too large. */
  code?: { text: string; language: string; opening: string };
  /** A part of a long list after its first part: shown joined to the part above. */
  continued?: boolean;
}

export class MarkdownView {
  readonly root: HTMLDivElement;
  /** The latest (normalised) text. */
  private text = '';
  private streaming = false;
  /** text[0, consumed) is split into final blocks: rendered, or queued to render. */
  private consumed = 0;
  /** The text as it is now has been split up to its live block. */
  private split = false;
  /** The opening line of a code fence cut at a window's end, put back before the next window so its code stays code. */
  private carry = '';
  private readonly queue: BlockSource[] = [];
  /** The block at `consumed` goes on a list whose earlier parts are already split off. */
  private continuesList = false;
  /** The block still being written, shown below the final ones once they are all in the DOM. */
  private live: BlockSource | undefined;
  private shownLive: string | undefined;
  /** The nodes of the live block last shown: the next block rendered takes their place. */
  private placeholder: ChildNode[] = [];
  /** Final blocks placed so far; the first CHUNK_BLOCKS go straight into the root, as a short answer's all do. */
  private placed = 0;
  /** The chunk later final blocks go into until it holds CHUNK_BLOCKS of them. */
  private chunk: HTMLDivElement | undefined;
  private chunkBlocks = 0;
  private env: Env = {};
  private deferred = false;

  /** `defer` runs the rest of the work in a later frame. */
  constructor(
    private readonly decorate: Decorate,
    private readonly defer: (work: () => void) => void,
  ) {
    this.root = document.createElement('div');
    this.root.className = 'cw-md';
  }

  /** Shows `text`. Appending to the previous text parses only what is not final yet; anything else starts over. */
  update(raw: string, streaming: boolean): void {
    const text = normalise(raw);
    if (text.length < this.consumed || !text.startsWith(this.text.slice(0, this.consumed))) this.reset();
    this.text = text;
    this.streaming = streaming;
    this.split = false;
    this.live = undefined;
    // A drain already waiting for the next frame renders this text too: no more than one drain a frame.
    if (!this.deferred) this.drain();
  }

  /**
   * Splits and renders for one frame's budget; what is left waits for the next frame. The frame's blocks go into the
   * DOM in one insertion, so the browser lays them out once.
   */
  private drain(): void {
    const started = performance.now();
    const batch: DocumentFragment[] = [];
    let liveNodes: ChildNode[] | undefined;
    let worked = false;
    let chars = 0;
    let blocks = 0;
    let elements = 0;
    const count = (block: BlockSource, fragment: DocumentFragment) => {
      chars += block.source.length;
      blocks++;
      elements += fragment.querySelectorAll('*').length;
    };
    for (;;) {
      const full = chars > FRAME_CHARS || blocks >= FRAME_BLOCKS || elements > FRAME_ELEMENTS;
      if (worked && (full || performance.now() - started > FRAME_BUDGET_MS)) {
        this.commit(batch, liveNodes);
        this.requestFrame();
        return;
      }
      const block = this.queue.shift();
      if (block) {
        const fragment = renderBlock(block, this.env, this.decorate);
        batch.push(fragment);
        count(block, fragment);
      } else if (!this.split) {
        this.splitWindow();
      } else if (this.live && this.live.source !== this.shownLive) {
        const fragment = renderBlock(this.live, this.env, this.decorate);
        // An empty render still needs a node in the DOM to anchor the next replacement.
        if (!fragment.hasChildNodes()) fragment.append(document.createTextNode(''));
        liveNodes = [...fragment.childNodes];
        this.shownLive = this.live.source;
        count(this.live, fragment);
      } else {
        break;
      }
      worked = true;
    }
    this.commit(batch, liveNodes);
    if (!this.live) {
      this.shownLive = undefined;
      for (const node of this.placeholder) node.remove();
      this.placeholder = [];
    }
  }

  /**
   * Splits the next window of at most MAX_BLOCK_CHARS (whole lines) into blocks. A window is a prefix of the rest, so
   * as while streaming, every block but its last is final. A block that fills the whole window is over the limits
   * whatever follows, so the window is cut off as plain text; a window that starts mid-line (a line over the limit) is
   * plain up to that line's end.
   */
  private splitWindow(): void {
    const { text, consumed } = this;
    const lineEnd = text.indexOf('\n', consumed);
    const midLine = consumed > 0 && text[consumed - 1] !== '\n';
    if (midLine || (lineEnd < 0 ? text.length : lineEnd) - consumed > MAX_BLOCK_CHARS) {
      const end = Math.min(consumed + MAX_BLOCK_CHARS, lineEnd < 0 ? text.length : lineEnd + 1);
      const piece: BlockSource = { source: text.slice(consumed, end), start: 0, plain: true };
      this.carry = '';
      if (this.streaming && lineEnd < 0 && end === text.length && end - consumed < MAX_BLOCK_CHARS) {
        this.live = piece;
        this.split = true;
        return;
      }
      this.queue.push(piece);
      this.consumed = end;
      this.continuesList = false;
      this.split = end === text.length;
      return;
    }
    let end = text.length;
    if (end - consumed > MAX_BLOCK_CHARS) {
      const cut = text.lastIndexOf('\n', consumed + MAX_BLOCK_CHARS);
      end = cut > consumed ? cut + 1 : consumed + MAX_BLOCK_CHARS;
    }
    const complete = end === text.length;
    const carry = this.carry;
    const blocks = splitBlocks(carry + text.slice(consumed, end), this.env, this.continuesList);
    const at = (block: BlockSource) => consumed + Math.max(0, block.start - carry.length);
    if (complete) {
      // Everything but the last block is final; while streaming, the last one may still change.
      this.live = this.streaming ? blocks.pop() : undefined;
      this.queue.push(...blocks);
      this.consumed = this.live ? at(this.live) : end;
      this.continuesList = this.live?.continued === true;
      // A live block that is the carried fence's code still needs the carried line; any other has moved past it.
      this.carry = this.live && this.live.start < carry.length ? carry : '';
      this.split = true;
      return;
    }
    const last = blocks.at(-1);
    if (last && (blocks.length > 1 || at(last) > consumed)) {
      this.queue.push(...blocks.slice(0, -1));
      this.consumed = at(last);
      this.continuesList = last.continued === true;
      this.carry = '';
      return;
    }
    // One block fills the window: over the limits whatever follows.
    this.continuesList = false;
    if (last?.code && last.code.opening) {
      this.queue.push(last);
      this.carry = last.code.opening;
    } else {
      this.queue.push({ source: text.slice(consumed, end), start: 0, plain: true });
      this.carry = '';
    }
    this.consumed = end;
  }

  private requestFrame(): void {
    if (this.deferred) return;
    this.deferred = true;
    this.defer(() => {
      this.deferred = false;
      this.drain();
    });
  }

  /**
   * Puts the frame's final blocks in chunks where the live block was shown, and `liveNodes` (the live block's new
   * nodes, to be replaced in turn) after them: one insertion per chunk touched.
   */
  private commit(batch: DocumentFragment[], liveNodes: ChildNode[] | undefined): void {
    if (batch.length === 0 && liveNodes === undefined) return;
    let pending: DocumentFragment | undefined;
    const [anchor] = this.placeholder;
    const flush = () => {
      if (pending && this.chunk) this.chunk.append(pending);
      else if (pending && anchor) anchor.before(pending);
      else if (pending) this.root.append(pending);
      pending = undefined;
    };
    for (const fragment of batch) {
      if (this.placed++ < CHUNK_BLOCKS) {
        (pending ??= document.createDocumentFragment()).append(fragment);
        continue;
      }
      if (!this.chunk || this.chunkBlocks >= CHUNK_BLOCKS) {
        flush();
        this.chunk = document.createElement('div');
        this.chunk.className = 'cw-md-chunk';
        this.chunkBlocks = 0;
        if (anchor) anchor.before(this.chunk);
        else this.root.append(this.chunk);
      }
      (pending ??= document.createDocumentFragment()).append(fragment);
      this.chunkBlocks++;
    }
    flush();
    // The blocks just made final include what the live block showed: its old nodes go either way.
    if (liveNodes && anchor) anchor.before(...liveNodes);
    else if (liveNodes) this.root.append(...liveNodes);
    for (const node of this.placeholder) node.remove();
    this.placeholder = liveNodes ?? [];
  }

  private reset(): void {
    this.root.replaceChildren();
    this.text = '';
    this.consumed = 0;
    this.continuesList = false;
    this.split = false;
    this.carry = '';
    this.queue.length = 0;
    this.live = undefined;
    this.shownLive = undefined;
    this.placeholder = [];
    this.placed = 0;
    this.chunk = undefined;
    this.chunkBlocks = 0;
    this.env = {};
  }
}

/** Line endings and NUL as markdown-it normalises them, so that its line numbers index this text. */
function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

/**
 * Splits text into its top-level blocks with a block-level parse only (inline content is parsed when a block renders),
 * and long lists into parts (see LIST_PART_CHARS).
 */
function splitBlocks(text: string, env: Env, continuesList = false): BlockSource[] {
  const tokens: Token[] = [];
  md.block.parse(text, md, env, tokens);
  const starts = lineStarts(text);
  const offset = (line: number) => starts[line] ?? text.length;
  const blocks: BlockSource[] = [];
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i]!;
    const items: number[] = [];
    let depth = 0;
    do {
      const token = tokens[i]!;
      if (token.type === 'list_item_open' && token.level === 1 && token.map) items.push(offset(token.map[0]));
      depth += token.nesting;
      i++;
    } while (i < tokens.length && depth > 0);
    const [startLine, endLine] = first.map ?? [0, 0];
    const [start, end] = [offset(startLine), offset(endLine)];
    if (first.type === 'bullet_list_open' || first.type === 'ordered_list_open') {
      blocks.push(...listParts(text, start, end, items, continuesList && blocks.length === 0));
      continue;
    }
    const block: BlockSource = { source: text.slice(start, end), start };
    if (first.type === 'fence' || first.type === 'code_block') {
      const opening = first.type === 'fence' ? text.slice(start, offset(startLine + 1)) : '';
      block.code = { text: first.content, language: first.info.trim().split(/\s+/, 1)[0] ?? '', opening };
    }
    blocks.push(block);
  }
  return blocks;
}

/**
 * The list text[start, end) as parts of whole items of about LIST_PART_CHARS each. An item ends where the next begins,
 * and every item but the last is closed, so the parts but the last are final as soon as the list is.
 */
function listParts(text: string, start: number, end: number, items: number[], continued: boolean): BlockSource[] {
  const parts: BlockSource[] = [];
  let from = start;
  const part = (to: number): BlockSource => ({ source: text.slice(from, to), start: from, continued: continued || from > start });
  for (const item of items) {
    if (item - from < LIST_PART_CHARS || item === from) continue;
    parts.push(part(item));
    from = item;
  }
  parts.push(part(end));
  return parts;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
  return starts;
}

function renderBlock(block: BlockSource, env: Env, decorate: Decorate): DocumentFragment {
  const tokens = block.plain || block.source.length > MAX_BLOCK_CHARS ? undefined : md.parse(block.source, env);
  if (tokens && !exceedsLimits(tokens)) {
    const fragment = sanitize(md.renderer.render(tokens, md.options, env));
    if (block.continued) fragment.firstElementChild?.classList.add('cw-md-continued');
    decorate(fragment);
    return fragment;
  }
  const fragment = document.createDocumentFragment();
  if (block.code && !block.plain) {
    // A large code block keeps its shape (and its Copy button), just not its colours.
    const code = document.createElement('code');
    if (/^[\w+#.-]+$/.test(block.code.language)) code.className = `language-${block.code.language}`;
    code.textContent = block.code.text;
    const pre = document.createElement('pre');
    pre.append(code);
    fragment.append(pre);
    decorate(fragment);
    return fragment;
  }
  const plain = document.createElement('div');
  plain.className = 'cw-md-plain';
  plain.title = 'Shown as plain text: this part of the answer is too large or too deeply nested to format';
  for (let at = 0; at < block.source.length;) {
    const line = block.source.lastIndexOf('\n', at + PLAIN_PIECE_CHARS - 1);
    const end = at + PLAIN_PIECE_CHARS >= block.source.length ? block.source.length : line >= at ? line + 1 : at + PLAIN_PIECE_CHARS;
    const piece = document.createElement('div');
    piece.textContent = block.source.slice(at, end);
    plain.append(piece);
    at = end;
  }
  fragment.append(plain);
  return fragment;
}

function exceedsLimits(tokens: Token[]): boolean {
  // Emphasis tokens do not carry their nesting in `level` (markdown-it pairs the delimiters afterwards): count it here.
  let count = tokens.length;
  let depth = 0;
  for (const token of tokens) {
    depth += token.nesting;
    let inline = depth;
    for (const child of token.children ?? []) {
      inline += child.nesting;
      if (inline > MAX_BLOCK_DEPTH) return true;
    }
    count += token.children?.length ?? 0;
    if (depth > MAX_BLOCK_DEPTH || count > MAX_BLOCK_TOKENS) return true;
  }
  return false;
}

const repeat = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join('\n');
const sampleList = (items: number) => repeat(items, (i) => `- item ${i}: **bold**, *emphasis*, \`code\`, [link](https://example.com/${i})`);
const sampleTable = (rows: number) =>
  `| name | value | code |\n| --- | ---: | :---: |\n${repeat(rows, (i) => `| row ${i} | **${i}** | \`v${i}\` |`)}`;
const sampleCode = (language: string, line: string, lines: number) =>
  `\`\`\`${language}\n${repeat(lines, (i) => line.replace(/N/g, String(i)))}\n\`\`\``;

/** Small samples of what answers hold, parsed, coloured and sanitised while the view is idle (see warmUp). */
const WARM_UP_SAMPLES = [
  '# Title\n\n## Part\n\nSome **bold**, *emphasis*, `code` and a [link](https://example.com).\n\n1. first\n\n> quoted\n\n---\n',
  sampleList(16),
  sampleTable(12),
  sampleCode('ts', 'export const valueN: number = compute(N, "text"); // note N', 12),
  sampleCode('python', 'def value_N(x):\n    return compute(x, "text")  # note N', 6),
  sampleCode('bash', 'npm test -- --grep "case N" && echo "done N" | tee out-N.log', 8),
  sampleCode('json', '{ "value": N, "list": [true, null, "text"] },', 8),
];
/**
 * How often each sample is run: a parser or sanitiser path runs several times slower until the engine has seen it
 * often enough to optimise it, which takes a few runs of an answer's size.
 */
const WARM_UP_ROUNDS = 6;

/**
 * Runs the samples through the whole pipeline, one sample per idle moment (a few milliseconds each), off the DOM. Done
 * here, the first slow runs of each path are not paid inside the frames of the first long answer. Each run asks for the
 * next idle moment only when it is done, so other idle-time work (a long chat's older messages) is not held up.
 */
export function warmUp(whenIdle: (work: () => void) => void): void {
  let run = 0;
  const step = () => {
    const sample = WARM_UP_SAMPLES[run % WARM_UP_SAMPLES.length]!;
    const env: Env = {};
    const tokens = md.parse(sample, env);
    exceedsLimits(tokens);
    sanitize(md.renderer.render(tokens, md.options, env));
    splitBlocks(sample, env);
    if (++run < WARM_UP_SAMPLES.length * WARM_UP_ROUNDS) whenIdle(step);
  };
  whenIdle(step);
}
