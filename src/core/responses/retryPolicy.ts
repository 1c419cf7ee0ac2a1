// When to try a failed request again, and after how long: exponential backoff with jitter, or exactly what the
// server asked for (retry-after, "try again in 11.054s") when it said so.
import type { ModelFailure } from './failure';

export interface RetryOptions {
  /** Retries after the first attempt (default 4). */
  maxRetries?: number;
  /** First backoff delay; doubles on each retry (default 1000 ms). */
  baseDelayMs?: number;
  /** Ceiling of the computed backoff (default 20 s). */
  maxDelayMs?: number;
  /** A server asking for a longer wait than this is not retried automatically: the user decides (default 60 s). */
  maxServerDelayMs?: number;
  /** Source of jitter, replaceable for tests (default Math.random). */
  random?: () => number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxRetries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 20_000,
  maxServerDelayMs: 60_000,
  random: Math.random,
};

/**
 * The delay before retry number `retry` (1 = the first retry), or null when the failure must not be retried
 * automatically: not retryable, retries used up, or the server wants a longer pause than we wait unattended.
 */
export function retryDelay(failure: ModelFailure, retry: number, options: RetryOptions = {}): number | null {
  const o = { ...DEFAULT_RETRY, ...options };
  if (!failure.retryable || retry > o.maxRetries) return null;
  if (failure.retryAfterMs !== undefined) {
    if (failure.retryAfterMs > o.maxServerDelayMs) return null;
    // At least what the server asked, plus a little spread so parallel clients do not return in lockstep.
    return Math.round(failure.retryAfterMs + o.random() * Math.min(failure.retryAfterMs * 0.1, 1000));
  }
  const exponential = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (retry - 1));
  return Math.round(exponential / 2 + (o.random() * exponential) / 2);
}
