// What `GET /models` does not say about a model: its window and limits, the effort levels it accepts, its price and, on
// OpenAI's API, its shutdown date and OpenAI's named replacement. Every figure carries the pages it was read from and the
// day it was checked; a figure no page gave is left out (the provider's /models and its 400s decide then).
import type { Effort } from '../../shared/effort';

export interface ModelPrice {
  /** US dollars per 1M uncached input tokens. */
  inputPerMillion: number;
  /** US dollars per 1M input tokens served from the prompt cache; null when no page gives it. */
  cachedInputPerMillion: number | null;
  /** US dollars per 1M output tokens (reasoning tokens are billed as output and are included in output_tokens). */
  outputPerMillion: number;
}

export interface ModelFacts {
  contextWindow: number;
  /** Most tokens one response may produce, out of the window. */
  outputLimit: number;
  /** Most input tokens a request may carry; absent when the page gives none (then the window less the output limit). */
  inputLimit?: number;
  /** The reasoning efforts the model accepts, lowest first; absent when no page lists them. */
  efforts?: readonly Effort[];
  price: ModelPrice | null;
  /** YYYY-MM-DD: when OpenAI's API stops serving it (Azure deployments and gateways may keep serving it). */
  shutdownDate?: string;
  /** The model OpenAI's deprecations page names in its place. */
  replacement?: string;
  sources: readonly string[];
  checked: string;
}

const CHECKED = '2026-11-30';
const DEPRECATIONS = 'https://developers.openai.com/api/docs/deprecations';
const WINDOW_GPT6 = 1_050_000;
const WINDOW_GPT5 = 400_000;
const OUTPUT_128K = 128_000;
/** The GPT-6 effort scale (OpenAI's GPT-6 Sol page: none, low, medium, high, xhigh, max); models that reject `none` start at low. */
const GPT6_EFFORTS: readonly Effort[] = ['none', 'low', 'medium', 'high', 'xhigh', 'max'];
const GPT6_EFFORTS_FROM_LOW: readonly Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];

// GPT-5-era prices: OpenAI's model pages (GPT-5-Codex: $1.25 in, $0.125 cached, $10 out) and pricing page at the GPT-5.1 and
// GPT-5.2 launches. The seeded Codex family shut down on OpenAI's API on 2026-07-23 (notice of 2026-04-22).
const GPT5_STANDARD: ModelPrice = { inputPerMillion: 1.25, cachedInputPerMillion: 0.125, outputPerMillion: 10 };
const GPT5_MINI: ModelPrice = { inputPerMillion: 0.25, cachedInputPerMillion: 0.025, outputPerMillion: 2 };
const GPT5_NANO: ModelPrice = { inputPerMillion: 0.05, cachedInputPerMillion: 0.005, outputPerMillion: 0.4 };
const GPT52: ModelPrice = { inputPerMillion: 1.75, cachedInputPerMillion: 0.175, outputPerMillion: 14 };
const GPT5_CODEX_PAGE = 'https://developers.openai.com/api/docs/models/gpt-5-codex';
const CODEX_SHUTDOWN = 'https://chatforest.com/builders-log/gpt-5-3-codex-default-copilot-july-23-deprecations-builder-guide/';
const CODEX_SHUTDOWN_DATE = '2026-07-23';

function gpt5(price: ModelPrice, extra: Partial<ModelFacts> & { sources: readonly string[] }): ModelFacts {
  return { contextWindow: WINDOW_GPT5, outputLimit: OUTPUT_128K, price, checked: CHECKED, ...extra };
}

export const MODEL_TABLE: Readonly<Record<string, ModelFacts>> = {
  'gpt-6.2-sol': {
    contextWindow: WINDOW_GPT6,
    inputLimit: 922_000,
    outputLimit: OUTPUT_128K,
    // "The API rejects requests that set reasoning effort to none."
    efforts: GPT6_EFFORTS_FROM_LOW,
    price: { inputPerMillion: 2, cachedInputPerMillion: 0.1, outputPerMillion: 10 },
    sources: ['https://developers.openai.com/api/docs/models/gpt-6.2-sol'],
    checked: CHECKED,
  },
  'gpt-6.2-astra': {
    contextWindow: WINDOW_GPT6,
    inputLimit: 922_000,
    outputLimit: OUTPUT_128K,
    efforts: GPT6_EFFORTS_FROM_LOW,
    price: { inputPerMillion: 8, cachedInputPerMillion: null, outputPerMillion: 40 },
    sources: [
      'https://developers.openai.com/api/docs/models/gpt-6.2-astra',
      'https://vercel.com/ai-gateway/models/gpt-6.2-astra',
      'https://dev.to/hassann/how-to-use-gpt-62-astra-api-3j9l',
    ],
    checked: CHECKED,
  },
  'gpt-6-astra': {
    contextWindow: WINDOW_GPT6,
    outputLimit: OUTPUT_128K,
    efforts: GPT6_EFFORTS_FROM_LOW,
    price: { inputPerMillion: 10, cachedInputPerMillion: 1, outputPerMillion: 50 },
    sources: [
      'https://developers.openai.com/api/docs/models/gpt-6-astra',
      'https://vercel.com/ai-gateway/models/gpt-6-astra',
      'https://docs.oxen.ai/inference-api/reference/models/gpt-6-astra.md',
      'https://github.com/BerriAI/litellm/discussions/39633',
    ],
    checked: CHECKED,
  },
  'gpt-6.1-sol': {
    contextWindow: WINDOW_GPT6,
    inputLimit: 922_000,
    outputLimit: OUTPUT_128K,
    // GPT-6.1 Sol dropped none and minimal: low is its floor.
    efforts: GPT6_EFFORTS_FROM_LOW,
    price: { inputPerMillion: 2, cachedInputPerMillion: 0.1, outputPerMillion: 10 },
    sources: [
      'https://developers.openai.com/api/docs/models/gpt-6.1-sol',
      'https://vercel.com/ai-gateway/models/gpt-6.1-sol',
      'https://dev.to/hassann/how-to-use-gpt-61-sol-apl--45cg',
    ],
    checked: CHECKED,
  },
  'gpt-6.1-terra': {
    contextWindow: WINDOW_GPT6,
    inputLimit: 922_000,
    outputLimit: OUTPUT_128K,
    efforts: GPT6_EFFORTS,
    price: { inputPerMillion: 1, cachedInputPerMillion: 0.05, outputPerMillion: 5 },
    sources: ['https://developers.openai.com/api/docs/models/gpt-6.1-terra', 'https://docs.litellm.ai/blog/gpt-6-1-terra'],
    checked: CHECKED,
  },
  'gpt-6-sol': {
    contextWindow: WINDOW_GPT6,
    outputLimit: OUTPUT_128K,
    efforts: GPT6_EFFORTS,
    price: { inputPerMillion: 2, cachedInputPerMillion: 0.2, outputPerMillion: 10 },
    sources: ['https://developers.openai.com/zh-Hans/api/docs/models/gpt-6-sol'],
    checked: CHECKED,
  },
  'gpt-6-luna': {
    contextWindow: WINDOW_GPT6,
    outputLimit: OUTPUT_128K,
    efforts: GPT6_EFFORTS,
    price: { inputPerMillion: 0.1, cachedInputPerMillion: 0.01, outputPerMillion: 0.5 },
    sources: ['https://developers.openai.com/ja-JP/api/docs/models/gpt-6-luna'],
    checked: CHECKED,
  },
  'gpt-5.4': {
    contextWindow: WINDOW_GPT6,
    outputLimit: OUTPUT_128K,
    efforts: ['none', 'low', 'medium', 'high', 'xhigh'],
    price: null,
    sources: ['https://docs.oxen.ai/inference-api/reference/models/gpt-5-4-2026-03-05.md'],
    checked: CHECKED,
  },
  'gpt-5.1-codex': gpt5(GPT5_STANDARD, {
    shutdownDate: CODEX_SHUTDOWN_DATE,
    replacement: 'gpt-5',
    sources: [DEPRECATIONS, CODEX_SHUTDOWN, GPT5_CODEX_PAGE],
  }),
  'gpt-5.1-codex-max': gpt5(GPT5_STANDARD, {
    shutdownDate: CODEX_SHUTDOWN_DATE,
    replacement: 'gpt-5.4',
    sources: [DEPRECATIONS, CODEX_SHUTDOWN, 'https://www.verdent.ai/tr/guides/model/gpt-5-1-codex'],
  }),
  'gpt-5.1-codex-mini': gpt5(GPT5_MINI, {
    shutdownDate: CODEX_SHUTDOWN_DATE,
    replacement: 'gpt-5.4-mini',
    sources: [DEPRECATIONS, CODEX_SHUTDOWN],
  }),
  'gpt-5.2-codex': gpt5(GPT52, { shutdownDate: CODEX_SHUTDOWN_DATE, replacement: 'gpt-5.4', sources: [DEPRECATIONS, CODEX_SHUTDOWN] }),
  'gpt-5': gpt5(GPT5_STANDARD, { shutdownDate: '2026-12-11', replacement: 'gpt-6.1-sol', sources: [DEPRECATIONS] }),
  'gpt-5-mini': gpt5(GPT5_MINI, { shutdownDate: '2026-12-11', replacement: 'gpt-6.1-terra', sources: [DEPRECATIONS] }),
  'gpt-5-nano': gpt5(GPT5_NANO, { shutdownDate: '2026-12-11', sources: [DEPRECATIONS] }),
  'gpt-5-codex': gpt5(GPT5_STANDARD, { sources: [GPT5_CODEX_PAGE] }),
  'gpt-5.1': gpt5(GPT5_STANDARD, {
    shutdownDate: '2027-04-01',
    sources: [
      DEPRECATIONS,
      'https://dev.to/max_bob/openai-api-deprecations-2026-2027-every-shutdown-date-and-recommended-replacement-gpt-4o-2ffm',
    ],
  }),
  'gpt-5.2': gpt5(GPT52, { sources: [DEPRECATIONS] }),
};

/**
 * Self-hosted and third-party models (Ollama, vLLM, LM Studio) have no entry; 128K is a conservative guess so compaction
 * starts before a typical open model overflows. Hosts can override it.
 */
export const DEFAULT_CONTEXT_WINDOW = 128_000;

/**
 * The id as OpenAI's API spells it: gateways prefix the vendor (`openai/gpt-6.1-sol` on OpenRouter and Vercel) and
 * snapshots carry a date suffix (`gpt-5-2025-08-07`).
 */
export function bareModelId(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/^openai\//, '')
    .replace(/-\d{4}-\d{2}-\d{2}$/, '');
}

/** The table entry for a model, whatever provider spelling it comes in; undefined for models the table does not know. */
export function modelFacts(model: string): ModelFacts | undefined {
  return MODEL_TABLE[bareModelId(model)];
}

/** What the session needs to budget a model's context and price its usage. */
export interface ModelInfo {
  contextWindow: number;
  /** Most input tokens a request may carry: compaction aims below this, not below the whole window. */
  inputLimit: number;
  price: ModelPrice | null;
}

/** The table's facts for a model; unknown models get the default window and no price. */
export function modelInfo(model: string): ModelInfo {
  const facts = modelFacts(model);
  if (!facts) return { contextWindow: DEFAULT_CONTEXT_WINDOW, inputLimit: DEFAULT_CONTEXT_WINDOW, price: null };
  return {
    contextWindow: facts.contextWindow,
    inputLimit: facts.inputLimit ?? facts.contextWindow - facts.outputLimit,
    price: facts.price,
  };
}
