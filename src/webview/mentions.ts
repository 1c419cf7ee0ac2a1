// `@` mentions in the composer: typing `@name` asks the host for matching workspace files (workspace.findFiles on
// its side) and offers them in a list; picking one puts `@path` in the text and attaches the file as context.
import type { WebviewMessage } from '../shared/protocol';
import { el, icon } from './dom';

/** `@` at the start or after whitespace, then the query up to the caret. */
const TRIGGER = /(?:^|\s)@([^\s@]*)$/;

export class MentionPicker {
  readonly root: HTMLUListElement;
  private requestId = 0;
  private start = -1;
  private files: string[] = [];
  private active = 0;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly post: (message: WebviewMessage) => void,
    private readonly onPick: (path: string) => void,
  ) {
    this.root = el('ul.cw-mentions', { role: 'listbox', id: 'cw-mentions', 'aria-label': 'Workspace files' });
    this.root.hidden = true;
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', this.root.id);
    input.setAttribute('aria-expanded', 'false');
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  /** After each edit of the text: ask for files when the caret ends an `@query`, else close the list. */
  onInput(): void {
    const caret = this.input.selectionStart ?? this.input.value.length;
    const match = TRIGGER.exec(this.input.value.slice(0, caret));
    if (!match) {
      this.close();
      return;
    }
    this.start = caret - match[1]!.length - 1;
    this.post({ type: 'mention_query', requestId: ++this.requestId, query: match[1]! });
  }

  /** Results from the host; answers to an older query are dropped. */
  show(requestId: number, files: string[]): void {
    if (requestId !== this.requestId || this.start < 0) return;
    this.files = files;
    this.active = 0;
    if (files.length === 0) {
      this.close();
      return;
    }
    this.root.replaceChildren(
      ...files.map((file, i) => {
        const slash = file.lastIndexOf('/');
        const option = el(
          'li.cw-mention',
          { role: 'option', id: `cw-mention-${i}`, 'aria-selected': String(i === 0), title: file },
          icon('file'),
          el('span.cw-mention-name', {}, file.slice(slash + 1)),
          el('span.cw-mention-dir', {}, slash > 0 ? file.slice(0, slash) : ''),
        );
        // mousedown, not click: the textarea keeps focus and the caret.
        option.addEventListener('mousedown', (e) => {
          e.preventDefault();
          this.pick(i);
        });
        return option;
      }),
    );
    this.root.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.highlight();
  }

  /** Keyboard handling while the list is open; returns true when the key was used. */
  onKeyDown(event: KeyboardEvent): boolean {
    if (!this.isOpen) return false;
    switch (event.key) {
      case 'ArrowDown':
        this.active = (this.active + 1) % this.files.length;
        break;
      case 'ArrowUp':
        this.active = (this.active - 1 + this.files.length) % this.files.length;
        break;
      case 'Enter':
      case 'Tab':
        this.pick(this.active);
        break;
      case 'Escape':
        this.close();
        break;
      default:
        return false;
    }
    event.preventDefault();
    this.highlight();
    return true;
  }

  close(): void {
    this.root.hidden = true;
    this.start = -1;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  private highlight(): void {
    if (!this.isOpen) return;
    for (const [i, option] of [...this.root.children].entries()) option.setAttribute('aria-selected', String(i === this.active));
    this.input.setAttribute('aria-activedescendant', `cw-mention-${this.active}`);
    this.root.children[this.active]?.scrollIntoView({ block: 'nearest' });
  }

  private pick(index: number): void {
    const file = this.files[index];
    if (file === undefined || this.start < 0) return;
    const caret = this.input.selectionStart ?? this.input.value.length;
    const before = this.input.value.slice(0, this.start);
    const after = this.input.value.slice(caret);
    const inserted = `@${file} `;
    this.input.value = before + inserted + after;
    const at = before.length + inserted.length;
    this.input.setSelectionRange(at, at);
    this.close();
    this.onPick(file);
  }
}
