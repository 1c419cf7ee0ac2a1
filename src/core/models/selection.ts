// The model used when none is configured, chosen from what the provider serves by one documented rule: the first of
// PREFERRED_MODELS that the provider lists (in whatever spelling it lists it, e.g. `openai/gpt-6.2-sol`) and that is not
// shut down or within SHUTDOWN_WARNING_DAYS of it; failing that, the first model the provider lists that is not; failing
// that, the first it lists. DEFAULT_MODEL stands in only when the list cannot be read at all.
import type { ServedModel } from './discovery';
import { shutdownDateOf, shutdownState, SHUTDOWN_WARNING_DAYS } from './shutdown';
import { bareModelId } from './table';

/** Best first: OpenAI's current everyday coding model, its siblings, then the seeded family where a provider still serves it. */
export const PREFERRED_MODELS = [
  'gpt-6.2-sol',
  'gpt-6.1-sol',
  'gpt-6.2-astra',
  'gpt-6-astra',
  'gpt-6.1-terra',
  'gpt-6-luna',
  'gpt-5.2-codex',
  'gpt-5.1-codex-max',
  'gpt-5.1-codex',
  'gpt-5.1-codex-mini',
] as const;

/** The one default model id, for when nothing is configured and the provider's list cannot be read. */
export const DEFAULT_MODEL: string = PREFERRED_MODELS[0];

export interface ModelChoice {
  model: string;
  /** One sentence saying which model was picked and why. */
  reason: string;
}

export interface ChoiceOptions {
  /** The provider's display name, for the sentence. */
  provider: string;
  /** Whether the table's (OpenAI's) shutdown dates apply: true for OpenAI itself. */
  tableDates: boolean;
  today: Date;
}

/** Picks a model from the provider's list by the rule above; undefined when the list is empty. */
export function chooseModel(served: readonly ServedModel[], options: ChoiceOptions): ModelChoice | undefined {
  const usable = served.filter(
    (m) => shutdownState(shutdownDateOf(m.id, m.shutdownDate, options.tableDates), options.today).kind === 'none',
  );
  for (const preferred of PREFERRED_MODELS) {
    const match = usable.find((m) => bareModelId(m.id) === preferred);
    if (match) {
      return {
        model: match.id,
        reason: `No model is configured, so Codewright uses ${match.id}: the first of its preferred models that ${options.provider} serves and that is not within ${SHUTDOWN_WARNING_DAYS} days of shutting down.`,
      };
    }
  }
  const first = usable[0] ?? served[0];
  if (!first) return undefined;
  return {
    model: first.id,
    reason: `No model is configured and ${options.provider} serves none of Codewright's preferred models, so it uses ${first.id}, the first model ${options.provider} lists.`,
  };
}
