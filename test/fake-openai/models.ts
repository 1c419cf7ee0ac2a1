// What the fake serves at GET /v1/models, and the refusals that go with a model list: a request for a model the list does
// not carry gets OpenAI's 404 `model_not_found`, and a model with a narrower effort scale answers OpenAI's 400 naming the
// levels it takes. The list carries `shutdown_date` (YYYY-MM-DD or null) as OpenAI's List models reference documents it.
import type { Effort } from '../../src/shared/effort';
import { FakeHttpError, apiErrorBody, invalidRequest } from './apiError';
import type { ResponsesRequest } from './request';

export interface FakeModel {
  id: string;
  shutdown_date?: string | null;
  /** The efforts this model accepts; absent: any. */
  efforts?: readonly Effort[];
}

/** The day the models were published (2025-11-13), as the models endpoint reports it. */
const MODELS_CREATED = 1763000000;

/** The seeded family with no shutdown date, as a gateway or an Azure deployment that still serves it lists it. */
export const SEEDED_MODELS: readonly FakeModel[] = [
  'gpt-5.1-codex',
  'gpt-5.1-codex-mini',
  'gpt-5.1-codex-max',
  'gpt-5.2-codex',
  'gpt-5.1',
].map((id) => ({ id }));

const FROM_LOW: readonly Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];

/** OpenAI's API on 2026-11-30: the GPT-6 family, gpt-5 and gpt-5.1 with their shutdown dates, the Codex family gone. */
export const OPENAI_MODELS_NOW: readonly FakeModel[] = [
  { id: 'gpt-6.2-sol', shutdown_date: null, efforts: FROM_LOW },
  { id: 'gpt-6.2-astra', shutdown_date: null, efforts: FROM_LOW },
  { id: 'gpt-6-astra', shutdown_date: null, efforts: FROM_LOW },
  { id: 'gpt-6.1-sol', shutdown_date: null, efforts: FROM_LOW },
  { id: 'gpt-6.1-terra', shutdown_date: null },
  { id: 'gpt-6-luna', shutdown_date: null },
  { id: 'gpt-5', shutdown_date: '2026-12-11' },
  { id: 'gpt-5.1', shutdown_date: '2027-04-01' },
];

/** The body of GET /v1/models for a list. */
export function modelsListBody(models: readonly FakeModel[]): { object: 'list'; data: Record<string, unknown>[] } {
  return {
    object: 'list',
    data: models.map((m) => ({
      id: m.id,
      object: 'model',
      created: MODELS_CREATED,
      owned_by: 'system',
      ...(m.shutdown_date === undefined ? {} : { shutdown_date: m.shutdown_date }),
    })),
  };
}

/** Refuses a request for a model the list does not carry, as OpenAI does for a shut-down or unknown model. */
export function checkServedModel(models: readonly FakeModel[], request: ResponsesRequest): void {
  if (models.some((m) => m.id === request.model)) return;
  throw new FakeHttpError(
    404,
    apiErrorBody(
      `The model \`${request.model}\` does not exist or you do not have access to it.`,
      'invalid_request_error',
      null,
      'model_not_found',
    ),
  );
}

/** Refuses an effort the model does not take, with OpenAI's wording that names the supported values. */
export function checkEffort(models: readonly FakeModel[], request: ResponsesRequest): void {
  const efforts = models.find((m) => m.id === request.model)?.efforts;
  const reasoning = request.body['reasoning'];
  const effort = typeof reasoning === 'object' && reasoning !== null ? (reasoning as Record<string, unknown>)['effort'] : undefined;
  if (!efforts || typeof effort !== 'string' || (efforts as readonly string[]).includes(effort)) return;
  const quoted = efforts.map((e) => `'${e}'`);
  const list = `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)!}`;
  throw invalidRequest(
    `Unsupported value: 'reasoning.effort' does not support '${effort}' with this model. Supported values are: ${list}.`,
    'reasoning.effort',
    'unsupported_value',
  );
}
