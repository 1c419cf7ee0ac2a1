// The conversation itself: the user's messages (plain text, as typed; Copy, Edit and resend, Retry), the assistant's
// answers (streamed Markdown; Copy), and the model's reasoning summaries in a collapsible Thinking block.
import { invisibleWarning, revealInvisible } from '../shared/invisibleText';
import type { Entry } from '../shared/protocol';
import { el, icon, iconButton, textButton } from './dom';
import type { EntryView, ViewContext } from './entryView';
import { MarkdownView } from './markdown';

type Of<K extends Entry['kind']> = Extract<Entry, { kind: K }>;

export function userView(entry: Of<'user'>, context: ViewContext): EntryView {
  const root = el('article', { 'aria-label': 'Your message' });
  const text = el('div.cw-user-text');
  let current = entry;
  const actions = el(
    'div.cw-message-actions',
    {},
    iconButton('copy', 'Copy message', () => context.post({ type: 'copy', text: current.text })),
    iconButton('edit', 'Edit and resend', () => editor.open()),
    iconButton('refresh', 'Retry: send this message again', () => resend(current.text)),
    iconButton('discard', 'Restore to here: the workspace as it was before this message', () =>
      context.post({ type: 'checkpoint', action: 'restore', id: current.id }),
    ),
    iconButton('diff-multiple', 'Changes in this turn', () => context.post({ type: 'checkpoint', action: 'changes', id: current.id })),
  );
  const editor = messageEditor(text, (edited) => resend(edited));
  root.append(el('div.cw-role', {}, icon('account'), 'You', actions), text, editor.root);
  const attached = [
    ...entry.files.map((f) => chip('file', f)),
    ...(entry.selection ? [chip('selection', selectionLabel(entry.selection))] : []),
  ];
  if (attached.length) root.append(el('div.cw-chips', {}, ...attached));
  if (entry.images.length) {
    root.append(el('div.cw-images', {}, ...entry.images.map((src, i) => el('img.cw-thumb', { src, alt: `Attached image ${i + 1}` }))));
  }
  function resend(value: string): void {
    const trimmed = value.trim();
    if (trimmed) context.post({ type: 'resend', id: current.id, text: trimmed });
  }
  return {
    root,
    update(next) {
      if (next.kind !== 'user') return;
      current = next;
      text.textContent = next.text;
    },
  };
}

/** Edit and resend, in place of the message: Enter sends, Shift+Enter adds a line, Escape puts the message back. */
function messageEditor(text: HTMLElement, send: (value: string) => void): { root: HTMLElement; open(): void } {
  const input = el('textarea.cw-input.cw-edit-input', {
    rows: 3,
    'aria-label': 'Edit your message. Enter sends it again, Escape cancels.',
  });
  const root = el(
    'div.cw-edit',
    {},
    input,
    el(
      'div.cw-card-actions',
      {},
      textButton('Send', () => submit(), { iconName: 'send' }),
      textButton('Cancel', () => close(), { secondary: true }),
    ),
  );
  root.hidden = true;
  function close(): void {
    root.hidden = true;
    text.hidden = false;
  }
  function submit(): void {
    if (!input.value.trim()) return;
    close();
    send(input.value);
  }
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
    else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  return {
    root,
    open() {
      input.value = text.textContent ?? '';
      text.hidden = true;
      root.hidden = false;
      input.focus();
    },
  };
}

export function assistantView(context: ViewContext): EntryView {
  const markdown = new MarkdownView(context.decorate, context.defer);
  let answer = '';
  const actions = el(
    'div.cw-message-actions',
    {},
    iconButton('copy', 'Copy answer', () => context.post({ type: 'copy', text: answer })),
  );
  const root = el('article', { 'aria-label': 'Codewright' }, markdown.root, actions);
  return {
    root,
    update(entry) {
      if (entry.kind !== 'assistant') return;
      answer = entry.text;
      markdown.update(entry.text, entry.streaming);
      actions.hidden = entry.streaming;
      root.classList.toggle('cw-streaming', entry.streaming);
      root.setAttribute('aria-busy', String(entry.streaming));
    },
  };
}

export function reasoningView(context: ViewContext): EntryView {
  const markdown = new MarkdownView(context.decorate, context.defer);
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
  return selection.startLine === selection.endLine
    ? `${name}:${selection.startLine}`
    : `${name}:${selection.startLine}-${selection.endLine}`;
}

function chip(kind: 'file' | 'selection', label: string): HTMLElement {
  const shown = revealInvisible(label);
  return el(
    'span.cw-chip',
    { title: invisibleWarning(label) ?? shown },
    icon(kind === 'file' ? 'file' : 'selection'),
    el('span.cw-chip-label', {}, shown),
  );
}
