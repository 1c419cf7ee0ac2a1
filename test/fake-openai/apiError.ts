// OpenAI-shaped error answers: the body `{"error":{message,type,param,code}}` the SDK turns into its APIError
// subclasses, with the status and the headers (retry-after) that go with it.

export interface ApiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Thrown by request handling to answer with an HTTP error instead of a response. */
export class FakeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && body !== null && 'error' in body ? describe(body) : `HTTP ${status}`);
  }
}

function describe(body: object): string {
  const error = (body as { error?: { message?: unknown } }).error;
  return typeof error?.message === 'string' ? error.message : 'error';
}

export function apiErrorBody(message: string, type: string, param: string | null = null, code: string | null = null): ApiErrorBody {
  return { error: { message, type, param, code } };
}

export function invalidRequest(message: string, param: string | null, code: string | null = null, status = 400): FakeHttpError {
  return new FakeHttpError(status, apiErrorBody(message, 'invalid_request_error', param, code));
}

/** What the real API answers for a status when a script asks for it without giving a body. */
export function defaultErrorBody(status: number, model: string, method: string, path: string): ApiErrorBody {
  switch (status) {
    case 400:
      return apiErrorBody('The request was invalid.', 'invalid_request_error');
    case 401:
      return apiErrorBody(
        'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_request_error',
        null,
        'invalid_api_key',
      );
    case 403:
      return apiErrorBody('You are not allowed to sample from this model.', 'invalid_request_error', null, 'model_not_allowed');
    case 404:
      return apiErrorBody(`Invalid URL (${method} ${path})`, 'invalid_request_error');
    case 429:
      return apiErrorBody(
        `Rate limit reached for ${model} on tokens per min (TPM): Limit 30000, Used 30000, Requested 1200. Please try again in 2.4s.`,
        'tokens',
        null,
        'rate_limit_exceeded',
      );
    case 503:
      return apiErrorBody('The engine is currently overloaded, please try again later.', 'server_error', null, 'server_overloaded');
    default:
      return status >= 500
        ? apiErrorBody('The server had an error while processing your request. Sorry about that!', 'server_error')
        : apiErrorBody(`The request failed with status ${status}.`, 'invalid_request_error');
  }
}
