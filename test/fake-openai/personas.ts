// Providers that speak the OpenAI wire protocol but behave differently, as switchable personas of the fake server:
// `startFakeServer({ persona: 'vllm' })`. Each is written from the provider's own documentation (cited per persona),
// so the client is tested against what the real server does, not against what we wish it did.
import { FakeHttpError, apiErrorBody } from './apiError';
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

export const PERSONAS = {
  openai,
  retired,
  effortStrict,
} satisfies Record<string, Persona>;

export type PersonaName = keyof typeof PERSONAS;

export function personaFor(name: PersonaName | undefined): Persona {
  return name === undefined ? openai : PERSONAS[name];
}

/** The 404 a server gives for a route it does not have. */
export function missingRoute(method: string, path: string): FakeHttpError {
  return new FakeHttpError(404, apiErrorBody(`Invalid URL (${method} ${path})`, 'invalid_request_error'));
}
