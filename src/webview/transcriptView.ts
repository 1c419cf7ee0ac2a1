// The scrolling conversation. Events fold into the transcript at once, but the DOM is touched at most once per
// animation frame, and only for entries that changed. A long conversation opens at its end: the newest entries render
// first, older ones in small time-sliced chunks as the user scrolls up, so opening costs the same at 20 entries or 2,000.
import type { ChatEvent, Entry } from '../shared/protocol';
import { entryKey, Transcript } from '../shared/transcript';
import { el, icon } from './dom';
import { createEntryView, EntryView, ViewContext } from './entryView';
import { FrameScheduler } from './frameScheduler';
import { ScrollFollow } from './scrollFollow';

/** Work per slice when rendering older entries: well under the 50 ms that makes a long task. */
const SLICE_MS = 8;
/** Older entries start rendering this far before the user reaches them. */
const PRELOAD_PX = 1200;

export class TranscriptView {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly jump: HTMLButtonElement;
  private transcript = new Transcript();
  private readonly views = new Map<string, EntryView>();
  /** Entries [firstRendered, renderedEnd) have views in the DOM. */
  private firstRendered = 0;
  private renderedEnd = 0;
  private readonly dirty = new Set<Entry>();
  private readonly frame: FrameScheduler;
  private readonly follow: ScrollFollow;
  private olderScheduled = false;
  private replay = -1;
  private liveError: HTMLElement | undefined;
  private readonly context: ViewContext;
  /** Work views left for the next frame (a long answer rendering a frame's worth at a time). */
  private readonly deferred: (() => void)[] = [];
  /** Lines of the live turn that are not entries (its instruction files), placed after the entries rendered so far. */
  /** Lines waiting for the next frame, each placed after the entries the transcript had when it arrived. */
  private readonly asides: { line: HTMLElement; at: number }[] = [];

  constructor(
    context: Pick<ViewContext, 'post' | 'decorate'>,
    private readonly onChange: (entryCount: number) => void,
  ) {
    this.context = {
      ...context,
      defer: (work) => {
        this.deferred.push(work);
        this.frame.schedule();
      },
    };
    this.list = el('div.cw-list', { role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': 'Conversation' });
    this.jump = el('button.cw-jump', { type: 'button', title: 'Jump to latest', 'aria-label': 'Jump to latest' }, icon('arrow-down'));
    this.jump.hidden = true;
    this.root = el('section.cw-transcript', {}, this.list);
    this.frame = new FrameScheduler(() => this.flush());
    this.follow = new ScrollFollow(this.root, (following) => (this.jump.hidden = following || this.renderedEnd === 0));
    this.jump.addEventListener('click', () => this.follow.jumpToLatest());
    // While following, stay at the bottom whenever the content grows (a render, a font arriving, a block expanded) or the
    // viewport shrinks (the composer growing with a chip or a long draft). Observations arrive after the browser's own
    // layout, so reading the scroll height there costs nothing, where reading it after a render would force a layout.
    const keepUp = new ResizeObserver(() => this.follow.keepUp());
    keepUp.observe(this.list);
    keepUp.observe(this.root);
    this.root.addEventListener(
      'scroll',
      () => {
        if (this.root.scrollTop < PRELOAD_PX) this.scheduleOlder();
      },
      { passive: true },
    );
  }

  /** The "Jump to latest" button, placed by the caller over the transcript. */
  get jumpButton(): HTMLButtonElement {
    return this.jump;
  }

  get entries(): readonly Entry[] {
    return this.transcript.entries;
  }

  /** Replaces the conversation (a replay, or another session opened); its older entries may follow with `prependOlder`. */
  load(entries: Entry[], replay: number): void {
    this.replay = replay;
    this.transcript = new Transcript(entries);
    this.views.clear();
    this.dirty.clear();
    this.deferred.length = 0;
    this.asides.length = 0;
    this.list.replaceChildren();
    this.liveError = undefined;
    this.firstRendered = this.renderedEnd = entries.length;
    // Fill the viewport with the newest entries before the first paint and land at the bottom; the rest follows in idle time.
    const start = performance.now();
    while (this.firstRendered > 0 && this.root.scrollHeight <= this.root.clientHeight && performance.now() - start < SLICE_MS) {
      this.renderOlderSlice(SLICE_MS);
    }
    this.follow.jumpToLatest();
    this.jump.hidden = true;
    this.onChange(entries.length);
    this.scheduleOlder();
  }

  /** Earlier entries of the replay `replay` (pages arrive newest first); pages of an older replay are dropped. */
  prependOlder(replay: number, entries: Entry[]): void {
    if (replay !== this.replay || entries.length === 0) return;
    this.transcript.prepend(entries);
    this.firstRendered += entries.length;
    this.renderedEnd += entries.length;
    this.onChange(this.transcript.entries.length);
    if (this.root.scrollTop < PRELOAD_PX) this.scheduleOlder();
  }

  apply(event: ChatEvent): void {
    for (const change of this.transcript.apply(event)) {
      if (!change.added && this.views.has(entryKey(change.entry))) this.dirty.add(change.entry);
    }
    this.frame.schedule();
  }

  /** Shows `line` after what has arrived so far; not part of the saved transcript, so a replay does not bring it back. */
  appendAside(line: HTMLElement): void {
    this.asides.push({ line, at: this.transcript.entries.length });
    this.frame.schedule();
  }

  /** Applies pending DOM work now (tests and the benchmark use it to measure without waiting for a frame). */
  flushNow(): void {
    this.frame.runNow();
  }

  private flush(): void {
    const carried = this.deferred.splice(0);
    const entries = this.transcript.entries;
    if (this.renderedEnd < entries.length) {
      const fragment = document.createDocumentFragment();
      for (let i = this.renderedEnd; i < entries.length; i++) {
        // Entries and lines that arrived within one frame keep their order.
        while (this.asides[0] && this.asides[0].at <= i) fragment.append(this.asides.shift()!.line);
        const entry = entries[i]!;
        if (entry.kind !== 'usage' && entry.kind !== 'notice' && this.liveError) {
          this.liveError.classList.add('cw-stale');
          this.liveError = undefined;
        }
        const view = this.create(entry);
        if (entry.kind === 'error') this.liveError = view.root;
        fragment.append(view.root);
      }
      this.renderedEnd = entries.length;
      this.list.append(fragment);
      this.onChange(entries.length);
    }
    if (this.asides.length > 0) this.list.append(...this.asides.splice(0).map((a) => a.line));
    for (const entry of this.dirty) this.views.get(entryKey(entry))?.update(entry);
    this.dirty.clear();
    // Views' left-over work from earlier frames shares the frame's budget; what does not fit, and what was left over in
    // this frame, waits for the next frame.
    const start = performance.now();
    while (carried.length > 0 && performance.now() - start < SLICE_MS) carried.shift()!();
    this.deferred.unshift(...carried);
    if (this.deferred.length > 0) this.frame.schedule();
  }

  private create(entry: Entry): EntryView {
    const view = createEntryView(entry, this.context);
    this.views.set(entryKey(entry), view);
    return view;
  }

  private scheduleOlder(): void {
    if (this.olderScheduled || this.firstRendered === 0) return;
    this.olderScheduled = true;
    const run = () => {
      this.olderScheduled = false;
      this.renderOlderSlice(SLICE_MS);
      // Still near the top (a fast scroll, or a tall viewport): keep going, one slice per task.
      if (this.firstRendered > 0 && this.root.scrollTop < PRELOAD_PX) this.scheduleOlder();
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 100 });
    else setTimeout(run, 0);
  }

  /** Renders older entries above the current ones for about `budgetMs`, keeping what the user sees in place. */
  private renderOlderSlice(budgetMs: number): void {
    if (this.firstRendered === 0) return;
    const entries = this.transcript.entries;
    const liveErrorIndex = this.liveErrorIndex();
    const fragment = document.createDocumentFragment();
    const nodes: HTMLElement[] = [];
    const start = performance.now();
    do {
      const index = --this.firstRendered;
      const view = this.create(entries[index]!);
      if (entries[index]!.kind === 'error') {
        if (index === liveErrorIndex) this.liveError = view.root;
        else view.root.classList.add('cw-stale');
      }
      nodes.push(view.root);
    } while (this.firstRendered > 0 && performance.now() - start < budgetMs);
    for (let i = nodes.length - 1; i >= 0; i--) fragment.append(nodes[i]!);
    const anchor = this.list.firstElementChild;
    const before = anchor?.getBoundingClientRect().top ?? 0;
    this.list.prepend(fragment);
    if (anchor) this.root.scrollTop += anchor.getBoundingClientRect().top - before;
  }

  /** The error whose Retry is still meaningful: the last entry of the conversation, bar usage lines and notices. */
  private liveErrorIndex(): number {
    const entries = this.transcript.entries;
    for (let i = entries.length - 1; i >= 0; i--) {
      const kind = entries[i]!.kind;
      if (kind === 'usage' || kind === 'notice') continue;
      return kind === 'error' ? i : -1;
    }
    return -1;
  }
}
