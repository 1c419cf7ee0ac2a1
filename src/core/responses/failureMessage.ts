// One sentence per failure, with the next step. The step that fixes credentials or the model differs by host
// (VS Code has a command, the CLI an environment variable and a flag), so hosts pass those phrases in.
import { missingModelAdvice } from '../models/retirement';
import type { FailureKind, ModelFailure } from './failure';

/** How the host tells the user to fix things, as imperative phrases that complete a sentence. */
export interface HostHints {
  /** e.g. "run 'Codewright: Set API Key'" or "set OPENAI_API_KEY". */
  setKey: string;
  /** e.g. "pick another model in the chat's model menu" or "pass another --model". */
  pickModel: string;
  /** e.g. "pass --model gpt-6.1-sol": the step that switches to a named replacement (default "switch to <model>"). */
  useModel?: (model: string) => string;
  /** e.g. "pass --dialect chat": the step that picks another tool dialect (default "set the tool dialect to <dialect>"). */
  setDialect?: (dialect: string) => string;
}

export const VSCODE_HINTS: HostHints = {
  setKey: "run 'Codewright: Set API Key'",
  pickModel: 'pick another model in the chat header or set codewright.model',
  useModel: (model) => `switch to ${model} in the chat header or set codewright.model to ${model}`,
  setDialect: (dialect) => `set codewright.provider.dialect to "${dialect}"`,
};

export const CLI_HINTS: HostHints = {
  setKey: 'set OPENAI_API_KEY (or, for a local server that needs no key, pass its --base-url, e.g. http://localhost:11434/v1)',
  pickModel: 'pass another --model',
  useModel: (model) => `pass --model ${model}`,
  setDialect: (dialect) => `pass --dialect ${dialect}`,
};

export interface FailureContext {
  /** Display name of the provider: "OpenAI", "Azure OpenAI", "OpenRouter", or the custom endpoint's name. */
  provider: string;
  baseURL: string;
  model: string;
  hints: HostHints;
}

/** The sentence a user reads for `failure`, ending with what to do next. */
export function explainFailure(failure: ModelFailure, ctx: FailureContext): string {
  const who = ctx.provider;
  const status = failure.status === undefined ? '' : ` (HTTP ${failure.status})`;
  const said = failure.message ? `: "${clip(failure.message)}"` : '';
  const sentences: Record<FailureKind, () => string> = {
    missing_key: () => `No API key is set for ${who}: ${ctx.hints.setKey}.`,
    auth: () => `${who} rejected the API key${status}. Check the key, then ${ctx.hints.setKey}.`,
    permission: () =>
      `${who} refused access${status}${said}. The key may lack access to ${ctx.model} or to this project: check its permissions, then ${ctx.hints.setKey}.`,
    model_not_found: () =>
      missingModelAdvice({
        model: ctx.model,
        provider: who,
        status,
        today: new Date(),
        tableDates: true,
        useModel: ctx.hints.useModel ?? ((model) => `switch to ${model}`),
        pickModel: ctx.hints.pickModel,
      }).message,
    not_found: () => `${who} has no Responses API at ${ctx.baseURL}${status}: check the base URL (it should end in /v1).`,
    quota: () =>
      `${who} reports that the account has run out of quota${said}. Add credit or raise the limit in the billing settings, then retry.`,
    rate_limit: () => `${who} is rate-limiting requests${status}${said}. Wait a moment, then retry.`,
    server: () => `${who} had a server error${status}${said}. Retry in a moment.`,
    connection: () =>
      `Could not reach ${ctx.baseURL} (${clip(failure.message)}). Check the network connection and the base URL, then retry.`,
    dropped: () => `The connection to ${who} closed before the answer was complete (${clip(failure.message)}). Retry to continue.`,
    idle_timeout: () => `${who} sent nothing for too long, so the request was stopped (${clip(failure.message)}). Retry to continue.`,
    context_length: () =>
      `The conversation no longer fits in ${ctx.model}'s context window, even after compacting it. Start a new session, or ask for a summary first.`,
    bad_request: () => `${who} rejected the request${status}${said}. If this persists, start a new session.`,
    response_failed: () => `The model failed to answer${failure.code ? ` (${failure.code})` : ''}${said}. Retry in a moment.`,
    malformed: () => `${who} sent a stream the client could not read (${clip(failure.message)}). Retry to continue.`,
  };
  return sentences[failure.kind]();
}

/** Server messages can be long (and quote the whole request); the sentence keeps the start. */
function clip(text: string, max = 300): string {
  const oneLine = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

export const GENERIC_HINTS: HostHints = {
  setKey: 'provide a valid API key',
  pickModel: 'choose another model',
};

const SHORT: Record<FailureKind, string> = {
  missing_key: 'no API key',
  auth: 'API key rejected',
  permission: 'access refused',
  model_not_found: 'model not found',
  not_found: 'endpoint not found',
  quota: 'out of quota',
  rate_limit: 'rate limited',
  server: 'server error',
  connection: 'connection failed',
  dropped: 'stream dropped',
  idle_timeout: 'stream went silent',
  context_length: 'context window exceeded',
  bad_request: 'request rejected',
  response_failed: 'response failed',
  malformed: 'unreadable stream',
};

/** A few words for a retry notice: "rate limited (HTTP 429)". */
export function shortReason(failure: ModelFailure): string {
  return `${SHORT[failure.kind]}${failure.status === undefined ? '' : ` (HTTP ${failure.status})`}`;
}
