// When a model stops being served and how soon that is. A provider's own `shutdown_date` always counts; the table's dates
// are OpenAI's API's, so they count only for OpenAI itself (Azure deployments and gateways may keep serving a model).
import { modelFacts } from './table';

/** A model this close to its shutdown date is flagged in the picker and the chat header. */
export const SHUTDOWN_WARNING_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

export type ShutdownState = { kind: 'none' } | { kind: 'soon'; date: string; days: number } | { kind: 'past'; date: string };

/** The shutdown date to go by: the provider's, else (for OpenAI only) the table's. */
export function shutdownDateOf(model: string, servedDate: string | null | undefined, tableDates: boolean): string | undefined {
  return servedDate ?? (tableDates ? modelFacts(model)?.shutdownDate : undefined);
}

/** Whole days from `today` (UTC) to `date`: 0 on the day itself, negative after it. */
export function daysUntil(date: string, today: Date): number {
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.round((Date.parse(`${date}T00:00:00Z`) - start) / DAY_MS);
}

/** `past` on and after the shutdown day, `soon` within SHUTDOWN_WARNING_DAYS before it, `none` otherwise. */
export function shutdownState(date: string | undefined, today: Date): ShutdownState {
  if (date === undefined) return { kind: 'none' };
  const days = daysUntil(date, today);
  if (days <= 0) return { kind: 'past', date };
  if (days <= SHUTDOWN_WARNING_DAYS) return { kind: 'soon', date, days };
  return { kind: 'none' };
}
