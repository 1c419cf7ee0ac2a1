// Providers that speak the OpenAI wire protocol but behave differently, as switchable personas of the fake server:
// `startFakeServer({ persona: 'vllm' })`. Each is written from the provider's own documentation (cited per persona),
// so the client is tested against what the real server does, not against what we wish it did.
import { FakeHttpError, apiErrorBody, invalidRequest } from './apiError';
import { OPENAI_MODELS_NOW, checkEffort, checkServedModel, type FakeModel } from './models';
import type { ResponsesRequest } from './request';

export interface Persona {
  /** Whether POST /v1/responses exists (false: the server answers 404, as servers with Chat Completions only do). */
  responses: boolean;
  /** Whether POST /v1/chat/completions exists. */
  chatCompletions: boolean;
  /** Checks a /v1/responses request before anything is generated; throws FakeHttpError to refuse it as the provider does. */
  checkResponses?(request: ResponsesRequest): void;
  /** The declared tools the model gets to see (the rest are dropped without a word, as some servers do). */
  honouredTools?(tools: readonly Record<string, unknown>[]): Record<string, unknown>[];
  /** The provider runs `shell` calls in its own sandbox and streams their output in the same response. */
  runsShell?: boolean;
  /** Reasoning input items may come without their id (the encrypted content is what the provider reads). */
  reasoningWithoutId?: boolean;
  /** What GET /v1/models lists (default: the seeded family, without shutdown dates). */
  models?: readonly FakeModel[];
}

/** OpenAI itself: every endpoint, every tool; the strictness lives in the request parser. */
const openai: Persona = { responses: true, chatCompletions: true };

/** OpenAI after the Codex shutdown: the GPT-6 family listed with shutdown dates, a retired model answered 404 model_not_found. */
const retired: Persona = {
  ...openai,
  models: OPENAI_MODELS_NOW,
  checkResponses: (request) => checkServedModel(OPENAI_MODELS_NOW, request),
};

/** The same, and a 400 naming the supported levels for an effort the model does not take (gpt-6.2-sol rejects none). */
const effortStrict: Persona = {
  ...retired,
  checkResponses: (request) => {
    checkServedModel(OPENAI_MODELS_NOW, request);
    checkEffort(OPENAI_MODELS_NOW, request);
  },
};

/** Input item types Ollama's /v1/responses reads; it answers 400 for any other (docs.ollama.com/api/openai-compatibility: stateless
 * Responses with function tools, no custom or built-in tool replay). */
const OLLAMA_ITEM_TYPES = new Set(['message', 'function_call', 'function_call_output', 'reasoning']);

export const PERSONAS = {
  openai,
  retired,
  effortStrict,
  /** vLLM serves /v1/responses but implements function tools only (docs.vllm.ai/en/latest/features/tool_calling): other tool
   * types are dropped without an error, so the model never sees them. */
  vllm: { responses: true, chatCompletions: true, honouredTools: (tools) => tools.filter((tool) => tool['type'] === 'function') },
  /** Ollama (>= 0.13.3): stateless /v1/responses that refuses input items it does not know with a 400. */
  ollama: {
    responses: true,
    chatCompletions: true,
    checkResponses(request) {
      const index = request.input.findIndex((item) => !OLLAMA_ITEM_TYPES.has(item.type));
      if (index !== -1) throw invalidRequest(`unknown input item type: ${request.input[index]!.type}`, `input[${index}].type`);
    },
  },
  /** A local server with Chat Completions only (llama.cpp's server, LM Studio before 0.3.29): /v1/responses is a 404. */
  'chat-only': { responses: false, chatCompletions: true },
  /** OpenRouter runs a Responses `shell` tool in its own sandbox and returns shell_call_output items in the same response
   * (openrouter.ai/docs/guides/features/server-tools/shell: "commands always run in a hosted environment"). */
  openrouter: { responses: true, chatCompletions: true, runsShell: true },
  /** Azure OpenAI rejects `store:false` input that names item ids, reasoning ids included, with a 400 (openai/codex#3528,
   * vercel/ai#12687): the encrypted reasoning has to travel without its id. */
  azure: {
    responses: true,
    chatCompletions: true,
    reasoningWithoutId: true,
    checkResponses(request) {
      if (request.store) return;
      const index = request.input.findIndex((item) => typeof item['id'] === 'string');
      if (index === -1) return;
      throw invalidRequest(
        `Item with id '${String(request.input[index]!['id'])}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
        'input',
      );
    },
  },
} satisfies Record<string, Persona>;

export type PersonaName = keyof typeof PERSONAS;

export function personaFor(name: PersonaName | undefined): Persona {
  return name === undefined ? openai : PERSONAS[name];
}

/** The 404 a server gives for a route it does not have. */
export function missingRoute(method: string, path: string): FakeHttpError {
  return new FakeHttpError(404, apiErrorBody(`Invalid URL (${method} ${path})`, 'invalid_request_error'));
}
