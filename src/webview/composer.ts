// The composer: a growing textarea (Enter sends, Shift+Enter breaks the line), Stop while the agent works, context
// chips (the editor's selection, @-mentioned files, pasted or attached images) and the model and effort pickers.
import { Effort, EffortSchema, ImageDataUrlSchema, MAX_IMAGES, SelectionRef, WebviewMessage } from '../shared/protocol';
import { invisibleWarning, revealInvisible } from '../shared/invisibleText';
import { el, icon, iconButton } from './dom';
import { MentionPicker } from './mentions';
import { selectionLabel } from './messageViews';

// Short, to fit a narrow sidebar; the picker's label says what they are.
const EFFORT_LABELS: Record<Effort, string> = {
  none: 'No reasoning',
  minimal: 'Minimal',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  xhigh: 'Extra high',
  max: 'Max',
};
const MAX_TEXTAREA_PX = 240;

export interface ComposerOptions {
  post(message: WebviewMessage): void;
  /** The unsent draft survives the view being hidden and shown. */
  draft: string;
  saveDraft(text: string): void;
}

export class Composer {
  readonly root: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  readonly mentions: MentionPicker;
  private readonly chips: HTMLElement;
  private readonly send: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private readonly model: HTMLSelectElement;
  private readonly effort: HTMLSelectElement;
  private readonly notice: HTMLElement;
  private files: string[] = [];
  private images: string[] = [];
  private selection: SelectionRef | null = null;
  /** The selection the user removed (or already sent): not offered again until it changes. */
  private dismissed = '';
  private running = false;

  constructor(private readonly options: ComposerOptions) {
    this.textarea = el('textarea.cw-input.cw-textarea', {
      rows: 1,
      placeholder: 'Ask Codewright… (@ to mention a file)',
      'aria-label': 'Message Codewright. Enter sends, Shift+Enter adds a line.',
    });
    this.textarea.value = options.draft;
    this.mentions = new MentionPicker(this.textarea, options.post, (file) => this.addFile(file));
    this.chips = el('div.cw-chips.cw-composer-chips', { 'aria-label': 'Context for the next message' });
    this.notice = el('div.cw-composer-notice', { role: 'status' });
    this.notice.hidden = true;

    const fileInput = el('input', {
      type: 'file',
      accept: 'image/png,image/jpeg,image/gif,image/webp',
      multiple: true,
      hidden: true,
      'aria-hidden': 'true',
      tabindex: -1,
    });
    fileInput.addEventListener('change', () => {
      void this.addImages([...(fileInput.files ?? [])]);
      fileInput.value = '';
    });
    const attach = iconButton('file-media', 'Attach images', () => fileInput.click());

    this.model = el('select.cw-select', { 'aria-label': 'Model', title: 'Model' });
    this.model.addEventListener('change', () => options.post({ type: 'set_model', model: this.model.value }));
    this.effort = el('select.cw-select', { 'aria-label': 'Reasoning effort', title: 'Reasoning effort' });
    this.effort.addEventListener('change', () => {
      const parsed = EffortSchema.safeParse(this.effort.value);
      if (parsed.success) options.post({ type: 'set_effort', effort: parsed.data });
    });

    this.send = el('button.cw-icon-button.cw-send', { type: 'button', title: 'Send (Enter)', 'aria-label': 'Send' }, icon('send'));
    this.send.addEventListener('click', () => this.submit());
    this.stop = el('button.cw-icon-button.cw-stop', { type: 'button', title: 'Stop', 'aria-label': 'Stop' }, icon('debug-stop'));
    this.stop.addEventListener('click', () => options.post({ type: 'stop' }));
    this.stop.hidden = true;

    this.textarea.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.textarea.addEventListener('input', () => {
      this.fit();
      this.mentions.onInput();
      options.saveDraft(this.textarea.value);
    });
    this.textarea.addEventListener('paste', (e) => this.onPaste(e));
    this.textarea.addEventListener('blur', () => this.mentions.close());

    const box = el(
      'div.cw-composer-box',
      {},
      this.chips,
      this.textarea,
      el('div.cw-composer-bar', {}, attach, fileInput, this.model, this.effort, el('span.cw-spacer'), this.send, this.stop),
    );
    this.root = el('section.cw-composer', { 'aria-label': 'Composer' }, this.mentions.root, this.notice, box);
    this.renderChips();
  }

  setRunning(running: boolean): void {
    this.running = running;
    this.send.hidden = running;
    this.stop.hidden = !running;
  }

  /** The models to offer and the chosen one; only the efforts the model accepts, `effort` (one of them) chosen. */
  setConfig(models: string[], model: string, efforts: readonly Effort[], effort: Effort): void {
    const all = models.includes(model) ? models : [model, ...models];
    this.model.replaceChildren(...all.map((m) => el('option', { value: m }, m)));
    this.model.value = model;
    const offered = efforts.includes(effort) ? efforts : [...efforts, effort];
    this.effort.replaceChildren(...offered.map((e) => el('option', { value: e }, EFFORT_LABELS[e])));
    this.effort.value = effort;
  }

  /** The host offers the active editor's selection (or withdraws it with null). */
  setSelection(selection: SelectionRef | null): void {
    const key = selection ? selectionKey(selection) : '';
    if (key !== this.dismissed) this.dismissed = '';
    this.selection = selection;
    this.renderChips();
  }

  focus(): void {
    this.textarea.focus();
  }

  /** Puts `text` in the composer (kept as the draft), ready to send or change. */
  setDraft(text: string): void {
    this.textarea.value = text;
    this.options.saveDraft(text);
    this.fit();
    this.textarea.focus();
  }

  /** Sends `text` as a message of its own (a suggested prompt), with the chosen model and effort. */
  sendPrompt(text: string): void {
    if (this.running) return;
    this.options.post({ type: 'send', text, files: [], images: [], model: this.model.value, effort: this.chosenEffort() });
  }

  private chosenEffort(): Effort {
    return EffortSchema.safeParse(this.effort.value).data ?? 'medium';
  }

  private get offeredSelection(): SelectionRef | null {
    return this.selection && selectionKey(this.selection) !== this.dismissed ? this.selection : null;
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (this.mentions.onKeyDown(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey) {
      event.preventDefault();
      this.submit();
    }
  }

  private submit(): void {
    const text = this.textarea.value.trim();
    if (this.running || (!text && this.images.length === 0)) return;
    const selection = this.offeredSelection;
    const message: WebviewMessage = {
      type: 'send',
      text,
      files: [...this.files],
      images: [...this.images],
      model: this.model.value,
      effort: this.chosenEffort(),
    };
    if (selection) message.selection = selection;
    this.options.post(message);
    this.textarea.value = '';
    this.options.saveDraft('');
    this.files = [];
    this.images = [];
    if (selection) this.dismissed = selectionKey(selection);
    this.mentions.close();
    this.fit();
    this.renderChips();
  }

  private addFile(file: string): void {
    if (!this.files.includes(file)) this.files.push(file);
    this.renderChips();
  }

  private onPaste(event: ClipboardEvent): void {
    const images = [...(event.clipboardData?.items ?? [])]
      .filter((i) => i.kind === 'file' && i.type.startsWith('image/'))
      .map((i) => i.getAsFile())
      .filter((f): f is File => f !== null);
    if (images.length === 0) return;
    event.preventDefault();
    void this.addImages(images);
  }

  private async addImages(files: File[]): Promise<void> {
    this.say('');
    for (const file of files) {
      if (this.images.length >= MAX_IMAGES) {
        this.say(`A message can carry at most ${MAX_IMAGES} images.`);
        return;
      }
      const url = await readAsDataUrl(file).catch(() => '');
      if (!ImageDataUrlSchema.safeParse(url).success) {
        this.say(`${file.name || 'That image'} cannot be attached: use a PNG, JPEG, GIF or WebP image under 15 MB.`);
        continue;
      }
      this.images.push(url);
    }
    this.renderChips();
  }

  private say(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = !text;
  }

  private renderChips(): void {
    const chips: HTMLElement[] = [];
    const selection = this.offeredSelection;
    if (selection) {
      chips.push(
        chip('selection', selectionLabel(selection), 'Remove the selection from the context', () => {
          this.dismissed = selectionKey(selection);
          this.renderChips();
        }),
      );
    }
    for (const file of this.files) {
      chips.push(
        chip('file', file, `Remove ${file} from the context`, () => {
          this.files = this.files.filter((f) => f !== file);
          this.renderChips();
        }),
      );
    }
    for (const [i, url] of this.images.entries()) {
      const c = chip('file-media', `Image ${i + 1}`, `Remove image ${i + 1}`, () => {
        this.images.splice(i, 1);
        this.renderChips();
      });
      c.prepend(el('img.cw-chip-thumb', { src: url, alt: '' }));
      chips.push(c);
    }
    this.chips.replaceChildren(...chips);
    this.chips.hidden = chips.length === 0;
  }

  /** Grows with its content up to a limit, then scrolls. */
  private fit(): void {
    this.textarea.style.height = 'auto';
    this.textarea.style.height = `${Math.min(this.textarea.scrollHeight, MAX_TEXTAREA_PX)}px`;
  }
}

function selectionKey(s: SelectionRef): string {
  return `${s.path}:${s.startLine}-${s.endLine}`;
}

function chip(iconName: string, label: string, removeLabel: string, onRemove: () => void): HTMLElement {
  const remove = el('button.cw-chip-remove', { type: 'button', title: removeLabel, 'aria-label': removeLabel }, icon('close'));
  remove.addEventListener('click', onRemove);
  const shown = revealInvisible(label);
  return el('span.cw-chip', { title: invisibleWarning(label) ?? shown }, icon(iconName), el('span.cw-chip-label', {}, shown), remove);
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the image could not be read'));
    reader.readAsDataURL(file);
  });
}
