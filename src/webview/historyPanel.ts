// Past chats, newest first: open one to resume it, rename or delete it (the host asks for the new name and confirms
// the deletion with VS Code's own dialogs).
import type { SessionInfo, WebviewMessage } from '../shared/protocol';
import { el, icon, iconButton } from './dom';

export class HistoryPanel {
  readonly root: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  /** Focus moves to the first chat once the list arrives after the panel opened. */
  private focusFirst = false;

  constructor(
    private readonly post: (message: WebviewMessage) => void,
    private readonly onClose: () => void,
  ) {
    this.list = el('ul.cw-history-list', { 'aria-label': 'Past chats' });
    this.empty = el('p.cw-history-empty', {}, 'No saved chats in this workspace yet.');
    const close = iconButton('close', 'Close chat history', () => this.close());
    this.root = el(
      'section.cw-history',
      { 'aria-label': 'Chat history' },
      el('div.cw-history-head', {}, icon('history'), el('h2.cw-history-title', {}, 'Chat History'), el('span.cw-spacer'), close),
      this.empty,
      this.list,
    );
    this.root.hidden = true;
    this.root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close();
    });
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  open(): void {
    this.root.hidden = false;
    this.focusFirst = true;
    this.post({ type: 'history' });
    this.root.querySelector('button')?.focus();
  }

  close(): void {
    if (this.root.hidden) return;
    this.root.hidden = true;
    this.onClose();
  }

  show(sessions: SessionInfo[], currentId: string | null): void {
    this.empty.hidden = sessions.length > 0;
    const now = Date.now();
    this.list.replaceChildren(
      ...[...sessions]
        .sort((a, b) => b.updatedAt - a.updatedAt)
        .map((s) => {
          const title = s.title || 'Untitled chat';
          const resume = el(
            'button.cw-history-item',
            { type: 'button', 'aria-label': `Open chat: ${title}`, 'aria-current': s.id === currentId ? 'true' : undefined },
            el('span.cw-history-item-title', {}, title),
            el('span.cw-history-item-meta', {}, `${relativeDate(s.updatedAt, now)} · ${s.model}`),
          );
          resume.addEventListener('click', () => {
            this.post({ type: 'resume', id: s.id });
            this.close();
          });
          return el(
            'li.cw-history-row',
            {},
            resume,
            iconButton('edit', `Rename chat: ${title}`, () => this.post({ type: 'rename', id: s.id })),
            iconButton('trash', `Delete chat: ${title}`, () => this.post({ type: 'delete', id: s.id })),
          );
        }),
    );
    if (this.isOpen && this.focusFirst) this.list.querySelector('button')?.focus();
    this.focusFirst = false;
  }
}

export function relativeDate(then: number, now: number): string {
  const minutes = Math.round((now - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return days === 1 ? 'yesterday' : `${days} days ago`;
  return new Date(then).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}
