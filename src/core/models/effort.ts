// Reasoning effort per model: the levels a model accepts (from the table), and what to send instead when a server still
// rejects a level. OpenAI words that 400 as "Unsupported value: 'reasoning.effort' does not support 'none' with this model.
// Supported values are: 'low', 'medium', 'high', 'xhigh', and 'max'." (the Chat Completions form says 'reasoning_effort').
import { EFFORT_LEVELS, EffortSchema, type Effort } from '../../shared/effort';
import { modelFacts } from './table';

/** The levels to offer for a model: the table's list, or the whole scale when the table does not know the model. */
export function effortsFor(model: string): readonly Effort[] {
  return modelFacts(model)?.efforts ?? EFFORT_LEVELS;
}

/** The effort to send for a model: the wanted one when accepted, else the nearest level it accepts. */
export function effortFor(model: string, wanted: Effort): Effort {
  return nearestEffort(wanted, effortsFor(model)) ?? wanted;
}

/**
 * The supported level closest to `rejected` on the effort scale; between two equally close levels the higher one, so a
 * retry never thinks less than asked when it can think more. Undefined when nothing is supported.
 */
export function nearestEffort(rejected: Effort, supported: readonly Effort[]): Effort | undefined {
  if (supported.includes(rejected)) return rejected;
  const at = EFFORT_LEVELS.indexOf(rejected);
  let best: Effort | undefined;
  let bestDistance = Infinity;
  for (const level of supported) {
    const distance = Math.abs(EFFORT_LEVELS.indexOf(level) - at);
    const higher = best !== undefined && EFFORT_LEVELS.indexOf(level) > EFFORT_LEVELS.indexOf(best);
    if (distance < bestDistance || (distance === bestDistance && higher)) {
      best = level;
      bestDistance = distance;
    }
  }
  return best;
}

export interface EffortRejection {
  /** The level the server named as unsupported, when it named one. */
  rejected: Effort | undefined;
  /** The levels it said it supports, in the order it listed them (levels outside our scale are dropped). */
  supported: Effort[];
}

/** Reads a 400's message for a rejected effort; undefined when the message is about something else. */
export function parseEffortRejection(message: string): EffortRejection | undefined {
  if (!/reasoning[._]effort/i.test(message)) return undefined;
  const list = /supported values are:?\s*(.+)$/is.exec(message);
  if (!list) return undefined;
  const supported: Effort[] = [];
  for (const match of list[1]!.matchAll(/'([a-z]+)'|"([a-z]+)"/gi)) {
    const level = EffortSchema.safeParse((match[1] ?? match[2])!.toLowerCase());
    if (level.success && !supported.includes(level.data)) supported.push(level.data);
  }
  if (supported.length === 0) return undefined;
  const named = /does not support\s+['"]([a-z]+)['"]/i.exec(message);
  const rejected = named ? EffortSchema.safeParse(named[1]!.toLowerCase()) : undefined;
  return { rejected: rejected?.success ? rejected.data : undefined, supported };
}

export interface EffortRetry {
  effort: Effort;
  /** The sentence the user reads about the change. */
  notice: string;
}

/**
 * What to retry with after a 400 that rejected `sent`: the nearest level the server named, and a sentence saying so.
 * Undefined when the message is not an effort rejection or names no usable level (the failure then stands).
 */
export function effortRetry(model: string, sent: Effort, message: string): EffortRetry | undefined {
  const rejection = parseEffortRejection(message);
  if (!rejection) return undefined;
  const effort = nearestEffort(rejection.rejected ?? sent, rejection.supported);
  if (effort === undefined || effort === sent) return undefined;
  return {
    effort,
    notice: `${model} does not accept reasoning effort '${sent}' (it accepts ${rejection.supported.join(', ')}), so '${effort}' is used instead`,
  };
}
