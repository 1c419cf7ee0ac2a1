// One streamed Chat Completions request (the `chat` dialect), read through the openai SDK and turned into what a Responses
// stream yields: text and reasoning deltas for the sink, then an assistant message and function_call items, so the
// session's loop, history and tool calls do not care which API answered.
import { randomUUID } from 'node:crypto';
import type OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { RawItem } from '../history';
import type { TokenCounts } from '../models';
import type { StreamSink, TurnResult } from './client';
import { ModelFailure, RequestCancelled, classifyError } from './failure';
import { DRAIN_GRACE_MS, IdleWatchdog, idleFailure } from './idleWatchdog';

interface PendingCall {
  id: string;
  name: string;
  arguments: string;
}

/** Fields some servers add to a delta for the model's thinking (vLLM and DeepSeek: reasoning_content; Ollama, OpenRouter: reasoning). */
type ReasoningDelta = { reasoning_content?: unknown; reasoning?: unknown };

export async function streamChatOnce(
  openai: OpenAI,
  body: ChatCompletionCreateParamsStreaming,
  sink: StreamSink,
  signal: AbortSignal,
  idleMs: number,
): Promise<TurnResult> {
  const controller = new AbortController();
  const forwardAbort = () => controller.abort();
  signal.addEventListener('abort', forwardAbort, { once: true });
  const watchdog = new IdleWatchdog(idleMs, () => controller.abort());

  let responseId = '';
  let model = body.model;
  let text = '';
  let reasoning = '';
  let finishReason: string | undefined;
  let usage: TokenCounts | undefined;
  let outputStarted = false;
  /** Calls by slot; a slot opens for each new `index`, and for a new id at a reused index (servers that put every call at 0). */
  const calls: PendingCall[] = [];
  const slotOfIndex = new Map<number, number>();
  const messageId = `msg_${randomUUID()}`;
  const reasoningId = `rs_${randomUUID()}`;

  try {
    const stream = await openai.chat.completions.create(body, { signal: controller.signal, maxRetries: 0, timeout: idleMs });
    for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
      watchdog.touch();
      if (finishReason !== undefined && chunk.choices.length > 0) continue;
      responseId ||= chunk.id ?? '';
      model = chunk.model || model;
      if (chunk.usage) usage = chatTokenCounts(chunk.usage);
      const choice = chunk.choices[0];
      if (!choice) continue;
      const delta = choice.delta ?? {};
      const thought = (delta as ReasoningDelta).reasoning_content ?? (delta as ReasoningDelta).reasoning;
      if (typeof thought === 'string' && thought !== '') {
        outputStarted = true;
        reasoning += thought;
        sink.reasoningDelta(reasoningId, 0, thought);
      }
      if (typeof delta.content === 'string' && delta.content !== '') {
        outputStarted = true;
        text += delta.content;
        sink.textDelta(messageId, delta.content);
      }
      for (const part of delta.tool_calls ?? []) {
        outputStarted = true;
        const openSlot = slotOfIndex.get(part.index);
        let call = openSlot === undefined ? undefined : calls[openSlot];
        if (call === undefined || (part.id && call.id && part.id !== call.id)) {
          call = { id: part.id ?? '', name: '', arguments: '' };
          slotOfIndex.set(part.index, calls.push(call) - 1);
        }
        if (part.id && !call.id) call.id = part.id;
        if (part.function?.name) call.name += part.function.name;
        if (part.function?.arguments) call.arguments += part.function.arguments;
      }
      if (choice.finish_reason) {
        finishReason = choice.finish_reason;
        // Only the usage chunk may follow; the rest of the body is not waited for long.
        watchdog.shorten(DRAIN_GRACE_MS);
      }
    }
  } catch (error) {
    if (finishReason === undefined) {
      if (signal.aborted) throw new RequestCancelled();
      const failure = watchdog.fired ? idleFailure(idleMs) : classifyError(error);
      if (failure instanceof ModelFailure && failure.kind === 'dropped' && calls.length > 0) throw cutMidCall(calls, outputStarted);
      if (failure instanceof ModelFailure) failure.outputStarted = outputStarted;
      throw failure;
    }
  } finally {
    watchdog.stop();
    signal.removeEventListener('abort', forwardAbort);
  }

  if (finishReason === undefined) {
    if (signal.aborted) throw new RequestCancelled();
    if (watchdog.fired) throw Object.assign(idleFailure(idleMs), { outputStarted });
    if (calls.length > 0) throw cutMidCall(calls, outputStarted);
    throw Object.assign(new ModelFailure('dropped', { detail: 'the stream ended before its last chunk (no finish_reason)' }), {
      outputStarted,
    });
  }

  const output: RawItem[] = [];
  if (reasoning) sink.reasoningDone(reasoningId, 0, reasoning);
  if (text) {
    sink.textDone(messageId, text);
    output.push({ type: 'message', id: messageId, role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] });
  }
  for (const call of calls) {
    output.push({
      type: 'function_call',
      id: `fc_${randomUUID()}`,
      call_id: call.id || `call_${randomUUID()}`,
      name: call.name,
      arguments: call.arguments,
    });
  }
  for (const item of output) sink.itemDone(item);
  const incompleteReason =
    finishReason === 'length' ? 'max_output_tokens' : finishReason === 'content_filter' ? 'content_filter' : undefined;
  return { responseId, model, status: incompleteReason ? 'incomplete' : 'completed', incompleteReason, output, usage };
}

/** A stream that ended while a call was still arriving: the call is never run, and the sentence says which it was. */
function cutMidCall(calls: readonly PendingCall[], outputStarted: boolean): ModelFailure {
  const detail = `the stream ended in the middle of a tool call to ${calls.at(-1)?.name || 'an unnamed tool'}, which was not run`;
  return Object.assign(new ModelFailure('dropped', { detail }), { outputStarted });
}

function chatTokenCounts(usage: NonNullable<ChatCompletionChunk['usage']>): TokenCounts {
  return {
    inputTokens: usage.prompt_tokens ?? 0,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
