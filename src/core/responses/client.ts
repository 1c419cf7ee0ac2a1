// One model request, streamed through the openai SDK: forwards deltas to a sink as they arrive, retries failures that
// happened before anything reached the user, stops a stream that goes silent, and returns the finished response.
import type OpenAI from 'openai';
import type {
  ResponseCompactParams,
  ResponseCreateParamsStreaming,
  ResponseStreamEvent,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { RawItem } from '../history';
import type { TokenCounts } from '../models';
import { ModelFailure, RequestCancelled, classifyError, failureFromStreamError } from './failure';
import { streamChatOnce } from './chatStream';
import { DRAIN_GRACE_MS, IdleWatchdog, idleFailure } from './idleWatchdog';
import { retryDelay, type RetryOptions } from './retryPolicy';

/** Receives the stream as it happens; called synchronously from the read loop, so keep it cheap. */
export interface StreamSink {
  textDelta(itemId: string, delta: string): void;
  textDone(itemId: string, text: string): void;
  reasoningDelta(itemId: string, summaryIndex: number, delta: string): void;
  reasoningDone(itemId: string, summaryIndex: number, text: string): void;
  /** A finished output item (message, reasoning, tool call), in stream order. */
  itemDone(item: RawItem): void;
  retrying(attempt: number, delayMs: number, failure: ModelFailure): void;
}

export interface TurnResult {
  responseId: string;
  model: string;
  status: 'completed' | 'incomplete';
  /** `max_output_tokens` or `content_filter` when incomplete. */
  incompleteReason: string | undefined;
  output: RawItem[];
  usage: TokenCounts | undefined;
}

export interface ResponsesClientOptions {
  retry?: RetryOptions;
  /** A stream with no event for this long is abandoned and treated as dropped (default 300 s: high-effort reasoning is quiet). */
  idleTimeoutMs?: number;
  /** Waits between retries; replaceable so tests can observe long server-requested delays without sleeping. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 300_000;

export class ResponsesClient {
  readonly openai: OpenAI;
  private readonly retry: RetryOptions;
  private readonly idleTimeoutMs: number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(openai: OpenAI, options: ResponsesClientOptions = {}) {
    this.openai = openai;
    this.retry = options.retry ?? {};
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /** Streams one response, retrying transient failures that happen before any output. Throws ModelFailure or RequestCancelled. */
  async stream(body: ResponseCreateParamsStreaming, sink: StreamSink, signal: AbortSignal): Promise<TurnResult> {
    return this.withRetries(
      signal,
      (failure, attempt, delay) => sink.retrying(attempt, delay, failure),
      () => this.streamOnce(body, sink, signal),
    );
  }

  /** Streams one Chat Completions request (the `chat` dialect), with the same retries, as a Responses-shaped result. */
  async streamChat(body: ChatCompletionCreateParamsStreaming, sink: StreamSink, signal: AbortSignal): Promise<TurnResult> {
    return this.withRetries(
      signal,
      (failure, attempt, delay) => sink.retrying(attempt, delay, failure),
      () => streamChatOnce(this.openai, body, sink, signal, this.idleTimeoutMs),
    );
  }

  /** POST /responses/compact: the compacted list of items that replaces the history, and what compacting cost. */
  async compact(params: ResponseCompactParams, signal: AbortSignal): Promise<{ output: RawItem[]; usage: TokenCounts | undefined }> {
    return this.withRetries(
      signal,
      () => undefined,
      async () => {
        const compacted = await this.openai.responses.compact(params, { signal, maxRetries: 0 });
        return { output: compacted.output as unknown as RawItem[], usage: tokenCounts(compacted.usage) };
      },
    );
  }

  private async withRetries<T>(
    signal: AbortSignal,
    onRetry: (failure: ModelFailure, attempt: number, delayMs: number) => void,
    attempt: () => Promise<T>,
  ): Promise<T> {
    for (let retry = 1; ; retry++) {
      if (signal.aborted) throw new RequestCancelled();
      try {
        return await attempt();
      } catch (error) {
        const failure = signal.aborted ? new RequestCancelled() : classifyError(error);
        if (failure instanceof RequestCancelled || failure.outputStarted) throw failure;
        const delay = retryDelay(failure, retry, this.retry);
        if (delay === null) throw failure;
        onRetry(failure, retry, delay);
        await this.sleep(delay, signal);
      }
    }
  }

  private async streamOnce(body: ResponseCreateParamsStreaming, sink: StreamSink, signal: AbortSignal): Promise<TurnResult> {
    const controller = new AbortController();
    const forwardAbort = () => controller.abort();
    signal.addEventListener('abort', forwardAbort, { once: true });
    const idleMs = this.idleTimeoutMs;
    const watchdog = new IdleWatchdog(idleMs, () => controller.abort());
    let result: TurnResult | undefined;

    let outputStarted = false;
    const output: RawItem[] = [];
    let responseId = '';
    let model = String(body.model ?? '');
    try {
      const stream = await this.openai.responses.create(body, { signal: controller.signal, maxRetries: 0, timeout: idleMs });
      for await (const event of stream as AsyncIterable<ResponseStreamEvent>) {
        watchdog.touch();
        // After the terminal event the rest of the body is only drained, so the connection can serve the next request.
        if (result) continue;
        switch (event.type) {
          case 'response.output_text.delta':
            outputStarted = true;
            sink.textDelta(event.item_id, event.delta);
            break;
          case 'response.reasoning_summary_text.delta':
            outputStarted = true;
            sink.reasoningDelta(event.item_id, event.summary_index, event.delta);
            break;
          case 'response.refusal.delta':
            // A refusal is the model's answer to the user too; it is shown like text.
            outputStarted = true;
            sink.textDelta(event.item_id, event.delta);
            break;
          case 'response.output_text.done':
            sink.textDone(event.item_id, event.text);
            break;
          case 'response.refusal.done':
            sink.textDone(event.item_id, event.refusal);
            break;
          case 'response.reasoning_summary_text.done':
            sink.reasoningDone(event.item_id, event.summary_index, event.text);
            break;
          case 'response.output_item.done': {
            const item = event.item as unknown as RawItem;
            if (item && typeof item.type === 'string') {
              outputStarted = true;
              output.push(item);
              sink.itemDone(item);
            }
            break;
          }
          case 'response.created':
          case 'response.in_progress':
            responseId = event.response.id;
            model = event.response.model || model;
            break;
          case 'response.completed':
          case 'response.incomplete': {
            const response = event.response;
            const finalOutput = output.length > 0 ? output : ((response.output ?? []) as unknown as RawItem[]);
            result = {
              responseId: response.id || responseId,
              model: response.model || model,
              status: event.type === 'response.completed' ? 'completed' : 'incomplete',
              incompleteReason: response.incomplete_details?.reason ?? undefined,
              output: finalOutput,
              usage: tokenCounts(response.usage),
            };
            // A server that keeps the stream open after it is complete is not waited for.
            watchdog.shorten(DRAIN_GRACE_MS);
            break;
          }
          case 'response.failed':
            throw failureFromStreamError(event.response.error?.code, event.response.error?.message);
          case 'error':
            throw failureFromStreamError(event.code, event.message);
          default:
            // Event types this client does not use (or does not know yet) are ignored on purpose.
            break;
        }
      }
      if (result) return result;
      if (signal.aborted) throw new RequestCancelled();
      if (watchdog.fired) throw idleFailure(idleMs);
      throw new ModelFailure('dropped', { detail: 'stream closed before response.completed' });
    } catch (error) {
      // The answer is complete; what went wrong after it (a reset while draining) does not matter.
      if (result) return result;
      if (signal.aborted) throw new RequestCancelled();
      const failure = watchdog.fired ? idleFailure(idleMs) : classifyError(error);
      if (failure instanceof ModelFailure) failure.outputStarted = outputStarted;
      throw failure;
    } finally {
      watchdog.stop();
      signal.removeEventListener('abort', forwardAbort);
    }
  }
}

function tokenCounts(usage: ResponseUsage | null | undefined): TokenCounts | undefined {
  if (!usage) return undefined;
  return {
    inputTokens: usage.input_tokens ?? 0,
    cachedInputTokens: usage.input_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens ?? 0,
  };
}

/** Resolves after `ms`, or rejects with RequestCancelled as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new RequestCancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RequestCancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
