// Turns one scripted turn into what the real API would send for it: the response object (with the request's
// fields echoed) and the full, ordered list of stream events. Items and item events use the SDK's own types, so a
// field the SDK does not declare cannot slip in unnoticed.
import type {
  ResponseApplyPatchToolCall,
  ResponseFunctionShellToolCall,
  ResponseFunctionShellToolCallOutput,
  ResponseFunctionToolCall,
  ResponseOutputMessage,
  ResponseReasoningItem,
  ResponseStreamEvent,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import { newId } from './ids';
import type { ResponsesRequest } from './request';
import type { ScriptItem, ScriptTurn, ScriptUsage } from './script';

export type OutputItem =
  | ResponseOutputMessage
  | ResponseReasoningItem
  | ResponseFunctionToolCall
  | ResponseApplyPatchToolCall
  | ResponseFunctionShellToolCall
  | ResponseFunctionShellToolCallOutput;

/** How the provider treats the calls it streams. */
export interface PlanOptions {
  /** The provider runs `shell_call`s itself and puts their output in the same response (OpenRouter's hosted shell). */
  hostedShell?: boolean;
}

export type ResponseStatus = 'in_progress' | 'completed' | 'failed' | 'incomplete';

/** The response object on the wire: the SDK's `output_text` is computed client-side and never sent. */
export interface WireResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  completed_at: number | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  model: string;
  output: OutputItem[];
  usage: ResponseUsage | null;
  [echoed: string]: unknown;
}

type WithoutSequence<E> = E extends unknown ? Omit<E, 'sequence_number'> : never;
type ItemEvent = WithoutSequence<Exclude<ResponseStreamEvent, { response: unknown } | { type: 'error' }>> & { obfuscation?: string };
type LifecycleEvent = {
  type: 'response.created' | 'response.in_progress' | 'response.completed' | 'response.failed' | 'response.incomplete';
  response: WireResponse;
};
/** The documented error event carries code/message/param at the top; the live API also nests them under `error`. */
type ErrorEvent = {
  type: 'error';
  code: string;
  message: string;
  param: null;
  error?: { type: string; code: string; message: string; param: null };
};
export type FakeEvent = ItemEvent | LifecycleEvent | ErrorEvent;

export interface TurnPlan {
  /** The response as it ends (status completed, failed or incomplete). */
  response: WireResponse;
  /** response.created, response.in_progress and every item event, in order; no terminal event. */
  events: FakeEvent[];
  /** The event that ends the stream normally: response.completed, .failed or .incomplete, or the error event. */
  terminal: FakeEvent;
}

/** Fields of the request the real API echoes in the response object, with the values it reports when they are absent. */
function echoedFields(request: ResponsesRequest): Record<string, unknown> {
  const body = request.body;
  const reasoning = (body.reasoning ?? {}) as Record<string, unknown>;
  const text = (body.text ?? {}) as Record<string, unknown>;
  return {
    background: body.background ?? false,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: body.max_tool_calls ?? null,
    metadata: body.metadata ?? {},
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: request.previousResponseId,
    prompt_cache_key: body.prompt_cache_key ?? null,
    prompt_cache_retention: body.prompt_cache_retention ?? null,
    reasoning: { effort: reasoning.effort ?? 'medium', summary: reasoning.summary ?? null },
    safety_identifier: body.safety_identifier ?? null,
    service_tier: body.service_tier === undefined || body.service_tier === 'auto' ? 'default' : body.service_tier,
    store: request.store,
    temperature: body.temperature ?? 1,
    text: { format: { type: 'text' }, verbosity: 'medium', ...text },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_logprobs: body.top_logprobs ?? 0,
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    user: body.user ?? null,
  };
}

/** Splits streamed text the way the deltas arrive: by words (whitespace kept), or into `chunks` near-equal pieces. */
export function splitText(text: string, chunks?: number): string[] {
  if (text === '') return [];
  if (chunks === undefined) return text.match(/\s*\S+|\s+/g) ?? [text];
  const points = Array.from(text);
  const size = Math.ceil(points.length / Math.max(1, Math.floor(chunks)));
  const pieces: string[] = [];
  for (let i = 0; i < points.length; i += size) pieces.push(points.slice(i, i + size).join(''));
  return pieces;
}

const OBFUSCATION_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Builds the events of one turn; `requestSize` is the request body's length in characters (for default usage). */
export function planTurn(turn: ScriptTurn, request: ResponsesRequest, requestSize: number, options: PlanOptions = {}): TurnPlan {
  const createdAt = Math.floor(Date.now() / 1000);
  const base: WireResponse = {
    id: newId('resp'),
    object: 'response',
    created_at: createdAt,
    status: 'in_progress',
    completed_at: null,
    error: null,
    incomplete_details: null,
    model: turn.model ?? request.model,
    output: [],
    usage: null,
    ...echoedFields(request),
  };
  const events: FakeEvent[] = [
    { type: 'response.created', response: structuredClone(base) },
    { type: 'response.in_progress', response: structuredClone(base) },
  ];
  let obfuscationCount = 0;
  // Padding that varies with each delta, as the real API's does; deterministic so runs compare equal.
  const obfuscation = (delta: string): { obfuscation?: string } => {
    if (!request.includeObfuscation) return {};
    const length = Math.max(2, 16 - delta.length);
    let out = '';
    for (let i = 0; i < length; i++) out += OBFUSCATION_ALPHABET[(obfuscationCount * 31 + i * 7) % OBFUSCATION_ALPHABET.length];
    obfuscationCount++;
    return { obfuscation: out };
  };

  const items = turn.items ?? [];
  const output: OutputItem[] = [];
  let outputChars = 0;
  let reasoningChars = 0;
  items.forEach((scripted, index) => {
    const lastAndCut = turn.fail?.kind === 'incomplete' && index === items.length - 1;
    const emitted = emitItem(scripted, output.length, request, lastAndCut, obfuscation);
    events.push(...emitted.events);
    output.push(emitted.item);
    outputChars += emitted.chars;
    if (scripted.type === 'reasoning') reasoningChars += emitted.chars;
    if (options.hostedShell && emitted.item.type === 'shell_call' && !lastAndCut) {
      const ran = hostedShellOutput(emitted.item, output.length);
      events.push(...ran.events);
      output.push(ran.item);
    }
  });

  const fail = turn.fail;
  const status: ResponseStatus = fail?.kind === 'response_failed' ? 'failed' : fail?.kind === 'incomplete' ? 'incomplete' : 'completed';
  const response: WireResponse = {
    ...base,
    status,
    completed_at: status === 'completed' ? Math.floor(Date.now() / 1000) : null,
    error: fail?.kind === 'response_failed' ? { code: fail.code, message: fail.message } : null,
    incomplete_details: fail?.kind === 'incomplete' ? { reason: fail.reason } : null,
    output,
    usage: status === 'failed' ? null : usageFor(turn.usage, requestSize, outputChars, reasoningChars),
  };
  let terminal: FakeEvent;
  if (fail?.kind === 'error_event') {
    terminal = {
      type: 'error',
      code: fail.code,
      message: fail.message,
      param: null,
      ...(fail.shape === 'documented'
        ? {}
        : { error: { type: errorTypeFor(fail.code), code: fail.code, message: fail.message, param: null } }),
    };
  } else {
    const type = status === 'failed' ? 'response.failed' : status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    terminal = { type, response };
  }
  return { response, events, terminal };
}

/** The output item a provider that runs shell itself adds after the call: every command "ran" in its sandbox. */
function hostedShellOutput(call: ResponseFunctionShellToolCall, outputIndex: number): EmittedItem {
  const item: ResponseFunctionShellToolCallOutput = {
    id: newId('sho'),
    type: 'shell_call_output',
    call_id: call.call_id,
    status: 'completed',
    max_output_length: call.action.max_output_length,
    output: call.action.commands.map((command) => ({
      stdout: `sandbox ran: ${command}\n`,
      stderr: '',
      outcome: { type: 'exit', exit_code: 0 },
    })),
  };
  return {
    item,
    events: [
      { type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', output: [] } },
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ],
    chars: 0,
  };
}

function errorTypeFor(code: string): string {
  if (code === 'rate_limit_exceeded') return 'tokens';
  if (code === 'insufficient_quota') return 'insufficient_quota';
  return code === 'server_error' ? 'server_error' : 'invalid_request_error';
}

function usageFor(scripted: ScriptUsage | undefined, requestSize: number, outputChars: number, reasoningChars: number): ResponseUsage {
  const input = scripted?.input_tokens ?? Math.ceil(requestSize / 4);
  const outputTokens = scripted?.output_tokens ?? Math.ceil(outputChars / 4);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: scripted?.cached_tokens ?? 0, cache_write_tokens: scripted?.cache_write_tokens ?? 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: scripted?.reasoning_tokens ?? Math.min(outputTokens, Math.ceil(reasoningChars / 4)) },
    total_tokens: input + outputTokens,
  };
}

interface EmittedItem {
  item: OutputItem;
  events: FakeEvent[];
  /** Characters of generated text (for the default output token count). */
  chars: number;
}

function emitItem(
  scripted: ScriptItem,
  outputIndex: number,
  request: ResponsesRequest,
  cut: boolean,
  obfuscation: (delta: string) => { obfuscation?: string },
): EmittedItem {
  switch (scripted.type) {
    case 'text': {
      const id = newId('msg');
      const done: ResponseOutputMessage = {
        id,
        type: 'message',
        status: cut ? 'incomplete' : 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: scripted.text, annotations: [] }],
      };
      const where = { item_id: id, output_index: outputIndex, content_index: 0 };
      const events: FakeEvent[] = [
        { type: 'response.output_item.added', output_index: outputIndex, item: { ...done, status: 'in_progress', content: [] } },
        { type: 'response.content_part.added', ...where, part: { type: 'output_text', text: '', annotations: [] } },
        ...splitText(scripted.text, scripted.chunks).map((delta): FakeEvent => ({
          type: 'response.output_text.delta',
          ...where,
          delta,
          logprobs: [],
          ...obfuscation(delta),
        })),
        { type: 'response.output_text.done', ...where, text: scripted.text, logprobs: [] },
        { type: 'response.content_part.done', ...where, part: { type: 'output_text', text: scripted.text, annotations: [] } },
        { type: 'response.output_item.done', output_index: outputIndex, item: done },
      ];
      return { item: done, events, chars: scripted.text.length };
    }
    case 'reasoning': {
      const id = newId('rs');
      const summary = scripted.summary.map((text) => ({ type: 'summary_text' as const, text }));
      const wantsEncrypted = request.include.includes('reasoning.encrypted_content');
      const encrypted = scripted.encrypted ?? `gAAAAA${Buffer.from(JSON.stringify({ id, summary: scripted.summary })).toString('base64')}`;
      const done: ResponseReasoningItem = { id, type: 'reasoning', summary, ...(wantsEncrypted ? { encrypted_content: encrypted } : {}) };
      const events: FakeEvent[] = [{ type: 'response.output_item.added', output_index: outputIndex, item: { ...done, summary: [] } }];
      scripted.summary.forEach((text, summaryIndex) => {
        const where = { item_id: id, output_index: outputIndex, summary_index: summaryIndex };
        events.push(
          { type: 'response.reasoning_summary_part.added', ...where, part: { type: 'summary_text', text: '' } },
          ...splitText(text).map((delta): FakeEvent => ({
            type: 'response.reasoning_summary_text.delta',
            ...where,
            delta,
            ...obfuscation(delta),
          })),
          { type: 'response.reasoning_summary_text.done', ...where, text },
          { type: 'response.reasoning_summary_part.done', ...where, part: { type: 'summary_text', text } },
        );
      });
      events.push({ type: 'response.output_item.done', output_index: outputIndex, item: done });
      return { item: done, events, chars: scripted.summary.join('').length };
    }
    case 'function_call': {
      const id = newId('fc');
      const done: ResponseFunctionToolCall = {
        id,
        type: 'function_call',
        status: 'completed',
        call_id: scripted.callId ?? newId('call'),
        name: scripted.name,
        arguments: scripted.arguments,
      };
      const where = { item_id: id, output_index: outputIndex };
      const pieces = splitText(scripted.arguments, Math.ceil(Array.from(scripted.arguments).length / 16));
      const events: FakeEvent[] = [
        { type: 'response.output_item.added', output_index: outputIndex, item: { ...done, status: 'in_progress', arguments: '' } },
        ...pieces.map((delta): FakeEvent => ({ type: 'response.function_call_arguments.delta', ...where, delta, ...obfuscation(delta) })),
        { type: 'response.function_call_arguments.done', ...where, name: scripted.name, arguments: scripted.arguments },
        { type: 'response.output_item.done', output_index: outputIndex, item: done },
      ];
      return { item: done, events, chars: scripted.name.length + scripted.arguments.length };
    }
    case 'apply_patch_call': {
      const done: ResponseApplyPatchToolCall = {
        id: newId('apc'),
        type: 'apply_patch_call',
        call_id: scripted.callId ?? newId('call'),
        status: 'completed',
        operation: scripted.operation,
      };
      const diff = 'diff' in scripted.operation ? scripted.operation.diff : '';
      return {
        item: done,
        events: [
          { type: 'response.output_item.added', output_index: outputIndex, item: { ...done, status: 'in_progress' } },
          { type: 'response.output_item.done', output_index: outputIndex, item: done },
        ],
        chars: scripted.operation.path.length + diff.length,
      };
    }
    case 'shell_call': {
      const done: ResponseFunctionShellToolCall = {
        id: newId('sh'),
        type: 'shell_call',
        call_id: scripted.callId ?? newId('call'),
        status: 'completed',
        action: {
          commands: scripted.commands,
          timeout_ms: scripted.timeoutMs ?? null,
          max_output_length: scripted.maxOutputLength ?? null,
        },
        environment: null,
      };
      return {
        item: done,
        events: [
          { type: 'response.output_item.added', output_index: outputIndex, item: { ...done, status: 'in_progress' } },
          { type: 'response.output_item.done', output_index: outputIndex, item: done },
        ],
        chars: scripted.commands.join('\n').length,
      };
    }
  }
}
