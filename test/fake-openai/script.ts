// The language the tests speak to the fake Responses API server: a script is a list of turns, one per
// POST /v1/responses, consumed in order. A turn streams items, or fails in a chosen way, or both (items then a cut).
import type { ApplyPatchOperation } from '../../src/shared/events';

export type ScriptItem =
  /** An assistant message; `chunks` = how many output_text.delta events the text is split into (default: by words). */
  | { type: 'text'; text: string; chunks?: number }
  /** A reasoning item whose summary parts stream as reasoning_summary_text deltas; `encrypted` is echoed as encrypted_content
   * when the request's `include` asks for "reasoning.encrypted_content", as on the real API (without `encrypted`, an opaque value). */
  | { type: 'reasoning'; summary: string[]; encrypted?: string }
  | { type: 'apply_patch_call'; callId?: string; operation: ApplyPatchOperation }
  | { type: 'shell_call'; callId?: string; commands: string[]; timeoutMs?: number | null; maxOutputLength?: number | null }
  | { type: 'function_call'; callId?: string; name: string; arguments: string };

export type TurnFailure =
  /** Answer the POST with this status and JSON body (default: an OpenAI-shaped error) instead of a stream. */
  | { kind: 'http'; status: number; body?: unknown; retryAfter?: string; headers?: Record<string, string> }
  /** Stream the items, then `response.failed` with this error. */
  | { kind: 'response_failed'; code: string; message: string }
  /** Stream the items, then `response.incomplete`. */
  | { kind: 'incomplete'; reason: 'max_output_tokens' | 'content_filter' }
  /** Stream the items, then an `error` event (and close). `shape`: 'live' (default) nests code/message/param under `error`
   * as well, as the live API does (the SDK then throws APIError); 'documented' puts them only at the top level (openai 6.x
   * then yields the event instead of throwing). */
  | { kind: 'error_event'; code: string; message: string; shape?: 'live' | 'documented' }
  /** Close the connection after this many events (no terminal event). */
  | { kind: 'drop'; afterEvents: number }
  /** Stop sending after this many events but keep the connection open until the client goes away. */
  | { kind: 'stall'; afterEvents: number }
  /** After this many events send a line that is not JSON (`raw`, default `data: {not json`), then carry on. */
  | { kind: 'malformed'; afterEvents: number; raw?: string };

export interface ScriptUsage {
  input_tokens?: number;
  cached_tokens?: number;
  /** Reported in input_tokens_details as openai 6.x declares it (default 0). */
  cache_write_tokens?: number;
  output_tokens?: number;
  reasoning_tokens?: number;
}

export interface ScriptTurn {
  items?: ScriptItem[];
  fail?: TurnFailure;
  /** Usage reported in the final response (defaults are derived from the request and output sizes). */
  usage?: ScriptUsage;
  /** Milliseconds between events (default 0). */
  delayMs?: number;
  /** Model id echoed in the response (default: the requested model). */
  model?: string;
  /** Send the items exactly as scripted, even calls of tools the request did not offer (default: each call takes the form
   * of the tool the request declared, built-in or function, as a model would). */
  verbatim?: boolean;
}

/** Answers /v1/responses/compact; default: keep user messages, replace the rest by one compaction item. */
export interface CompactBehaviour {
  /** HTTP status to fail with (e.g. 404 for a provider without compaction). */
  failStatus?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined when there was none or it did not parse). */
  body: unknown;
  receivedAt: number;
}

/** Computes a turn when the scripted turns have run out (the offline demo uses this). */
export type Responder = (request: RecordedRequest) => ScriptTurn;
