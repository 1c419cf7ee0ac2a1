// What a turn cost: token counts as the Responses API reports them, priced with the model table's rates.
import type { Usage } from '../../shared/events';
import type { ModelPrice } from './table';

/** Token counts as the Responses API reports them. */
export interface TokenCounts {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

/**
 * Cost in US dollars: cached input at the cached rate, the rest of the input at the input rate. Unknown when the model has
 * no price, or when input came from the cache and the cached rate is not published.
 */
export function costUsd(counts: TokenCounts, price: ModelPrice | null): number | null {
  if (!price) return null;
  const cached = Math.min(counts.cachedInputTokens, counts.inputTokens);
  if (cached > 0 && price.cachedInputPerMillion === null) return null;
  const uncached = counts.inputTokens - cached;
  const cachedCost = cached === 0 ? 0 : cached * (price.cachedInputPerMillion ?? 0);
  return (uncached * price.inputPerMillion + cachedCost + counts.outputTokens * price.outputPerMillion) / 1_000_000;
}

export function usageFor(counts: TokenCounts, price: ModelPrice | null): Usage {
  return { ...counts, costUsd: costUsd(counts, price) };
}

export const ZERO_USAGE: Usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, costUsd: 0 };

/** Sums two usages; the cost stays null once any part of it is unknown. */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    costUsd: a.costUsd === null || b.costUsd === null ? null : a.costUsd + b.costUsd,
  };
}
