// What the core knows about each model: its context window (for compaction) and its price (for the cost in usage events).
import type { Usage } from '../shared/events';

export interface ModelPrice {
  /** US dollars per 1M uncached input tokens. */
  inputPerMillion: number;
  /** US dollars per 1M input tokens served from the prompt cache. */
  cachedInputPerMillion: number;
  /** US dollars per 1M output tokens (reasoning tokens are billed as output and are included in output_tokens). */
  outputPerMillion: number;
}

export interface ModelInfo {
  contextWindow: number;
  price: ModelPrice | null;
}

// Prices: OpenAI's published API pricing (platform.openai.com/docs/pricing, standard tier, checked for the GPT-5.1
// launch in November 2025 and the GPT-5.2 launch in December 2025). The project's design notes give gpt-5.2-codex as
// $1.75 in / $14 out; its cached rate follows OpenAI's 90% cache discount for the GPT-5 family ($0.175).
// Context windows: 400K tokens for the GPT-5 / GPT-5.1 / GPT-5.2 families (OpenAI's model pages).
const GPT5_STANDARD: ModelPrice = { inputPerMillion: 1.25, cachedInputPerMillion: 0.125, outputPerMillion: 10 };
const GPT5_MINI: ModelPrice = { inputPerMillion: 0.25, cachedInputPerMillion: 0.025, outputPerMillion: 2 };
const GPT5_NANO: ModelPrice = { inputPerMillion: 0.05, cachedInputPerMillion: 0.005, outputPerMillion: 0.4 };
const GPT52: ModelPrice = { inputPerMillion: 1.75, cachedInputPerMillion: 0.175, outputPerMillion: 14 };
const WINDOW_400K = 400_000;

const KNOWN: Record<string, ModelInfo> = {
  'gpt-5.1-codex': { contextWindow: WINDOW_400K, price: GPT5_STANDARD },
  'gpt-5.1-codex-max': { contextWindow: WINDOW_400K, price: GPT5_STANDARD },
  'gpt-5.1-codex-mini': { contextWindow: WINDOW_400K, price: GPT5_MINI },
  'gpt-5.2-codex': { contextWindow: WINDOW_400K, price: GPT52 },
  'gpt-5.1': { contextWindow: WINDOW_400K, price: GPT5_STANDARD },
  'gpt-5.2': { contextWindow: WINDOW_400K, price: GPT52 },
  'gpt-5-codex': { contextWindow: WINDOW_400K, price: GPT5_STANDARD },
  'gpt-5': { contextWindow: WINDOW_400K, price: GPT5_STANDARD },
  'gpt-5-mini': { contextWindow: WINDOW_400K, price: GPT5_MINI },
  'gpt-5-nano': { contextWindow: WINDOW_400K, price: GPT5_NANO },
};

/**
 * Self-hosted and third-party models (Ollama, vLLM, LM Studio) have no price here and an unknown window; 128K is a
 * conservative guess so compaction starts before a typical open model overflows. Hosts can override it.
 */
export const DEFAULT_CONTEXT_WINDOW = 128_000;

/**
 * The table entry for a model id, tolerating what providers add around it: an `openai/` prefix (OpenRouter) and a
 * date suffix (`gpt-5.1-codex-2025-11-13`). Unknown models get the default window and no price.
 */
export function modelInfo(model: string): ModelInfo {
  const bare = model.trim().toLowerCase().replace(/^openai\//, '').replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return KNOWN[bare] ?? { contextWindow: DEFAULT_CONTEXT_WINDOW, price: null };
}

/** Token counts as the Responses API reports them. */
export interface TokenCounts {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

/** Cost in US dollars: cached input at the cached rate, the rest of the input at the input rate. */
export function costUsd(counts: TokenCounts, price: ModelPrice | null): number | null {
  if (!price) return null;
  const cached = Math.min(counts.cachedInputTokens, counts.inputTokens);
  const uncached = counts.inputTokens - cached;
  return (uncached * price.inputPerMillion + cached * price.cachedInputPerMillion + counts.outputTokens * price.outputPerMillion) / 1_000_000;
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
