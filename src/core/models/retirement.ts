// What to tell a user whose model is gone or going: one sentence naming the model, its shutdown date when known, and a
// replacement this provider serves, found by following OpenAI's named replacements (gpt-5.1-codex → gpt-5 → gpt-6.1-sol).
import { shutdownDateOf, shutdownState } from './shutdown';
import { bareModelId, modelFacts } from './table';

/** The named replacements after `model`, in order, stopping at a model with none (or at a loop). */
export function replacementChain(model: string): string[] {
  const chain: string[] = [];
  let next = modelFacts(model)?.replacement;
  while (next !== undefined && !chain.includes(next) && next !== bareModelId(model)) {
    chain.push(next);
    next = modelFacts(next)?.replacement;
  }
  return chain;
}

export interface ReplacementOptions {
  /** What the provider serves; without it, the table's dates alone decide. */
  served?: readonly { id: string; shutdownDate?: string | null }[];
  today: Date;
  tableDates: boolean;
}

/**
 * The first model of the chain that is neither shut down nor within 30 days of it and, when the served list is known,
 * that the provider serves (in the provider's spelling); undefined when there is none.
 */
export function replacementFor(model: string, options: ReplacementOptions): string | undefined {
  const lasting = (id: string, date: string | null | undefined) =>
    shutdownState(shutdownDateOf(id, date, options.tableDates), options.today).kind === 'none';
  for (const candidate of replacementChain(model)) {
    if (!options.served) {
      if (lasting(candidate, null)) return candidate;
      continue;
    }
    const served = options.served.find((m) => bareModelId(m.id) === candidate);
    if (served && lasting(served.id, served.shutdownDate)) return served.id;
  }
  return undefined;
}

export interface MissingModelFacts {
  model: string;
  /** The provider's display name. */
  provider: string;
  /** e.g. " (HTTP 404)", or empty. */
  status: string;
  today: Date;
  tableDates: boolean;
  served?: ReplacementOptions['served'];
  /** The next step for a named replacement, e.g. "pass --model gpt-6.1-sol". */
  useModel: (model: string) => string;
  /** The next step when there is no replacement to name, e.g. "pass another --model". */
  pickModel: string;
}

export interface MissingModelAdvice {
  replacement: string | undefined;
  shutdownDate: string | undefined;
  message: string;
}

/** The sentence for a model the provider does not serve (404 model_not_found), with the replacement to switch to. */
export function missingModelAdvice(facts: MissingModelFacts): MissingModelAdvice {
  const date = shutdownDateOf(facts.model, null, facts.tableDates);
  const gone = date !== undefined && shutdownState(date, facts.today).kind === 'past';
  const replacement = replacementFor(facts.model, facts);
  const step = replacement === undefined ? facts.pickModel : facts.useModel(replacement);
  const message = gone
    ? `The model "${facts.model}" was shut down on ${date}, so ${facts.provider} no longer serves it${facts.status}: ${step}.`
    : `The model "${facts.model}" is not available at ${facts.provider}${facts.status}: ${step}.`;
  return { replacement, shutdownDate: gone ? date : undefined, message };
}

/** The warning for a model within 30 days of its shutdown date; undefined when it is not close (or already past). */
export function shutdownWarning(model: string, date: string | undefined, today: Date, replacement: string | undefined): string | undefined {
  const state = shutdownState(date, today);
  if (state.kind !== 'soon') return undefined;
  const when = state.days === 1 ? 'tomorrow' : `in ${state.days} days`;
  const next = replacement === undefined ? 'pick another model before then' : `switch to ${replacement} before then`;
  return `${model} shuts down on ${state.date} (${when}): ${next}.`;
}
