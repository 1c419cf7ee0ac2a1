// Every way a model request can fail, reduced to one kind the session can act on (retry, compact, stop) and the
// facts a user-facing sentence needs. The sentence itself is written by failureMessage.ts.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export type FailureKind =
  /** No API key configured for a provider that needs one. */
  | 'missing_key'
  | 'auth'
  | 'permission'
  | 'model_not_found'
  /** The endpoint itself is missing (HTTP 404/405/501): a wrong base URL, or a provider without this API. */
  | 'not_found'
  | 'quota'
  | 'rate_limit'
  | 'server'
  | 'connection'
  /** The stream ended without response.completed / failed / incomplete. */
  | 'dropped'
  /** No event arrived for the idle timeout. */
  | 'idle_timeout'
  | 'context_length'
  | 'bad_request'
  /** response.failed or an `error` event with a code not covered above. */
  | 'response_failed'
  /** An event that is not JSON. */
  | 'malformed';

const RETRYABLE: ReadonlySet<FailureKind> = new Set([
  'rate_limit',
  'server',
  'connection',
  'dropped',
  'idle_timeout',
  'response_failed',
  'malformed',
]);

export interface FailureFacts {
  status?: number;
  code?: string;
  /** The server's own words, for the sentence and the log. Never contains the API key (servers don't echo it). */
  detail: string;
  /** How long the server asked us to wait (retry-after header or "try again in 11.054s"). */
  retryAfterMs?: number;
}

export class ModelFailure extends Error {
  override readonly name = 'ModelFailure';
  readonly kind: FailureKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** Set when part of the answer had already streamed to the user before the failure. */
  outputStarted = false;

  constructor(kind: FailureKind, facts: FailureFacts) {
    super(facts.detail);
    this.kind = kind;
    this.status = facts.status;
    this.code = facts.code;
    this.retryAfterMs = facts.retryAfterMs;
  }

  /** Whether trying the same request again can succeed. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

/** Raised when the caller's signal aborted the request: not a failure, the user asked for it. */
export class RequestCancelled extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('The request was cancelled.');
  }
}

/** Seconds from "Please try again in 11.054s." / "try again in 250ms" in rate-limit messages. */
export function parseTryAgainIn(message: string): number | undefined {
  const m = /try again in\s+(\d+(?:\.\d+)?)\s*(ms|s|seconds?)\b/i.exec(message);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2]!.toLowerCase() === 'ms' ? n : n * 1000;
}

/** `retry-after-ms`, then `retry-after` (seconds or an HTTP date), as milliseconds from now. */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (Number.isFinite(Number(value))) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The kind for an error code that arrives inside a stream (response.failed, `error` events). */
export function kindForCode(code: string | undefined, message: string): FailureKind {
  switch (code) {
    case 'rate_limit_exceeded':
      return 'rate_limit';
    case 'insufficient_quota':
      return 'quota';
    case 'context_length_exceeded':
      return 'context_length';
    case 'server_error':
    case 'internal_error':
    case 'server_is_overloaded':
    case 'overloaded':
      return 'server';
    case 'invalid_api_key':
      return 'auth';
    case 'model_not_found':
      return 'model_not_found';
    case 'invalid_prompt':
    case 'invalid_request_error':
      return 'bad_request';
    default:
      return /context (length|window)|maximum context/i.test(message) ? 'context_length' : 'response_failed';
  }
}

/** Failure from a failed event inside the stream (response.failed's `error`, or an `error` event). */
export function failureFromStreamError(code: string | null | undefined, message: string | null | undefined): ModelFailure {
  const detail = message || code || 'the server reported an error without a message';
  return new ModelFailure(kindForCode(code ?? undefined, detail), {
    code: code ?? undefined,
    detail,
    retryAfterMs: parseTryAgainIn(detail),
  });
}

/** Maps whatever the SDK or the network threw to a ModelFailure (or RequestCancelled). */
export function classifyError(error: unknown): ModelFailure | RequestCancelled {
  if (error instanceof ModelFailure || error instanceof RequestCancelled) return error;
  if (error instanceof APIUserAbortError) return new RequestCancelled();
  if (error instanceof APIConnectionTimeoutError)
    return new ModelFailure('connection', { detail: 'the request timed out before the server answered' });
  if (error instanceof APIConnectionError) return new ModelFailure('connection', { detail: causeText(error) });
  if (error instanceof APIError) return fromApiError(error);
  if (error instanceof SyntaxError) return new ModelFailure('malformed', { detail: 'an event that is not JSON' });
  if (error instanceof Error && error.name === 'AbortError') return new RequestCancelled();
  // undici reports a connection cut mid-body as `TypeError: terminated` (with the socket error as its cause).
  if (error instanceof Error && error.message === 'terminated')
    return new ModelFailure('dropped', { detail: 'the server closed the connection mid-stream' });
  if (error instanceof Error) return new ModelFailure('dropped', { detail: causeText(error) });
  return new ModelFailure('dropped', { detail: String(error) });
}

function fromApiError(error: APIError): ModelFailure {
  const status = error.status;
  const code = error.code ?? error.type ?? undefined;
  const detail = bodyMessage(error);
  const facts: FailureFacts = { status, code: code ?? undefined, detail };
  if (status === undefined) {
    // A JSON event with an `error` key inside the stream: the SDK throws it without a status.
    return failureFromStreamError(code, detail);
  }
  if (status === 400) return new ModelFailure(kindForCode(code, detail) === 'context_length' ? 'context_length' : 'bad_request', facts);
  if (status === 401) return new ModelFailure('auth', facts);
  if (status === 403) return new ModelFailure('permission', facts);
  if (status === 404) {
    const modelMissing = code === 'model_not_found' || /\bmodel\b/i.test(detail);
    return new ModelFailure(modelMissing ? 'model_not_found' : 'not_found', facts);
  }
  if (status === 405 || status === 501) return new ModelFailure('not_found', facts);
  if (status === 429) {
    if (code === 'insufficient_quota' || /insufficient_quota|exceeded your current quota/i.test(detail))
      return new ModelFailure('quota', facts);
    return new ModelFailure('rate_limit', { ...facts, retryAfterMs: parseRetryAfter(error.headers) ?? parseTryAgainIn(detail) });
  }
  if (status === 408 || status === 409 || status >= 500) {
    return new ModelFailure('server', { ...facts, retryAfterMs: parseRetryAfter(error.headers) });
  }
  return new ModelFailure(kindForCode(code, detail) === 'context_length' ? 'context_length' : 'bad_request', facts);
}

/** The server's message without the SDK's "429 " prefix. */
function bodyMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string' && body.message) return body.message;
  return error.message.replace(/^\d{3}\s+/, '');
}

function causeText(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : '';
  return inner && inner !== error.message ? `${error.message} (${inner})` : error.message;
}
