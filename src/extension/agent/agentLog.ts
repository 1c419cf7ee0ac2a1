// What the "Codewright" output channel learns about the agent: every HTTP request with its status, timing and request id
// (through a fetch wrapper handed to the SDK), and each turn's start, retries, tool calls, usage, errors and duration.
// Never the API key, headers, request bodies, model text or file contents: those stay out of the log at every level
// but debug, which shows command lines only.
import type { ChatEvent } from '../../shared/protocol';

/** The part of vscode.LogOutputChannel used here. */
export interface LogSink {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const REQUEST_ID_HEADERS = ['x-request-id', 'apim-request-id', 'x-ms-request-id'];

/** A fetch that logs each request's method, endpoint, status, time to response headers and request id. */
export function loggingFetch(log: LogSink, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const where = endpoint(input);
    const started = performance.now();
    try {
      const response = await base(input, init);
      const ms = Math.round(performance.now() - started);
      const id = REQUEST_ID_HEADERS.map((h) => response.headers.get(h)).find((v) => v);
      const line = `${method} ${where} → ${response.status} in ${ms} ms${id ? ` (request id ${id})` : ''}`;
      if (response.ok) log.info(line);
      else log.warn(line);
      return response;
    } catch (error) {
      const ms = Math.round(performance.now() - started);
      const aborted = error instanceof Error && error.name === 'AbortError';
      const line = `${method} ${where} ${aborted ? 'cancelled' : 'failed'} after ${ms} ms${aborted ? '' : `: ${requestFailureText(error)}`}`;
      if (aborted) log.info(line);
      else log.warn(line);
      throw error;
    }
  };
}

/** Host and path only: a base URL may carry credentials in its user part or a key in its query. */
function endpoint(input: string | URL | Request): string {
  return safeUrl(input instanceof Request ? input.url : String(input));
}

function safeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.host}${url.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** Logs the events of one source (the chat, or an editor task) as they happen. */
export class AgentEventLog {
  private readonly started = new Map<string, number>();

  constructor(private readonly log: LogSink) {}

  record(source: string, event: ChatEvent): void {
    const log = this.log;
    switch (event.type) {
      case 'turn_started':
        this.started.set(source, performance.now());
        log.info(`[${source}] turn ${event.turnId} started with ${event.model}`);
        return;
      case 'turn_finished': {
        const began = this.started.get(source);
        this.started.delete(source);
        const took = began === undefined ? '' : ` in ${((performance.now() - began) / 1000).toFixed(1)} s`;
        log.info(`[${source}] turn ${event.turnId} finished: ${event.reason}${took}`);
        return;
      }
      case 'retrying':
        log.warn(`[${source}] retry ${event.attempt} in ${event.delayMs} ms: ${event.reason}`);
        return;
      case 'error':
        log.error(`[${source}] ${event.code ? `${event.code}: ` : ''}${event.message}`);
        return;
      case 'usage': {
        const t = event.turn;
        const cost = t.costUsd === null ? '' : `, $${t.costUsd.toFixed(4)} this turn`;
        log.info(
          `[${source}] usage: ${t.inputTokens} input (${t.cachedInputTokens} cached), ${t.outputTokens} output (${t.reasoningTokens} reasoning) tokens${cost}; context ${event.contextTokens}/${event.contextWindow}`,
        );
        return;
      }
      case 'compacted':
        log.info(`[${source}] history compacted (${event.method}) from ${event.tokensBefore} tokens`);
        return;
      case 'tool_call_started': {
        const call = event.call;
        if (call.kind === 'apply_patch') {
          const op = call.operation;
          log.info(
            `[${source}] ${call.callId}: apply_patch ${op.type} ${op.path}${op.type === 'update_file' && op.move_to ? ` → ${op.move_to}` : ''}`,
          );
        } else if (call.kind === 'shell') {
          log.info(
            `[${source}] ${call.callId}: shell, ${call.action.commands.length} command${call.action.commands.length === 1 ? '' : 's'}`,
          );
          for (const command of call.action.commands) log.debug(`[${source}] ${call.callId}: $ ${command}`);
        } else {
          log.info(`[${source}] ${call.callId}: function ${call.name}`);
        }
        return;
      }
      case 'tool_call_finished':
        log.info(`[${source}] ${event.callId}: ${event.outcome} (${event.summary})`);
        return;
      default:
        // Deltas and the chat's own bookkeeping events carry model text or nothing the log needs.
        return;
    }
  }
}

/** A failed request for the log: the network reason Node keeps in `cause`, and no URL with credentials in it. */
function requestFailureText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's fetch hides the network reason (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = (error as Error & { cause?: unknown }).cause;
  const text = cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  // Some fetch errors quote the whole URL, credentials and query included.
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s()'"]+/gi, (url) => safeUrl(url));
}
