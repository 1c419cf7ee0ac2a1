// Check Connection's proof of the tool dialect: one small request in the dialect the chat would use, offering one tool
// (apply_patch, so nothing can run anywhere) and forcing it, to see whether the provider answers with a call of that tool in
// that dialect. GET /models cannot show this: vLLM, for one, drops built-in tools without a word and the model answers in text.
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { Response, ResponseCreateParamsNonStreaming } from 'openai/resources/responses/responses';
import type { RawItem } from '../history';
import { modelFacts } from '../models';
import { createOpenAIClient, resolveProvider, type ProviderConfig } from '../providers';
import { APPLY_PATCH_FUNCTION } from '../tools/agentFunctions';
import {
  chooseDialect,
  describeDialect,
  fallsBackToChat,
  type DialectMemory,
  type DialectSetting,
  type ToolDialect,
} from '../tools/dialect';
import { streamChatOnce } from './chatStream';
import type { StreamSink } from './client';
import { RequestCancelled, classifyError, failureFromStreamError } from './failure';
import { CLI_HINTS, explainFailure, type FailureContext, type HostHints } from './failureMessage';

export type ProbeOutcome =
  /** The provider answered with a call of the offered tool, in the dialect's form. */
  | { kind: 'called' }
  /** It answered, but not with that call: it ignores tools in this dialect. `answer` says what came instead. */
  | { kind: 'ignored'; answer: string }
  /** The answer hit the test call's output limit before any call: nothing is proven either way. */
  | { kind: 'cut' }
  | { kind: 'failed'; message: string };

export type DialectProbe = ProbeOutcome & {
  dialect: ToolDialect;
  /** `auto` found that the endpoint has no /responses and switched to Chat Completions (and remembered it). */
  fellBack: boolean;
};

export interface ProbeOptions {
  model: string;
  /** The `codewright.provider.dialect` setting (or `--dialect`); default `auto`. */
  dialect?: DialectSetting;
  /** The endpoints' remembered dialects the sessions use; a fallback to Chat Completions is written to it. */
  memory?: DialectMemory;
  hints?: HostHints;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** What the test call asks for: one tiny edit, so a model that can call the tool has every reason to. */
const PROBE_PROMPT =
  'This is a connection test of your tools. Call the apply_patch tool once to create the file codewright-check.txt ' +
  'containing the single line "ok". The patch will not be applied.';

/**
 * The answer's cap. The Responses API refuses max_output_tokens below 16, and a reasoning model's reasoning counts against
 * the cap, so it leaves room for a short thought before a one-line patch (about 40 tokens).
 */
export const PROBE_MAX_OUTPUT_TOKENS = 512;

const DEFAULT_PROBE_TIMEOUT_MS = 60_000;

const NO_SINK: StreamSink = {
  textDelta: () => undefined,
  textDone: () => undefined,
  reasoningDelta: () => undefined,
  reasoningDone: () => undefined,
  itemDone: () => undefined,
  retrying: () => undefined,
};

/** Sends the test call in the dialect the chat would use and says how the provider answered; never throws. */
export async function probeDialect(config: ProviderConfig, options: ProbeOptions): Promise<DialectProbe> {
  const setting = options.dialect ?? 'auto';
  let provider: ReturnType<typeof resolveProvider>;
  try {
    provider = resolveProvider(config);
  } catch (error) {
    return { kind: 'failed', message: (error as Error).message, dialect: 'function', fellBack: false };
  }
  const dialect = chooseDialect(setting, provider, options.memory);
  const context: FailureContext = {
    provider: provider.name,
    baseURL: provider.baseURL,
    model: options.model,
    hints: options.hints ?? CLI_HINTS,
  };
  let openai: OpenAI;
  try {
    openai = createOpenAIClient(config, { timeoutMs: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, ...fetchOf(options) });
  } catch (error) {
    return { ...failed(error, dialect, context), dialect, fellBack: false };
  }
  const signal = options.signal ?? new AbortController().signal;
  try {
    return { ...(await send(openai, dialect, options.model, signal, options.timeoutMs)), dialect, fellBack: false };
  } catch (error) {
    const failure = signal.aborted ? new RequestCancelled() : classifyError(error);
    if (!fallsBackToChat(setting, dialect, failure)) return { ...failed(failure, dialect, context), dialect, fellBack: false };
  }
  try {
    await options.memory?.set(provider.baseURL, 'chat');
  } catch {
    // Only a shortcut for the next session; the test call goes on over Chat Completions either way.
  }
  try {
    return { ...(await send(openai, 'chat', options.model, signal, options.timeoutMs)), dialect: 'chat', fellBack: true };
  } catch (error) {
    return { ...failed(signal.aborted ? new RequestCancelled() : error, 'chat', context), dialect: 'chat', fellBack: true };
  }
}

/** The probe as the clause that ends Check Connection's sentence: "tools: …". */
export function describeProbe(probe: DialectProbe, provider: string, hints: HostHints = CLI_HINTS): string {
  const tools = `tools: ${describeDialect(probe.dialect)}`;
  const why = probe.fellBack ? ' (the endpoint has no /responses, so Codewright uses Chat Completions for it)' : '';
  switch (probe.kind) {
    case 'called':
      return `${tools}, checked with a test call${why}.`;
    case 'cut':
      return `${tools}${why}, not proven: the test call reached its output limit before the model called the tool.`;
    case 'failed':
      return `${tools}${why}, but the test call failed: ${probe.message}`;
    case 'ignored':
      return `${tools}${why}, but ${provider} answered the test call with ${probe.answer} instead of calling the tool, so tools are ignored: ${nextStep(probe.dialect, hints)}.`;
  }
}

/** What to try when tools are ignored: the dialect after this one, or a model that calls tools at all. */
function nextStep(dialect: ToolDialect, hints: HostHints): string {
  const setDialect = dialectStep(hints);
  if (dialect === 'builtin') return setDialect('function');
  if (dialect === 'function') return `${setDialect('chat')}, or pick a model that supports tool calls`;
  return 'pick a model that supports tool calls (some servers also need tool calling switched on)';
}

function dialectStep(hints: HostHints): (dialect: string) => string {
  return hints.setDialect ?? ((dialect) => `set the tool dialect to "${dialect}"`);
}

async function send(
  openai: OpenAI,
  dialect: ToolDialect,
  model: string,
  signal: AbortSignal,
  timeoutMs: number | undefined,
): Promise<ProbeOutcome> {
  // The lowest effort the model is known to accept, so little of the cap goes to reasoning; unknown models get the server's default.
  const effort = modelFacts(model)?.efforts?.[0];
  if (dialect === 'chat') {
    const body: ChatCompletionCreateParamsStreaming = {
      model,
      messages: [{ role: 'user', content: PROBE_PROMPT }],
      tools: [
        {
          type: 'function',
          function: {
            name: APPLY_PATCH_FUNCTION.name,
            description: APPLY_PATCH_FUNCTION.description,
            parameters: APPLY_PATCH_FUNCTION.parameters,
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: APPLY_PATCH_FUNCTION.name } },
      // max_tokens is deprecated and refused by OpenAI's reasoning models; servers that do not know this field ignore it.
      max_completion_tokens: PROBE_MAX_OUTPUT_TOKENS,
      stream: true,
      ...(effort ? { reasoning_effort: effort } : {}),
    };
    const result = await streamChatOnce(openai, body, NO_SINK, signal, timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
    return judge(result.output, (item) => item.type === 'function_call' && item['name'] === APPLY_PATCH_FUNCTION.name, result.status);
  }
  const body: ResponseCreateParamsNonStreaming =
    dialect === 'builtin'
      ? {
          ...responsesBase(model, effort),
          tools: [{ type: 'apply_patch' }],
          // OpenAI's API reference documents this choice: it "forces the model to call the apply_patch tool".
          tool_choice: { type: 'apply_patch' },
        }
      : {
          ...responsesBase(model, effort),
          tools: [APPLY_PATCH_FUNCTION],
          tool_choice: { type: 'function', name: APPLY_PATCH_FUNCTION.name },
        };
  const response: Response = await openai.responses.create(body, { signal, maxRetries: 0 });
  if (response.status === 'failed') throw failureFromStreamError(response.error?.code, response.error?.message);
  const output = response.output as unknown as RawItem[];
  const called =
    dialect === 'builtin'
      ? (item: RawItem) => item.type === 'apply_patch_call'
      : (item: RawItem) => item.type === 'function_call' && item['name'] === APPLY_PATCH_FUNCTION.name;
  const cut = response.status === 'incomplete' && response.incomplete_details?.reason === 'max_output_tokens';
  return judge(output, called, cut ? 'incomplete' : 'completed');
}

function responsesBase(model: string, effort: string | undefined): Omit<ResponseCreateParamsNonStreaming, 'tools' | 'tool_choice'> {
  return {
    model,
    input: [{ role: 'user', content: PROBE_PROMPT }],
    max_output_tokens: PROBE_MAX_OUTPUT_TOKENS,
    // Nothing of the test call is kept by the provider.
    store: false,
    stream: false,
    ...(effort ? { reasoning: { effort: effort as NonNullable<ResponseCreateParamsNonStreaming['reasoning']>['effort'] } } : {}),
  };
}

function judge(output: readonly RawItem[], called: (item: RawItem) => boolean, status: 'completed' | 'incomplete'): ProbeOutcome {
  if (output.some(called)) return { kind: 'called' };
  const answered = output.filter((item) => item.type !== 'reasoning');
  if (answered.length === 0 && status === 'incomplete') return { kind: 'cut' };
  return { kind: 'ignored', answer: describeAnswer(answered) };
}

/** What came back instead of the call, in words: "text", "a call of shell", "an apply_patch_call item". */
function describeAnswer(items: readonly RawItem[]): string {
  if (items.length === 0) return 'an empty answer';
  const parts = items.map((item) => {
    if (item.type === 'message') return 'text';
    if (item.type === 'function_call') return `a function call of ${String(item['name'])}`;
    return `an item of type ${item.type}`;
  });
  return [...new Set(parts)].join(' and ');
}

function failed(error: unknown, dialect: ToolDialect, context: FailureContext): ProbeOutcome {
  const failure = classifyError(error);
  if (failure instanceof RequestCancelled) return { kind: 'failed', message: 'The test call was cancelled.' };
  const status = failure.status === undefined ? '' : ` (HTTP ${failure.status})`;
  if (failure.kind === 'not_found' && dialect === 'chat') {
    return {
      kind: 'failed',
      message: `${context.provider} has no Chat Completions API at ${context.baseURL}${status}: check the base URL.`,
    };
  }
  if (failure.kind === 'not_found') {
    const chat = dialectStep(context.hints)('chat');
    return { kind: 'failed', message: `${explainFailure(failure, context)} If it serves Chat Completions only, ${chat}.` };
  }
  if (failure.kind === 'bad_request') {
    const said = failure.message.replace(/\s+/g, ' ').trim().slice(0, 300);
    const next = dialect === 'chat' ? 'pick a model that supports tool calls' : nextStep(dialect, context.hints);
    return {
      kind: 'failed',
      message: `${context.provider} refused the test call${status}: "${said}". It may not take tools in this form: ${next}.`,
    };
  }
  return { kind: 'failed', message: explainFailure(failure, context) };
}

function fetchOf(options: ProbeOptions): { fetch?: typeof fetch } {
  return options.fetch ? { fetch: options.fetch } : {};
}
