// A real HTTP server that speaks the OpenAI Responses API wire protocol, driven by scripted turns. Tests point the
// real `openai` SDK (or the agent core) at `url` and read back every request it received.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FakeHttpError, apiErrorBody, defaultErrorBody, invalidRequest } from './apiError';
import { parseChatRequest, streamChat } from './chatCompletions';
import { compactConversation } from './compaction';
import { checkConversation } from './conversationCheck';
import { newId } from './ids';
import { SEEDED_MODELS, modelsListBody } from './models';
import { missingRoute, personaFor, type PersonaName } from './personas';
import { parseCompactRequest, parseResponsesRequest } from './request';
import { planTurn } from './responseEvents';
import { adaptItems, offeredTools } from './toolAdaptation';
import { forcedTool, forcedTurn } from './toolChoice';
import { ResponseStore } from './responseStore';
import type { CompactBehaviour, RecordedRequest, Responder, ScriptTurn } from './script';
import { streamTurn } from './sseStream';

export interface FakeServerOptions {
  turns?: ScriptTurn[];
  /** Answers when the scripted turns have run out. */
  responder?: Responder;
  compact?: CompactBehaviour;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or `api-key: <apiKey>`, or get 401 invalid_api_key. */
  apiKey?: string;
  /** The provider whose behaviour the server copies (default: OpenAI's). */
  persona?: PersonaName;
}

export interface FakeServer {
  /** Base URL for the SDK, ending in /v1, e.g. http://127.0.0.1:PORT/v1. (The Azure form, ORIGIN/openai/v1, works too.) */
  readonly url: string;
  /** Every request, in arrival order, recorded before it is answered. */
  readonly requests: RecordedRequest[];
  /** Appends scripted turns. */
  enqueue(...turns: ScriptTurn[]): void;
  /** Scripted turns not yet consumed. */
  pending(): number;
  /** Closes the server and every open (also stalled) connection. */
  close(): Promise<void>;
}

/** The ids the default persona lists at GET /v1/models. */
export const FAKE_MODELS: readonly string[] = SEEDED_MODELS.map((m) => m.id);

export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const turns: ScriptTurn[] = [...(options.turns ?? [])];
  const requests: RecordedRequest[] = [];
  const store = new ResponseStore();
  const streams = new Set<AbortController>();
  const sockets = new Set<Socket>();
  const persona = personaFor(options.persona);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    let body: unknown;
    let unparsable = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        unparsable = true;
      }
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: { ...req.headers },
      body,
      receivedAt: Date.now(),
    };
    requests.push(recorded);
    const headers = { 'x-request-id': newId('req') };

    try {
      if (options.apiKey !== undefined) checkKey(req, options.apiKey);
      if (unparsable) {
        throw invalidRequest(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
          null,
        );
      }
      const route = `${recorded.method} ${routePath(recorded.path)}`;
      if (route === 'POST /v1/responses') {
        if (!persona.responses) throw missingRoute(recorded.method, routePath(recorded.path));
        return await answerResponses(recorded, raw.length, res, headers);
      }
      if (route === 'POST /v1/responses/compact') return answerCompact(recorded, raw.length, res, headers);
      if (route === 'POST /v1/chat/completions') {
        if (!persona.chatCompletions) throw missingRoute(recorded.method, routePath(recorded.path));
        return await answerChat(recorded, res, headers);
      }
      if (route === 'GET /v1/models') {
        return sendJson(res, 200, modelsListBody(persona.models ?? SEEDED_MODELS), headers);
      }
      throw missingRoute(recorded.method, routePath(recorded.path));
    } catch (error) {
      if (error instanceof FakeHttpError) return sendJson(res, error.status, error.body, { ...headers, ...error.headers });
      throw error;
    }
  };

  const answerResponses = async (
    recorded: RecordedRequest,
    size: number,
    res: ServerResponse,
    headers: Record<string, string>,
  ): Promise<void> => {
    const parsed = parseResponsesRequest(recorded.body, { reasoningIdOptional: persona.reasoningWithoutId === true });
    persona.checkResponses?.(parsed);
    const declared = parsed.body.tools;
    const request =
      persona.honouredTools && Array.isArray(declared)
        ? { ...parsed, body: { ...parsed.body, tools: persona.honouredTools(declared as Record<string, unknown>[]) } }
        : parsed;
    const checked = checkConversation(request.input, request.previousResponseId, store);
    const forced = forcedTool(request.body.tool_choice);
    // A forced tool is answered by the model's call of it (or words, when it never saw the tool), not by the script.
    const turn = forced ? forcedTurn(forced, request.body.tools) : (turns.shift() ?? options.responder?.(recorded));
    if (!turn) {
      const count = requests.filter((r) => routePath(r.path) === '/v1/responses').length;
      throw new FakeHttpError(
        500,
        apiErrorBody(
          `The fake OpenAI server's script ran out: request #${count} to POST /v1/responses has no scripted turn left. Enqueue more turns or pass a responder.`,
          'server_error',
          null,
          'script_exhausted',
        ),
      );
    }
    const fail = turn.fail;
    if (fail?.kind === 'http') {
      const extra: Record<string, string> = {
        ...fail.headers,
        ...(fail.retryAfter !== undefined ? { 'retry-after': fail.retryAfter } : {}),
      };
      throw new FakeHttpError(fail.status, fail.body ?? defaultErrorBody(fail.status, request.model, 'POST', '/v1/responses'), extra);
    }

    const adapted = turn.verbatim || !turn.items ? turn : { ...turn, items: adaptItems(turn.items, offeredTools(request.body.tools)) };
    const plan = planTurn(adapted, request, size, { hostedShell: persona.runsShell === true });
    if (request.store) {
      store.save({
        id: plan.response.id,
        previousResponseId: request.previousResponseId,
        input: checked.input,
        // The SDK's item interfaces carry no index signature; the store reads them as plain JSON objects.
        output: plan.response.output as unknown as Record<string, unknown>[],
      });
    }

    const controller = new AbortController();
    streams.add(controller);
    res.on('close', () => controller.abort());
    try {
      if (request.stream) {
        await streamTurn(res, plan, fail, turn.delayMs ?? 0, headers, controller.signal);
      } else if (fail?.kind === 'drop') {
        res.socket?.destroy();
      } else if (fail?.kind === 'stall') {
        await aborted(controller.signal);
      } else if (fail?.kind === 'malformed') {
        res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(fail.raw ?? '{not json');
      } else if (fail?.kind === 'error_event') {
        sendJson(res, 500, apiErrorBody(fail.message, 'server_error', null, fail.code), headers);
      } else {
        sendJson(res, 200, plan.response, headers);
      }
    } finally {
      streams.delete(controller);
    }
  };

  const answerChat = async (recorded: RecordedRequest, res: ServerResponse, headers: Record<string, string>): Promise<void> => {
    const request = parseChatRequest(recorded.body);
    if (!request.stream) throw invalidRequest('The fake server streams chat completions only: send stream: true.', 'stream');
    const forced = forcedTool(request.toolChoice);
    const turn = forced ? forcedTurn(forced, request.tools) : (turns.shift() ?? options.responder?.(recorded));
    if (!turn) {
      throw new FakeHttpError(
        500,
        apiErrorBody(
          "The fake OpenAI server's script ran out: no scripted turn is left for POST /v1/chat/completions.",
          'server_error',
          null,
          'script_exhausted',
        ),
      );
    }
    const fail = turn.fail;
    if (fail?.kind === 'http') {
      const extra: Record<string, string> = {
        ...fail.headers,
        ...(fail.retryAfter !== undefined ? { 'retry-after': fail.retryAfter } : {}),
      };
      throw new FakeHttpError(
        fail.status,
        fail.body ?? defaultErrorBody(fail.status, request.model, 'POST', '/v1/chat/completions'),
        extra,
      );
    }
    const controller = new AbortController();
    streams.add(controller);
    res.on('close', () => controller.abort());
    try {
      await streamChat(res, turn, request, headers, controller.signal);
    } finally {
      streams.delete(controller);
    }
  };

  const answerCompact = (recorded: RecordedRequest, size: number, res: ServerResponse, headers: Record<string, string>): void => {
    const failStatus = options.compact?.failStatus;
    if (failStatus !== undefined) throw new FakeHttpError(failStatus, defaultErrorBody(failStatus, '', 'POST', '/v1/responses/compact'));
    const request = parseCompactRequest(recorded.body);
    const { conversation } = checkConversation(request.input, request.previousResponseId, store, false);
    sendJson(res, 200, compactConversation(conversation, size), headers);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake or a throwing responder: answer loudly so the test shows it instead of hanging.
      const message = error instanceof Error ? error.message : String(error);
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, apiErrorBody(`The fake OpenAI server failed: ${message}`, 'server_error'), {});
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}/v1`,
    requests,
    enqueue: (...more) => void turns.push(...more),
    pending: () => turns.length,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const controller of streams) controller.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/** The route of a request path: query dropped, and Azure's /openai/v1/… served as /v1/…. */
function routePath(path: string): string {
  const pathname = new URL(path, 'http://fake').pathname.replace(/\/+$/, '');
  return pathname.startsWith('/openai/v1/') ? pathname.slice('/openai'.length) : pathname;
}

function checkKey(req: IncomingMessage, apiKey: string): void {
  const authorization = req.headers.authorization;
  const bearer =
    typeof authorization === 'string' && authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
  const azure = typeof req.headers['api-key'] === 'string' ? req.headers['api-key'] : undefined;
  if (bearer === apiKey || azure === apiKey) return;
  const given = bearer ?? azure;
  const message =
    given === undefined || given === ''
      ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
      : `Incorrect API key provided: ${maskKey(given)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
  throw new FakeHttpError(401, apiErrorBody(message, 'invalid_request_error', null, 'invalid_api_key'));
}

/** Shows a key the way the real API does in its 401: both ends, the middle starred, never the whole key. */
function maskKey(key: string): string {
  if (key.length <= 8) return `${key.slice(0, 2)}${'*'.repeat(Math.max(0, key.length - 2))}`;
  return `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}`;
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
}
