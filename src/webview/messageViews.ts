// The conversation itself: the user's messages (plain text, as typed), the assistant's answers (streamed Markdown),
// and the model's reasoning summaries in a collapsible Thinking block.
import { invisibleWarning, revealInvisible } from '../shared/invisibleText';
import type { Entry } from '../shared/protocol';
import { el, icon } from './dom';
import type { EntryView, ViewContext } from './entryView';
import { MarkdownView } from './markdown';

type Of<K extends Entry['kind']> = Extract<Entry, { kind: K }>;

export function userView(entry: Of<'user'>): EntryView {
  const root = el('article', { 'aria-label': 'Your message' });
  const text = el('div.cw-user-text');
  root.append(el('div.cw-role', {}, icon('account'), 'You'), text);
  const context = [...entry.files.map((f) => chip('file', f)), ...(entry.selection ? [chip('selection', selectionLabel(entry.selection))] : [])];
  if (context.length) root.append(el('div.cw-chips', {}, ...context));
  if (entry.images.length) {
    root.append(el('div.cw-images', {}, ...entry.images.map((src, i) => el('img.cw-thumb', { src, alt: `Attached image ${i + 1}` }))));
  }
  return {
    root,
    update(next) {
      if (next.kind === 'user') text.textContent = next.text;
    },
  };
}

export function assistantView(context: ViewContext): EntryView {
  const markdown = new MarkdownView(context.decorate);
  const root = el('article', { 'aria-label': 'Codewright' }, markdown.root);
  return {
    root,
    update(entry) {
      if (entry.kind !== 'assistant') return;
      markdown.update(entry.text, entry.streaming);
      root.classList.toggle('cw-streaming', entry.streaming);
      root.setAttribute('aria-busy', String(entry.streaming));
    },
  };
}

export function reasoningView(context: ViewContext): EntryView {
  const markdown = new MarkdownView(context.decorate);
  const spinner = icon('loading', 'codicon-modifier-spin');
  const done = icon('lightbulb');
  const title = el('span.cw-thinking-title', {}, 'Thinking');
  const preview = el('span.cw-thinking-preview');
  const summary = el('summary', {}, spinner, done, title, preview);
  const root = el('details', {}, summary, markdown.root);
  return {
    root,
    update(entry) {
      if (entry.kind !== 'reasoning') return;
      const text = entry.parts.join('\n\n');
      markdown.update(text, entry.streaming);
      spinner.hidden = !entry.streaming;
      done.hidden = entry.streaming;
      title.textContent = entry.streaming ? 'Thinking' : 'Thought';
      preview.textContent = headline(entry.parts[entry.parts.length - 1] ?? '');
      root.setAttribute('aria-busy', String(entry.streaming));
    },
  };
}

/** Reasoning summaries open each part with a bold title line; that line is the block's one-line preview. */
function headline(part: string): string {
  const bold = /\*\*([^*\n]+)\*\*/.exec(part)?.[1];
  const first = bold ?? part.split('\n', 1)[0] ?? '';
  return first.trim().slice(0, 120);
}

export function selectionLabel(selection: { path: string; startLine: number; endLine: number }): string {
  const name = selection.path.split('/').pop() ?? selection.path;
  return selection.startLine === selection.endLine ? `${name}:${selection.startLine}` : `${name}:${selection.startLine}-${selection.endLine}`;
}

function chip(kind: 'file' | 'selection', label: string): HTMLElement {
  const shown = revealInvisible(label);
  return el('span.cw-chip', { title: invisibleWarning(label) ?? shown }, icon(kind === 'file' ? 'file' : 'selection'), el('span.cw-chip-label', {}, shown));
}
