// The services that answer /v1/responses, and the SDK client for each: the presets (OpenAI, Azure OpenAI with its
// `api-key` header, OpenRouter, CometAPI, Vercel AI Gateway, Ollama, LM Studio, vLLM, LiteLLM) and any custom
// OpenAI-compatible base URL. The key always comes from the host (secret storage, an environment variable); the core never
// reads or stores it.
import OpenAI from 'openai';
import { PROVIDER_PRESETS, type DefaultDialect, type ProviderKind } from './providerPresets';
import { ModelFailure, RequestCancelled, classifyError } from './responses/failure';
import { CLI_HINTS, explainFailure, type HostHints } from './responses/failureMessage';

export { ProviderKindSchema, type ProviderKind } from './providerPresets';

export interface ProviderConfig {
  kind: ProviderKind;
  /** Empty or absent: the provider's default (required for Azure and custom endpoints). */
  baseURL?: string;
  /** Absent or empty for local servers that need none. */
  apiKey?: string;
  /** Display name in sentences and the chat header; derived from the kind or the URL when absent. */
  name?: string;
  /** Extra headers some gateways need (e.g. a LiteLLM tenant header). */
  headers?: Record<string, string>;
}

export interface ResolvedProvider {
  kind: ProviderKind;
  name: string;
  baseURL: string;
  /** Whether requests without a key are pointless (hosted services) rather than normal (local servers). */
  requiresKey: boolean;
  /** Whether the provider keeps responses, so `previous_response_id` can chain them. */
  supportsStoredResponses: boolean;
  /** How the provider spells OpenAI's model ids. */
  modelIdForm: 'bare' | 'vendor-prefixed';
  /** The tool dialect to use when the user has not chosen one. */
  defaultDialect: DefaultDialect;
}

/** Fills in the preset's defaults and normalises the base URL; throws an Error with a sentence when the config cannot work. */
export function resolveProvider(config: ProviderConfig): ResolvedProvider {
  const preset = PROVIDER_PRESETS[config.kind];
  const given = config.baseURL?.trim() ?? '';
  const resolved = (baseURL: string, name: string): ResolvedProvider => ({
    kind: config.kind,
    name: config.name || name,
    baseURL,
    requiresKey: preset.requiresKey,
    supportsStoredResponses: preset.supportsStoredResponses,
    modelIdForm: preset.modelIdForm,
    defaultDialect: preset.defaultDialect,
  });
  switch (config.kind) {
    case 'azure':
      if (!given) throw new Error('Azure OpenAI needs a base URL: set it to https://<resource>.openai.azure.com/openai/v1/.');
      return resolved(azureBaseURL(given), preset.name);
    case 'custom': {
      if (!given) throw new Error('A custom provider needs a base URL, e.g. http://localhost:11434/v1 for Ollama.');
      const url = trimSlash(checkedURL(given));
      return resolved(url, hostOf(url));
    }
    default:
      return resolved(trimSlash(given ? checkedURL(given) : (preset.baseURL ?? '')), preset.name);
  }
}

/**
 * The SDK client for a provider, with the SDK's own retries off (the session retries, and tells the user it does).
 * Throws ModelFailure('missing_key') when a hosted provider has no key.
 */
export function createOpenAIClient(config: ProviderConfig, options: { timeoutMs?: number; fetch?: typeof fetch } = {}): OpenAI {
  const provider = resolveProvider(config);
  const key = config.apiKey?.trim() ?? '';
  if (!key && provider.requiresKey) throw new ModelFailure('missing_key', { detail: `no API key for ${provider.name}` });
  const headers: Record<string, string | null> = { ...config.headers };
  if (provider.kind === 'azure') {
    // Azure's v1 API takes the key in `api-key`; the SDK's Bearer header is dropped so the key is not sent twice.
    headers['api-key'] = key;
    headers['Authorization'] = null;
  } else if (!key) {
    // Local servers need no key, but the SDK insists on one: give it a placeholder and send no Authorization header.
    headers['Authorization'] = null;
  }
  if (provider.kind === 'openrouter') {
    headers['X-Title'] = 'Codewright';
  }
  return new OpenAI({
    apiKey: key || 'no-key',
    baseURL: provider.baseURL,
    maxRetries: 0,
    defaultHeaders: headers,
    // The SDK would print unparseable stream lines to the console; the session reports them as failures instead.
    logLevel: 'off',
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

export type ConnectionCheck =
  | {
      ok: true;
      latencyMs: number;
      provider: string;
      baseURL: string;
      models: string[];
      /** null when no model was asked about. */ modelAvailable: boolean | null;
    }
  | { ok: false; latencyMs: number; provider: string; baseURL: string; message: string };

export interface CheckOptions {
  /** The model to look for in the provider's list. */
  model?: string;
  hints?: HostHints;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A cheap request (GET /models) that proves the URL, the key and the model; never throws. */
export async function checkConnection(config: ProviderConfig, options: CheckOptions = {}): Promise<ConnectionCheck> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let provider: ResolvedProvider;
  try {
    provider = resolveProvider(config);
  } catch (error) {
    return {
      ok: false,
      latencyMs: 0,
      provider: config.name || config.kind,
      baseURL: config.baseURL ?? '',
      message: (error as Error).message,
    };
  }
  const context = { provider: provider.name, baseURL: provider.baseURL, model: options.model ?? '', hints: options.hints ?? CLI_HINTS };
  try {
    const client = createOpenAIClient(config, { timeoutMs: options.timeoutMs ?? 15_000 });
    const models: string[] = [];
    for await (const model of client.models.list({ signal: options.signal })) models.push(model.id);
    const modelAvailable = options.model ? models.includes(options.model) : null;
    return { ok: true, latencyMs: elapsed(), provider: provider.name, baseURL: provider.baseURL, models, modelAvailable };
  } catch (error) {
    const failure = classifyError(error);
    const message = failure instanceof RequestCancelled ? 'The connection check was cancelled.' : explainFailure(failure, context);
    return { ok: false, latencyMs: elapsed(), provider: provider.name, baseURL: provider.baseURL, message };
  }
}

/** Accepts the resource URL, `/openai` or `/openai/v1` and always yields `…/openai/v1`. */
function azureBaseURL(given: string): string {
  const url = trimSlash(checkedURL(given));
  if (/\/openai\/v1$/.test(url)) return url;
  if (/\/openai$/.test(url)) return `${url}/v1`;
  return `${url}/openai/v1`;
}

function checkedURL(given: string): string {
  try {
    const url = new URL(given);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url.toString();
  } catch {
    throw new Error(`"${given}" is not an http(s) URL: set the base URL to something like http://localhost:11434/v1.`);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
