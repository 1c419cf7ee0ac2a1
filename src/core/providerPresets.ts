// The providers Codewright knows by name: where each serves the OpenAI API, whether it needs a key, how it spells
// OpenAI's model ids, which tool dialect it gets unless the user picks one, and the page each fact was read from
// (checked 2026-11-30). `custom` is any other OpenAI-compatible base URL.
import * as z from 'zod/mini';

export const PROVIDER_KINDS = [
  'openai',
  'azure',
  'openrouter',
  'cometapi',
  'vercel',
  'ollama',
  'lmstudio',
  'vllm',
  'litellm',
  'custom',
] as const;
export const ProviderKindSchema = z.enum(PROVIDER_KINDS);
export type ProviderKind = z.infer<typeof ProviderKindSchema>;

/**
 * `builtin`: the Responses API's own apply_patch and shell tools (OpenAI and Azure OpenAI only). `function`: the same two
 * tools declared as function tools, which every other Responses endpoint understands.
 */
export type DefaultDialect = 'builtin' | 'function';

export interface ProviderPreset {
  name: string;
  /** The base URL the SDK talks to; absent where every user's differs (Azure resources, custom endpoints). */
  baseURL?: string;
  requiresKey: boolean;
  /** `vendor/model` on gateways that serve many vendors (`openai/gpt-6.1-sol`), else the bare id. */
  modelIdForm: 'bare' | 'vendor-prefixed';
  defaultDialect: DefaultDialect;
  /** Whether the provider keeps responses, so `previous_response_id` can chain them. */
  supportsStoredResponses: boolean;
  /** Where the facts above come from. */
  docs: string;
}

export const PROVIDER_PRESETS: Readonly<Record<ProviderKind, ProviderPreset>> = {
  openai: {
    name: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    requiresKey: true,
    modelIdForm: 'bare',
    defaultDialect: 'builtin',
    supportsStoredResponses: true,
    docs: 'https://developers.openai.com/api/reference/resources/models/methods/list',
  },
  azure: {
    name: 'Azure OpenAI',
    requiresKey: true,
    modelIdForm: 'bare',
    defaultDialect: 'builtin',
    supportsStoredResponses: true,
    docs: 'https://learn.microsoft.com/en-us/azure/foundry/reference/rest/open-ai-models-retrieve-model',
  },
  openrouter: {
    name: 'OpenRouter',
    baseURL: 'https://openrouter.ai/api/v1',
    requiresKey: true,
    modelIdForm: 'vendor-prefixed',
    defaultDialect: 'function',
    supportsStoredResponses: false,
    docs: 'https://openrouter.ai/docs/client-sdks/typescript/sdks/responses/README',
  },
  cometapi: {
    name: 'CometAPI',
    baseURL: 'https://api.cometapi.com/v1',
    requiresKey: true,
    modelIdForm: 'bare',
    defaultDialect: 'function',
    supportsStoredResponses: false,
    docs: 'https://docs.litellm.ai/docs/providers/cometapi',
  },
  vercel: {
    name: 'Vercel AI Gateway',
    baseURL: 'https://ai-gateway.vercel.sh/v1',
    requiresKey: true,
    modelIdForm: 'vendor-prefixed',
    defaultDialect: 'function',
    supportsStoredResponses: false,
    docs: 'https://vercel.com/docs/ai-gateway/sdks-and-apis/responses',
  },
  ollama: {
    name: 'Ollama',
    baseURL: 'http://localhost:11434/v1',
    requiresKey: false,
    modelIdForm: 'bare',
    defaultDialect: 'function',
    supportsStoredResponses: false,
    docs: 'https://docs.ollama.com/api/openai-compatibility',
  },
  lmstudio: {
    name: 'LM Studio',
    baseURL: 'http://localhost:1234/v1',
    requiresKey: false,
    modelIdForm: 'bare',
    defaultDialect: 'function',
    supportsStoredResponses: false,
    docs: 'https://lmstudio.ai/docs/api/openai-api',
  },
  vllm: {
    name: 'vLLM',
    baseURL: 'http://localhost:8000/v1',
    requiresKey: false,
    modelIdForm: 'bare',
    defaultDialect: 'function',
    supportsStoredResponses: false,
    docs: 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html',
  },
  litellm: {
    name: 'LiteLLM',
    baseURL: 'http://localhost:4000',
    requiresKey: false,
    modelIdForm: 'bare',
    defaultDialect: 'function',
    supportsStoredResponses: false,
    docs: 'https://docs.litellm.ai/docs/proxy_server',
  },
  custom: {
    name: 'Custom endpoint',
    requiresKey: false,
    modelIdForm: 'bare',
    defaultDialect: 'function',
    supportsStoredResponses: false,
    docs: 'https://developers.openai.com/api/reference/resources/models/methods/list',
  },
};

/** A model id in the form the provider expects: gateways get `openai/` in front of a bare OpenAI id. */
export function providerModelId(kind: ProviderKind, model: string): string {
  if (PROVIDER_PRESETS[kind].modelIdForm === 'bare' || model.includes('/')) return model;
  return `openai/${model}`;
}
