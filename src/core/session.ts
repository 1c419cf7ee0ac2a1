// The agent loop: a prompt goes to the model, the stream is forwarded to the host as events, the tool calls it makes are
// reviewed, approved and run through the host, and every output goes back until the model stops calling tools. Every
// call gets exactly one output (completed, failed, rejected or cancelled), and the conversation is saved as it goes.
import type { Effort } from '../shared/effort';
import { errorText } from '../shared/errorText';
import { randomUUID } from 'node:crypto';
import type OpenAI from 'openai';
import type { ResponseCreateParamsStreaming, ResponseInputItem } from 'openai/resources/responses/responses';
import { estimateTokens, truncateHistory } from './contextBudget';
import { ApplyPatchOperationSchema, ShellActionSchema, type ToolCall, type ToolOutcome, type Usage } from '../shared/events';
import {
  HistoryItemSchema,
  ShellCommandOutputSchema,
  isToolCall,
  isToolOutput,
  toHistoryItem,
  unansweredCalls,
  type HistoryItem,
  type RawItem,
} from './history';
import type { Host, HostContext } from './host';
import { buildInstructions } from './instructions';
import type { InstructionSource } from './projectInstructions';
import { DEFAULT_MODEL, ZERO_USAGE, addUsage, effortRetry, modelInfo, usageFor, type TokenCounts } from './models';
import { createOpenAIClient, resolveProvider, type ProviderConfig } from './providers';
import { ResponsesClient, type StreamSink, type TurnResult } from './responses/client';
import { ModelFailure, RequestCancelled } from './responses/failure';
import { GENERIC_HINTS, explainFailure, shortReason, type HostHints } from './responses/failureMessage';
import type { RetryOptions } from './responses/retryPolicy';
import { SESSION_FILE_VERSION, type SessionRecord, type SessionStore } from './sessionStore';
import { DEFAULT_DENY, type CommandPolicy } from './shell/policy';
import { cancelledPatch, runApplyPatch } from './tools/applyPatch';
import { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_MAX_OUTPUT, cancelledShell, runShell } from './tools/shell';
import type { ChatCompletionCreateParamsStreaming, ChatCompletionTool } from 'openai/resources/chat/completions';
import { chatMessages } from './responses/chatMessages';
import { markProducer, replayInput } from './responses/replay';
import { runApplyPatchFunction, runShellFunction } from './tools/agentFunctionCalls';
import { APPLY_PATCH_FUNCTION, SHELL_FUNCTION, agentFunctionCall } from './tools/agentFunctions';
import { chooseDialect, fallsBackToChat, type DialectMemory, type DialectSetting, type ToolDialect } from './tools/dialect';
import type { FunctionTool, FunctionToolSource } from './tools/functionTool';
import { cancelledHostTool, declareFunctionTool, runHostTool, usableHostTools, type FunctionToolDeclaration } from './tools/hostTools';
import type { ToolContext, ToolRun } from './tools/toolRun';
import { answerUnknownTool } from './tools/unknownTool';
import { describeSchemaError } from './schemaError';
import { UserInputSchema, titleFrom, userMessage, type UserInput } from './userInput';

export type ReasoningEffort = Effort;
export type Verbosity = 'low' | 'medium' | 'high';
export type TurnFinishReason = 'completed' | 'cancelled' | 'step_limit' | 'incomplete' | 'error';

/**
 * `stateless` (default): `store:false`, the whole history re-sent each time with the encrypted reasoning, nothing kept
 * by the provider. `previous_response_id`: the provider stores responses and only new items are sent.
 */
export type ConversationMode = 'stateless' | 'previous_response_id';

export interface SessionOptions {
  host: Host;
  provider: ProviderConfig;
  model: string;
  effort?: ReasoningEffort;
  verbosity?: Verbosity;
  reasoningSummary?: 'auto' | 'concise' | 'detailed';
  conversation?: ConversationMode;
  /** Which commands run without asking; default: ask for everything, refuse the default deny list. */
  commandPolicy?: CommandPolicy;
  /** Model requests per turn before the loop stops with `step_limit` (default 100). */
  maxSteps?: number;
  /** How error sentences tell this host's user to fix a key or a model. */
  hints?: HostHints;
  /** Where the session persists; without one it lives in memory only. */
  store?: SessionStore;
  /** A saved session to continue (from SessionStore.load). */
  resume?: SessionRecord;
  /** The id of a new session (default: a random UUID). */
  id?: string;
  /** Overrides the model table's context window (e.g. for a local model). */
  contextWindow?: number;
  /** Fraction of the window above which the history is compacted before the next request (default 0.8). */
  compactThreshold?: number;
  retry?: RetryOptions;
  idleTimeoutMs?: number;
  /** Replaces the wait between retries (tests observe server-requested delays without sleeping). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** When the model gives no timeout_ms (default 120 s). */
  commandTimeoutMs?: number;
  /** When the model gives no max_output_length (default 16,000 characters per command). */
  maxOutputLength?: number;
  /** The user's standing instructions, appended to the system prompt. */
  userInstructions?: string;
  /** Asked at the start of each turn for the standing instructions (the project's AGENTS.md, a setting); its answer is used
   * in place of userInstructions for that turn. */
  instructions?: InstructionSource;
  /** An SDK client to use instead of one built from `provider` (hosts that configure their own transport). */
  openai?: OpenAI;
  /** The fetch the clients built from `provider` use (the VS Code host logs each request's status, timing and id). */
  fetch?: typeof fetch;
  /** The host's own tools (MCP servers' and others), asked for once per turn before the first request. */
  functionTools?: FunctionToolSource;
  /** How apply_patch and shell reach the model (default `auto`: built-in on OpenAI and Azure, function tools elsewhere). */
  dialect?: DialectSetting;
  /** Where `auto` remembers endpoints without /responses (default: for this session only). */
  dialectMemory?: DialectMemory;
}

export interface TurnOutcome {
  reason: TurnFinishReason;
  /** Set when reason is `error` or `incomplete`: the sentence the user saw in the error event. */
  error?: { message: string; retryable: boolean; code?: string };
}

/** A turn's dialect and what it declares; OpenRouter runs a built-in `shell` in its own sandbox, so it never gets one. */
interface TurnTools {
  dialect: ToolDialect;
  shell: boolean;
}
const DEFAULT_MAX_STEPS = 100;
const DEFAULT_COMPACT_THRESHOLD = 0.8;
/** After a local truncation the history should leave room for a few more steps. */
const TRUNCATE_TARGET = 0.5;

export class Session implements StreamSink {
  readonly id: string;
  model: string;
  effort: ReasoningEffort;
  verbosity: Verbosity;
  commandPolicy: CommandPolicy;
  userInstructions: string | undefined;

  private readonly host: Host;
  private readonly options: SessionOptions;
  private provider: ProviderConfig;
  private client: ResponsesClient | undefined;
  private historyItems: HistoryItem[];
  private sessionTitle: string;
  private readonly createdAt: string;
  private previousResponseId: string | null;
  private sentCount: number;
  private sessionUsage: Usage;
  private turnUsage: Usage = ZERO_USAGE;
  private lastContextTokens: number;
  private active: AbortController | undefined;
  /** Calls announced with tool_call_started during the current stream, finished if the stream fails. */
  private readonly announced = new Set<string>();
  private saveProblem: string | undefined;
  /** The host's tools for the running turn. */
  private hostTools: readonly FunctionTool[] = [];
  private tools: TurnTools = { dialect: 'builtin', shell: true };
  private readonly sessionDialects = new Map<string, ToolDialect>();

  constructor(options: SessionOptions) {
    this.options = options;
    this.host = options.host;
    this.provider = options.provider;
    const saved = options.resume;
    this.id = saved?.id ?? options.id ?? randomUUID();
    this.model = options.model || saved?.model || DEFAULT_MODEL;
    this.effort = options.effort ?? 'medium';
    this.verbosity = options.verbosity ?? 'medium';
    this.commandPolicy = options.commandPolicy ?? { mode: 'ask', allow: [], deny: [...DEFAULT_DENY] };
    this.userInstructions = options.userInstructions;
    this.historyItems = saved ? [...saved.history] : [];
    this.sessionTitle = saved?.title ?? '';
    this.createdAt = saved?.createdAt ?? new Date().toISOString();
    this.previousResponseId = saved?.previousResponseId ?? null;
    this.sentCount = saved?.sentCount ?? 0;
    this.sessionUsage = saved?.usage ?? ZERO_USAGE;
    this.lastContextTokens = saved?.contextTokens ?? 0;
    if (options.openai) this.client = this.clientFor(options.openai);
  }

  get title(): string {
    return this.sessionTitle || 'New session';
  }

  /** The conversation as the model sees it; read-only, replaced (not mutated) by compaction. */
  get history(): readonly HistoryItem[] {
    return this.historyItems;
  }

  get usage(): Usage {
    return this.sessionUsage;
  }

  get contextTokens(): number {
    return this.lastContextTokens;
  }

  get contextWindow(): number {
    return this.options.contextWindow ?? modelInfo(this.model).contextWindow;
  }

  /** What of the window the input may fill: the rest is kept for the answer (272K of GPT-5's 400K). Compaction aims below it. */
  get inputLimit(): number {
    return this.options.contextWindow ?? modelInfo(this.model).inputLimit;
  }

  /** The dialect of the last (or running) turn; before the first turn, the one it would start with. */
  get dialect(): ToolDialect {
    return this.active ? this.tools.dialect : this.startingDialect();
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  /** True when the model has not answered the last user message or tool output (after an error, a cancel, a crash). */
  get canRetry(): boolean {
    const last = this.historyItems[this.historyItems.length - 1];
    if (!last) return false;
    return (last.type === 'message' && (last as RawItem)['role'] === 'user') || last.type.endsWith('_output');
  }

  /** Switches provider (or key) for the next turn. */
  setProvider(provider: ProviderConfig): void {
    this.provider = provider;
    this.client = undefined;
  }

  /** Sends a prompt and runs the loop until the model stops calling tools. Never rejects for model failures: they arrive as events. */
  send(input: string | UserInput, signal?: AbortSignal): Promise<TurnOutcome> {
    if (typeof input !== 'string') {
      // Attachments come from the chat's webview: checked here so a bad image never reaches the provider as a 400.
      const checked = UserInputSchema.safeParse(input);
      if (!checked.success) return Promise.reject(new Error(`The message was not sent: ${describeSchemaError(checked.error)}.`));
      input = checked.data;
    }
    return this.runTurn(input, signal);
  }

  /** Runs the loop again from where it stopped (after an error or a cancel), without a new prompt. */
  retry(signal?: AbortSignal): Promise<TurnOutcome> {
    if (!this.canRetry) return Promise.reject(new Error('There is nothing to retry: the model already answered the last message.'));
    return this.runTurn(undefined, signal);
  }

  /** Stops the running turn at once: the request is aborted, running commands are killed, pending reviews are withdrawn. */
  cancel(): void {
    this.active?.abort();
  }

  async rename(title: string): Promise<void> {
    const trimmed = title.trim();
    if (trimmed === '') return;
    this.sessionTitle = trimmed;
    this.persist();
    await this.flush();
  }

  /** Resolves when everything saved so far is on disk. */
  async flush(): Promise<void> {
    await this.options.store?.flush(this.id);
  }

  toRecord(): SessionRecord {
    return {
      version: SESSION_FILE_VERSION,
      id: this.id,
      title: this.title,
      model: this.model,
      createdAt: this.createdAt,
      updatedAt: new Date().toISOString(),
      workspaceRoots: [...this.host.workspaceRoots],
      history: [...this.historyItems],
      previousResponseId: this.previousResponseId,
      sentCount: this.sentCount,
      usage: this.sessionUsage,
      contextTokens: this.lastContextTokens,
    };
  }

  // ---- StreamSink: called for every stream event, so each does the minimum.

  textDelta(itemId: string, delta: string): void {
    this.host.emit({ type: 'text_delta', itemId, delta });
  }

  textDone(itemId: string, text: string): void {
    this.host.emit({ type: 'text_done', itemId, text });
  }

  reasoningDelta(itemId: string, summaryIndex: number, delta: string): void {
    this.host.emit({ type: 'reasoning_delta', itemId, summaryIndex, delta });
  }

  reasoningDone(itemId: string, summaryIndex: number, text: string): void {
    this.host.emit({ type: 'reasoning_done', itemId, summaryIndex, text });
  }

  itemDone(item: RawItem): void {
    const call = announceable(item, this.tools.dialect);
    if (!call) return;
    this.announced.add(call.callId);
    this.host.emit({ type: 'tool_call_started', call });
  }

  retrying(attempt: number, delayMs: number, failure: ModelFailure): void {
    this.host.emit({ type: 'retrying', attempt, delayMs, reason: shortReason(failure) });
  }

  // ---- The loop.

  private async runTurn(input: string | UserInput | undefined, external: AbortSignal | undefined): Promise<TurnOutcome> {
    if (this.active) throw new Error('A turn is already running in this session: wait for it to finish or cancel it.');
    const controller = new AbortController();
    this.active = controller;
    const forwardAbort = () => controller.abort();
    if (external?.aborted) controller.abort();
    external?.addEventListener('abort', forwardAbort, { once: true });
    const signal = controller.signal;
    const turnId = randomUUID();
    this.turnUsage = ZERO_USAGE;
    this.host.emit({ type: 'turn_started', turnId, model: this.model, ...(input === undefined ? { retry: true } : {}) });
    let outcome: TurnOutcome;
    try {
      outcome = await this.loop(input, signal);
    } catch (error) {
      // A bug or a host that threw: the session must stay usable, and the user must learn what happened.
      const detail = (error instanceof Error ? error.message : String(error)).replace(/[.\s]+$/, '');
      const message = `Codewright hit an internal error (${detail}). Retry, or start a new session if it persists.`;
      this.host.emit({ type: 'error', message, retryable: true, code: 'internal' });
      outcome = { reason: 'error', error: { message, retryable: true, code: 'internal' } };
    } finally {
      external?.removeEventListener('abort', forwardAbort);
      this.active = undefined;
      this.announced.clear();
      this.hostTools = [];
    }
    this.persist();
    await this.flush();
    this.host.emit({ type: 'turn_finished', turnId, reason: outcome.reason });
    return outcome;
  }

  private async loop(input: string | UserInput | undefined, signal: AbortSignal): Promise<TurnOutcome> {
    this.answerOrphans();
    if (input !== undefined) {
      if (!this.sessionTitle) this.sessionTitle = titleFrom(input);
      this.historyItems.push(userMessage(input));
      this.persist();
    }
    let client: ResponsesClient;
    try {
      client = this.ensureClient();
    } catch (error) {
      return this.failed(error);
    }
    this.hostTools = await this.loadHostTools(signal);
    if (signal.aborted) return { reason: 'cancelled' };
    this.tools = { dialect: this.startingDialect(), shell: this.endpoint().kind !== 'openrouter' };
    const instructions = buildInstructions({
      workspaceRoots: this.host.workspaceRoots,
      platform: process.platform,
      context: await this.hostContext(),
      extra: await this.standingInstructions(input, signal),
      tools: this.tools,
    });

    let compactedForOverflow = false;
    let effortRetried = false;
    for (let step = 0; step < (this.options.maxSteps ?? DEFAULT_MAX_STEPS);) {
      if (signal.aborted) return { reason: 'cancelled' };
      let result: TurnResult;
      try {
        if (this.lastContextTokens >= this.inputLimit * (this.options.compactThreshold ?? DEFAULT_COMPACT_THRESHOLD)) {
          await this.compact(client, instructions, signal);
        }
        result =
          this.tools.dialect === 'chat'
            ? await client.streamChat(this.chatRequestBody(instructions), this, signal)
            : await client.stream(this.requestBody(instructions), this, signal);
      } catch (error) {
        this.finishAnnounced(signal.aborted ? 'cancelled' : 'failed');
        if (error instanceof RequestCancelled || signal.aborted) return { reason: 'cancelled' };
        if (this.fallsBackToChat(error)) {
          await this.rememberChat();
          continue;
        }
        if (error instanceof ModelFailure && error.kind === 'context_length' && !compactedForOverflow) {
          compactedForOverflow = true;
          try {
            await this.compact(client, instructions, signal);
          } catch (compactError) {
            if (compactError instanceof RequestCancelled) return { reason: 'cancelled' };
            return this.failed(compactError);
          }
          continue;
        }
        // A server that rejects the effort names the levels it takes: retry once with the nearest, and say so.
        const fix =
          error instanceof ModelFailure && error.kind === 'bad_request' && !effortRetried
            ? effortRetry(this.model, this.effort, error.message)
            : undefined;
        if (fix) {
          effortRetried = true;
          this.effort = fix.effort;
          this.host.emit({ type: 'retrying', attempt: 1, delayMs: 0, reason: fix.notice });
          continue;
        }
        return this.failed(error);
      }
      step++;
      compactedForOverflow = false;
      this.absorb(result);
      const ranElsewhere = new Set(
        result.output.filter((item) => isToolOutput(item as HistoryItem)).map((item) => String(item['call_id'])),
      );
      const allCalls = result.output.filter(
        (item): item is RawItem & { call_id: string } => typeof item['call_id'] === 'string' && isToolCall(item as HistoryItem),
      );
      // A call the provider already ran (OpenRouter's hosted shell) is shown as run there and never run again here.
      for (const call of allCalls) if (ranElsewhere.has(call.call_id)) this.showRunByProvider(call, result.output);
      const calls = allCalls.filter((call) => !ranElsewhere.has(call.call_id));

      if (result.status === 'incomplete') {
        for (const call of calls)
          this.record(call, this.notRun(call, 'The response was cut off before this call was complete, so it was not run.'));
        const reason = result.incompleteReason ?? 'unknown';
        const message =
          reason === 'content_filter'
            ? "The answer was stopped by the provider's content filter. Rephrase the request and send it again."
            : `The answer stopped early (${reason}): send "continue" to let the model carry on.`;
        this.host.emit({ type: 'error', message, retryable: false, code: reason });
        return { reason: 'incomplete', error: { message, retryable: false, code: reason } };
      }
      if (calls.length === 0) return { reason: 'completed' };

      for (const call of calls) this.record(call, signal.aborted ? this.cancelled(call) : await this.runCall(call, signal));
      if (signal.aborted) return { reason: 'cancelled' };
    }
    return { reason: 'step_limit' };
  }

  private requestBody(instructions: string): ResponseCreateParamsStreaming {
    const chained = this.options.conversation === 'previous_response_id';
    const continuing = chained && this.previousResponseId !== null;
    const input = this.replay(continuing ? this.historyItems.slice(this.sentCount) : this.historyItems);
    return {
      model: this.model,
      instructions,
      // Replayed history items are Responses API input items, validated when they entered the history.
      input: input as unknown as ResponseInputItem[],
      tools: this.declaredTools() as ResponseCreateParamsStreaming['tools'],
      reasoning: { effort: this.effort, summary: this.options.reasoningSummary ?? 'auto' },
      text: { verbosity: this.verbosity },
      stream: true,
      stream_options: { include_obfuscation: false },
      store: chained,
      ...(chained ? {} : { include: ['reasoning.encrypted_content'] }),
      ...(continuing ? { previous_response_id: this.previousResponseId } : {}),
      prompt_cache_key: this.id,
    };
  }

  private chatRequestBody(instructions: string): ChatCompletionCreateParamsStreaming {
    const tools: ChatCompletionTool[] = this.declaredTools().flatMap((tool) =>
      tool.type === 'function'
        ? [{ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }]
        : [],
    );
    return {
      model: this.model,
      messages: chatMessages(instructions, this.replay(this.historyItems)),
      tools,
      stream: true,
      stream_options: { include_usage: true },
    };
  }

  /** The tools this turn's dialect declares: the agent's two, then the host's. */
  private declaredTools(): (FunctionToolDeclaration | { type: 'apply_patch' } | { type: 'shell' })[] {
    const host = this.hostTools.map(declareFunctionTool);
    if (this.tools.dialect !== 'builtin') return [APPLY_PATCH_FUNCTION, SHELL_FUNCTION, ...host];
    return [{ type: 'apply_patch' }, ...(this.tools.shell ? [{ type: 'shell' as const }] : []), ...host];
  }

  private replay(items: readonly HistoryItem[]): RawItem[] {
    // Azure rejects ids under store:false, reasoning ids included; elsewhere the reasoning id travels with its encrypted content.
    const reasoningIds = this.options.conversation === 'previous_response_id' || this.endpoint().kind !== 'azure';
    return replayInput(items, { dialect: this.tools.dialect, producer: this.producer(), reasoningIds });
  }

  /** Who produces this turn's reasoning: an endpoint and a model. Encrypted reasoning is only readable by its producer. */
  private producer(): string {
    return `${this.endpoint().baseURL} ${this.model}`;
  }

  /** Where the requests go; a provider config that cannot be resolved has failed the turn already in ensureClient. */
  private endpoint(): { kind: string; baseURL: string; defaultDialect: 'builtin' | 'function' } {
    try {
      const resolved = resolveProvider(this.provider);
      return { kind: resolved.kind, baseURL: resolved.baseURL, defaultDialect: resolved.defaultDialect };
    } catch {
      return { kind: this.provider.kind, baseURL: this.provider.baseURL ?? '', defaultDialect: 'function' };
    }
  }

  private startingDialect(): ToolDialect {
    const endpoint = this.endpoint();
    const memory = this.options.dialectMemory ?? {
      get: (baseURL: string) => this.sessionDialects.get(baseURL),
      set: async (baseURL: string, dialect: ToolDialect) => void this.sessionDialects.set(baseURL, dialect),
    };
    return chooseDialect(this.options.dialect ?? 'auto', endpoint, memory);
  }

  /** In `auto`, an endpoint whose /responses answers 404 or 405 is talked to over Chat Completions instead. */
  private fallsBackToChat(error: unknown): boolean {
    return fallsBackToChat(this.options.dialect ?? 'auto', this.tools.dialect, error);
  }

  private async rememberChat(): Promise<void> {
    this.tools = { ...this.tools, dialect: 'chat' };
    const { baseURL } = this.endpoint();
    this.sessionDialects.set(baseURL, 'chat');
    try {
      await this.options.dialectMemory?.set(baseURL, 'chat');
    } catch {
      // Only a shortcut for the next session: this one carries on over Chat Completions either way.
    }
  }

  /** A call the provider ran itself, with its output in the same response: the host shows it as run there. */
  private showRunByProvider(call: RawItem & { call_id: string }, output: readonly RawItem[]): void {
    const answer = output.find((item) => isToolOutput(item as HistoryItem) && item['call_id'] === call.call_id);
    const entries = Array.isArray(answer?.['output'])
      ? answer['output'].flatMap((e) => ShellCommandOutputSchema.safeParse(e).data ?? [])
      : [];
    const text = entries.map((e) => e.stdout + e.stderr).join('');
    const ends = entries.map((e) => (e.outcome.type === 'exit' ? `exit ${e.outcome.exit_code}` : 'timed out'));
    const provider = this.failureContext().provider;
    this.host.emit({ type: 'tool_call_updated', callId: call.call_id, status: 'ran_by_provider', ...(text ? { outputDelta: text } : {}) });
    this.announced.delete(call.call_id);
    this.host.emit({
      type: 'tool_call_finished',
      callId: call.call_id,
      outcome: 'completed',
      summary: `Run by ${provider}, not on this machine${ends.length ? `: ${ends.join(', ')}` : ''}`,
    });
  }

  /** Adds a finished response to the history and the usage totals. */
  private absorb(result: TurnResult): void {
    const producer = this.producer();
    for (const item of result.output) {
      const parsed = HistoryItemSchema.safeParse(toHistoryItem(markProducer(item, producer)));
      if (parsed.success) this.historyItems.push(parsed.data);
    }
    this.previousResponseId = result.responseId || null;
    this.sentCount = this.historyItems.length;
    if (result.usage) {
      this.charge(result.usage);
      this.lastContextTokens = result.usage.inputTokens + result.usage.outputTokens;
    } else {
      this.lastContextTokens = estimateTokens(this.historyItems);
    }
    this.emitUsage();
    this.persist();
  }

  private charge(counts: TokenCounts): void {
    const usage = usageFor(counts, modelInfo(this.model).price);
    this.turnUsage = addUsage(this.turnUsage, usage);
    this.sessionUsage = addUsage(this.sessionUsage, usage);
  }

  private emitUsage(): void {
    this.host.emit({
      type: 'usage',
      turn: this.turnUsage,
      session: this.sessionUsage,
      contextTokens: this.lastContextTokens,
      contextWindow: this.contextWindow,
    });
  }

  private async runCall(call: RawItem & { call_id: string }, signal: AbortSignal): Promise<ToolRun> {
    const ctx: ToolContext = { host: this.host, root: this.host.workspaceRoots[0], signal, emit: (event) => this.host.emit(event) };
    const undeclared = this.undeclared(call);
    if (undeclared) return this.notRun(call, undeclared);
    switch (call.type) {
      case 'apply_patch_call':
        return runApplyPatch(call.call_id, call['operation'], ctx);
      case 'shell_call':
        return runShell(call.call_id, call['action'], ctx, this.shellSettings());
      default: {
        const args = String(call['arguments'] ?? '');
        if (this.isAgentFunction(call)) {
          return call['name'] === 'apply_patch'
            ? runApplyPatchFunction(call.call_id, args, ctx)
            : runShellFunction(call.call_id, args, ctx, this.shellSettings());
        }
        const tool = this.hostToolFor(call);
        return tool ? runHostTool(tool, call.call_id, args, ctx) : answerUnknownTool(call);
      }
    }
  }

  private shellSettings() {
    return {
      policy: this.commandPolicy,
      defaultTimeoutMs: this.options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      defaultMaxOutput: this.options.maxOutputLength ?? DEFAULT_MAX_OUTPUT,
    };
  }

  /** Why a built-in call is not run: the request did not offer that tool (a provider that answers with it anyway is ignored). */
  private undeclared(call: RawItem): string | undefined {
    const offered = this.tools.dialect === 'builtin' && (call.type === 'apply_patch_call' || this.tools.shell);
    if ((call.type === 'apply_patch_call' || call.type === 'shell_call') && !offered) {
      const tool = call.type === 'apply_patch_call' ? 'apply_patch' : 'shell';
      return `This request did not offer the built-in ${tool} tool, so the call was not run. Use the ${tool} function tool instead.`;
    }
    return undefined;
  }

  private isAgentFunction(call: RawItem): boolean {
    return (
      this.tools.dialect !== 'builtin' && call.type === 'function_call' && (call['name'] === 'apply_patch' || call['name'] === 'shell')
    );
  }

  private hostToolFor(call: RawItem): FunctionTool | undefined {
    return call.type === 'function_call' ? this.hostTools.find((tool) => tool.name === call['name']) : undefined;
  }

  /** The host's tools for this turn; a source that fails costs the turn those tools, not the turn itself. */
  private async loadHostTools(signal: AbortSignal): Promise<readonly FunctionTool[]> {
    const source = this.options.functionTools;
    if (!source) return [];
    try {
      // A server that could not start is said in the turn (the chat, the CLI's stderr); the others' tools are still offered.
      const report = (problem: string) => this.host.emit({ type: 'error', message: problem, retryable: false, code: 'tools_unavailable' });
      return usableHostTools(await source(signal, report));
    } catch (error) {
      if (signal.aborted) return [];
      const message = `The extra tools could not be started (${errorText(error).replace(/[.\s]+$/, '')}), so this turn goes on without them.`;
      this.host.emit({ type: 'error', message, retryable: false, code: 'tools_unavailable' });
      return [];
    }
  }

  private cancelled(call: RawItem & { call_id: string }): ToolRun {
    switch (call.type) {
      case 'apply_patch_call':
        return cancelledPatch(call.call_id);
      case 'shell_call':
        return cancelledShell(call.call_id, call['action']);
      default:
        return this.hostToolFor(call) ? cancelledHostTool(call.call_id) : answerUnknownTool(call, true);
    }
  }

  /** An output for a call that will never run, with the reason in place of the cancellation text. */
  private notRun(call: RawItem & { call_id: string }, reason: string): ToolRun {
    const run = this.cancelled(call);
    const output = run.output;
    if (output.type === 'shell_call_output') {
      return {
        ...run,
        outcome: 'failed',
        summary: 'Not run',
        output: { ...output, output: output.output.map((e) => ({ ...e, stderr: reason })) },
      };
    }
    return { ...run, outcome: 'failed', summary: 'Not run', output: { ...output, output: reason } };
  }

  private record(call: RawItem & { call_id: string }, run: ToolRun): void {
    this.historyItems.push(run.output);
    this.announced.delete(call.call_id);
    this.host.emit({ type: 'tool_call_finished', callId: call.call_id, outcome: run.outcome, summary: run.summary });
    this.persist();
  }

  /** Calls left without an output (the app closed mid-turn) are answered before anything else is sent. */
  private answerOrphans(): void {
    for (const call of unansweredCalls(this.historyItems)) {
      const run = this.notRun(call, 'This call was interrupted (the session was closed before it finished), so it was not run.');
      this.historyItems.push(run.output);
    }
  }

  /** Calls shown to the user from a stream that then failed: they end as cancelled or failed, with no output (the model never made them). */
  private finishAnnounced(outcome: ToolOutcome): void {
    for (const callId of this.announced) {
      this.host.emit({
        type: 'tool_call_finished',
        callId,
        outcome,
        summary: outcome === 'cancelled' ? 'Cancelled' : 'Not run: the response failed',
      });
    }
    this.announced.clear();
  }

  private async compact(client: ResponsesClient, instructions: string, signal: AbortSignal): Promise<void> {
    const tokensBefore = this.lastContextTokens || estimateTokens(this.historyItems);
    // Chat Completions servers have no /responses/compact to ask.
    const compacted = this.tools.dialect === 'chat' ? undefined : await this.compactOnServer(client, instructions, signal);
    const method = compacted ? 'server' : 'truncate';
    // Providers without /responses/compact (404/405/501), or a compaction that failed: shrink locally instead.
    this.historyItems = compacted ?? truncateHistory(this.historyItems, Math.floor(this.inputLimit * TRUNCATE_TARGET));
    this.previousResponseId = null;
    this.sentCount = 0;
    this.lastContextTokens = estimateTokens(this.historyItems);
    this.host.emit({ type: 'compacted', tokensBefore, method });
    this.emitUsage();
    this.persist();
  }

  /** The history as the provider compacted it, or undefined when it could not. */
  private async compactOnServer(client: ResponsesClient, instructions: string, signal: AbortSignal): Promise<HistoryItem[] | undefined> {
    try {
      const input = this.replay(this.historyItems) as unknown as ResponseInputItem[];
      const compacted = await client.compact({ model: this.model, input, instructions }, signal);
      if (compacted.usage) this.charge(compacted.usage);
      return compacted.output.flatMap((item) => HistoryItemSchema.safeParse(toHistoryItem(item)).data ?? []);
    } catch (error) {
      if (error instanceof RequestCancelled) throw error;
      return undefined;
    }
  }

  private failed(error: unknown): TurnOutcome {
    let message: string;
    let retryable: boolean;
    let code: string;
    if (error instanceof ModelFailure) {
      message = explainFailure(error, this.failureContext());
      retryable = error.retryable;
      code = error.code ?? error.kind;
    } else {
      message = error instanceof Error ? error.message : String(error);
      retryable = false;
      code = 'configuration';
    }
    this.host.emit({ type: 'error', message, retryable, code });
    return { reason: 'error', error: { message, retryable, code } };
  }

  private failureContext() {
    let name: string = this.provider.name || this.provider.kind;
    let baseURL = this.provider.baseURL ?? '';
    try {
      const resolved = resolveProvider(this.provider);
      name = resolved.name;
      baseURL = resolved.baseURL;
    } catch {
      // The provider config is broken; the sentence uses what was given.
    }
    return { provider: name, baseURL, model: this.model, hints: this.options.hints ?? GENERIC_HINTS };
  }

  private ensureClient(): ResponsesClient {
    this.client ??= this.clientFor(createOpenAIClient(this.provider, this.options.fetch ? { fetch: this.options.fetch } : {}));
    return this.client;
  }

  private clientFor(openai: OpenAI): ResponsesClient {
    return new ResponsesClient(openai, {
      ...(this.options.retry ? { retry: this.options.retry } : {}),
      ...(this.options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: this.options.idleTimeoutMs }),
      ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
    });
  }

  /** The turn's standing instructions: the host's source when it has one; a source that fails leaves userInstructions. */
  private async standingInstructions(input: string | UserInput | undefined, signal: AbortSignal): Promise<string | undefined> {
    const source = this.options.instructions;
    if (!source) return this.userInstructions;
    const given = typeof input === 'string' ? { text: input } : input;
    try {
      return await source({ prompt: given?.text ?? '', files: given?.files?.map((file) => file.path) ?? [] }, signal);
    } catch {
      return this.userInstructions;
    }
  }

  private async hostContext(): Promise<HostContext> {
    try {
      return (await this.host.context?.()) ?? {};
    } catch {
      return {};
    }
  }

  /** Saves in the background; a failure is reported once as an error event, and the conversation carries on. */
  private persist(): void {
    const store = this.options.store;
    if (!store) return;
    store.save(this.toRecord()).then(
      () => {
        this.saveProblem = undefined;
      },
      (error: unknown) => {
        const message = `${error instanceof Error ? error.message : String(error)} The conversation continues, but will not survive a restart until saving works again.`;
        if (message === this.saveProblem) return;
        this.saveProblem = message;
        this.host.emit({ type: 'error', message, retryable: false, code: 'save_failed' });
      },
    );
  }
}

/** The tool_call_started payload for a call whose arguments are valid; undefined for other items and invalid calls. */
function announceable(item: RawItem, dialect: ToolDialect): ToolCall | undefined {
  const callId = item['call_id'];
  if (typeof callId !== 'string') return undefined;
  if (item.type === 'function_call' && dialect !== 'builtin') {
    const agentCall = agentFunctionCall(callId, item['name'], String(item['arguments'] ?? ''));
    if (agentCall) return agentCall;
  }
  switch (item.type) {
    case 'apply_patch_call': {
      const operation = ApplyPatchOperationSchema.safeParse(item['operation']);
      return operation.success ? { kind: 'apply_patch', callId, operation: operation.data } : undefined;
    }
    case 'shell_call': {
      const action = ShellActionSchema.safeParse(item['action']);
      return action.success ? { kind: 'shell', callId, action: action.data } : undefined;
    }
    case 'function_call':
      return { kind: 'function', callId, name: String(item['name'] ?? ''), arguments: String(item['arguments'] ?? '') };
    case 'custom_tool_call':
      return { kind: 'function', callId, name: String(item['name'] ?? ''), arguments: String(item['input'] ?? '') };
    default:
      return undefined;
  }
}
