// POST /v1/chat/completions, for the `chat` dialect: the request checked the way OpenAI checks it (unknown parameters,
// tool messages that answer no call, calls left without an answer), and a scripted turn streamed as chat.completion.chunk
// lines in the shape of OpenAI's published streaming example: the first tool-call delta carries index, id, type and the
// name with empty arguments, later deltas only index and an arguments piece, then a chunk with finish_reason, an optional
// usage chunk with no choices, and `data: [DONE]`.
import type { ServerResponse } from 'node:http';
import * as z from 'zod';
import { invalidRequest } from './apiError';
import { newId } from './ids';
import { splitText } from './responseEvents';
import type { ScriptItem, ScriptTurn } from './script';
import { pause, write } from './sseStream';
import { adaptItems, offeredTools } from './toolAdaptation';

/** The request fields openai-node declares for chat.completions.create; OpenAI answers 400 for any other. */
const KNOWN_FIELDS = new Set([
  'messages',
  'model',
  'audio',
  'frequency_penalty',
  'function_call',
  'functions',
  'logit_bias',
  'logprobs',
  'max_completion_tokens',
  'max_tokens',
  'metadata',
  'modalities',
  'moderation',
  'n',
  'parallel_tool_calls',
  'prediction',
  'presence_penalty',
  'prompt_cache_key',
  'prompt_cache_options',
  'prompt_cache_retention',
  'reasoning_effort',
  'response_format',
  'safety_identifier',
  'seed',
  'service_tier',
  'stop',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'user',
  'verbosity',
  'web_search_options',
]);

const MessageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.enum(['system', 'developer']), content: z.union([z.string(), z.array(z.unknown())]) }),
  z.looseObject({ role: z.literal('user'), content: z.union([z.string(), z.array(z.unknown())]) }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(z.unknown())]).nullish(),
    tool_calls: z
      .array(
        z.looseObject({
          id: z.string().min(1),
          type: z.literal('function'),
          function: z.looseObject({ name: z.string(), arguments: z.string() }),
        }),
      )
      .nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: z.union([z.string(), z.array(z.unknown())]) }),
]);

export interface ChatRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  tools: unknown;
  toolChoice: unknown;
}

export function parseChatRequest(body: unknown): ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest(
      'We could not parse the JSON body of your request. The OpenAI API expects a JSON object as the request body.',
      null,
    );
  }
  const object = body as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!KNOWN_FIELDS.has(key)) throw invalidRequest(`Unrecognized request argument supplied: ${key}`, null);
  }
  if (typeof object['model'] !== 'string' || object['model'] === '')
    throw invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  if (!Array.isArray(object['messages']))
    throw invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  const messages = object['messages'].map((raw, i) => {
    const parsed = MessageSchema.safeParse(raw);
    if (!parsed.success)
      throw invalidRequest(
        `Invalid value for 'messages[${i}]': ${parsed.error.issues[0]?.message ?? 'not a message'}.`,
        `messages[${i}]`,
        'invalid_value',
      );
    return parsed.data;
  });
  checkToolMessages(messages);
  const options = object['stream_options'] as { include_usage?: unknown } | undefined;
  return {
    model: object['model'],
    stream: object['stream'] === true,
    includeUsage: options?.include_usage === true,
    tools: object['tools'],
    toolChoice: object['tool_choice'],
  };
}

/** OpenAI's two rules: a tool message answers a call of the assistant message before it, and every such call is answered. */
function checkToolMessages(messages: readonly z.infer<typeof MessageSchema>[]): void {
  let open = new Set<string>();
  let openAt = -1;
  messages.forEach((message, i) => {
    if (message.role === 'tool') {
      if (!open.delete(message.tool_call_id)) {
        throw invalidRequest(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${i}].role`,
        );
      }
      return;
    }
    if (open.size > 0) missingAnswers(open, openAt);
    open = new Set(message.role === 'assistant' ? (message.tool_calls ?? []).map((call) => call.id) : []);
    openAt = i;
  });
  if (open.size > 0) missingAnswers(open, openAt);
}

function missingAnswers(open: ReadonlySet<string>, at: number): never {
  throw invalidRequest(
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(', ')}`,
    `messages.[${at}].role`,
  );
}

type Delta = { role?: 'assistant'; content?: string | null; refusal?: null; tool_calls?: Record<string, unknown>[] };

/** Every chunk of a scripted turn, the last one carrying finish_reason (none when the turn is cut by a drop or a stall). */
export function chatChunks(turn: ScriptTurn, request: ChatRequest): Record<string, unknown>[] {
  const id = newId('chatcmpl');
  const created = Math.floor(Date.now() / 1000);
  const model = turn.model ?? request.model;
  const chunk = (delta: Delta, finish: string | null = null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const items = turn.verbatim ? (turn.items ?? []) : adaptItems(turn.items ?? [], offeredTools(request.tools));
  const chunks: Record<string, unknown>[] = [chunk({ role: 'assistant', content: '', refusal: null })];
  let calls = 0;
  let chars = 0;
  for (const item of items) {
    for (const delta of deltasOf(item, calls)) chunks.push(chunk(delta));
    if (item.type === 'function_call') calls++;
    chars += item.type === 'text' ? item.text.length : item.type === 'function_call' ? item.arguments.length : 0;
  }
  // Chat Completions has no failed event: a server that fails mid-stream sends a JSON error object instead of a finish.
  if (turn.fail?.kind === 'response_failed' || turn.fail?.kind === 'error_event') return chunks;
  const finish =
    turn.fail?.kind === 'incomplete'
      ? turn.fail.reason === 'content_filter'
        ? 'content_filter'
        : 'length'
      : calls > 0
        ? 'tool_calls'
        : 'stop';
  chunks.push(chunk({}, finish));
  if (request.includeUsage) {
    const input = turn.usage?.input_tokens ?? 50;
    const output = turn.usage?.output_tokens ?? Math.ceil(chars / 4);
    chunks.push({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
      choices: [],
      usage: {
        prompt_tokens: input,
        completion_tokens: output,
        total_tokens: input + output,
        prompt_tokens_details: { cached_tokens: turn.usage?.cached_tokens ?? 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: turn.usage?.reasoning_tokens ?? 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    });
  }
  return chunks;
}

/** Text as content deltas; a function call as a header delta and argument pieces. Reasoning has no Chat Completions form. */
function deltasOf(item: ScriptItem, index: number): Delta[] {
  switch (item.type) {
    case 'text':
      return splitText(item.text, item.chunks).map((content) => ({ content }));
    case 'function_call': {
      const header = { index, id: item.callId ?? newId('call'), type: 'function', function: { name: item.name, arguments: '' } };
      const pieces = splitText(item.arguments, Math.ceil(Array.from(item.arguments).length / 16));
      return [{ tool_calls: [header] }, ...pieces.map((piece) => ({ tool_calls: [{ index, function: { arguments: piece } }] }))];
    }
    default:
      return [];
  }
}

export async function streamChat(
  res: ServerResponse,
  turn: ScriptTurn,
  request: ChatRequest,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<void> {
  const chunks = chatChunks(turn, request);
  const fail = turn.fail;
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const cut = fail?.kind === 'drop' || fail?.kind === 'stall' ? Math.max(0, fail.afterEvents) : chunks.length;
  for (let i = 0; i < Math.min(cut, chunks.length); i++) {
    if (signal.aborted) return;
    if (fail?.kind === 'malformed' && i === fail.afterEvents) await write(res, `${fail.raw ?? 'data: {not json'}\n\n`);
    if (i > 0 && (turn.delayMs ?? 0) > 0 && !(await pause(turn.delayMs ?? 0, signal))) return;
    await write(res, `data: ${JSON.stringify(chunks[i])}\n\n`);
  }
  if (fail?.kind === 'drop') {
    res.socket?.destroy();
  } else if (fail?.kind === 'stall') {
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  } else if (fail?.kind === 'response_failed' || fail?.kind === 'error_event') {
    await write(
      res,
      `data: ${JSON.stringify({ error: { message: fail.message, type: 'server_error', param: null, code: fail.code } })}\n\n`,
    );
    res.end();
  } else {
    await write(res, 'data: [DONE]\n\n');
    res.end();
  }
}
