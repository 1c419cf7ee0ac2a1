// The rows a model picker shows for a provider's served list: preferred models first, each with its shutdown date, a
// warning when it is within 30 days of it (or past it), the replacement to switch to, and the efforts it accepts.
import type { Effort } from '../../shared/effort';
import type { ServedModel } from './discovery';
import { effortsFor } from './effort';
import { replacementFor, shutdownWarning } from './retirement';
import { PREFERRED_MODELS } from './selection';
import { shutdownDateOf, shutdownState, type ShutdownState } from './shutdown';
import { bareModelId } from './table';

export interface ModelRow {
  id: string;
  shutdownDate: string | undefined;
  state: ShutdownState;
  /** The sentence for the picker and the chat header; undefined when the model is not close to shutting down. */
  warning: string | undefined;
  /** A served model to switch to, when the model is going or gone. */
  replacement: string | undefined;
  efforts: readonly Effort[];
}

export interface RowOptions {
  today: Date;
  /** Whether the table's (OpenAI's) shutdown dates apply: true for OpenAI itself. */
  tableDates: boolean;
}

/** One row per served model, the preferred ones first in preference order, the rest as the provider lists them. */
export function modelRows(served: readonly ServedModel[], options: RowOptions): ModelRow[] {
  const rank = (id: string) => {
    const at = (PREFERRED_MODELS as readonly string[]).indexOf(bareModelId(id));
    return at === -1 ? PREFERRED_MODELS.length : at;
  };
  const ordered = served.map((m, index) => ({ m, index })).sort((a, b) => rank(a.m.id) - rank(b.m.id) || a.index - b.index);
  return ordered.map(({ m }) => {
    const date = shutdownDateOf(m.id, m.shutdownDate, options.tableDates);
    const state = shutdownState(date, options.today);
    const replacement = state.kind === 'none' ? undefined : replacementFor(m.id, { served, ...options });
    const warning =
      state.kind === 'past'
        ? `${m.id} was shut down on ${state.date}${replacement === undefined ? '' : `: switch to ${replacement}`}.`
        : shutdownWarning(m.id, date, options.today, replacement);
    return { id: m.id, shutdownDate: date, state, warning, replacement, efforts: effortsFor(m.id) };
  });
}
