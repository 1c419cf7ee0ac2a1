// One view per transcript entry. A view renders its entry once and then updates in place: only entries that
// changed in a frame are touched.
import type { Entry, WebviewMessage } from '../shared/protocol';
import { cardView } from './cardViews';
import { assistantView, reasoningView, userView } from './messageViews';

export interface EntryView {
  readonly root: HTMLElement;
  update(entry: Entry): void;
}

export interface ViewContext {
  post(message: WebviewMessage): void;
  decorate(fragment: DocumentFragment): void;
  /** Runs `work` in the next frame's DOM update (the transcript's own), so that a frame still has one. */
  defer(work: () => void): void;
}

export function createEntryView(entry: Entry, context: ViewContext): EntryView {
  const view =
    entry.kind === 'user'
      ? userView(entry, context)
      : entry.kind === 'assistant'
        ? assistantView(context)
        : entry.kind === 'reasoning'
          ? reasoningView(context)
          : cardView(entry, context);
  view.root.classList.add('cw-entry', `cw-entry-${entry.kind}`);
  view.update(entry);
  return view;
}
