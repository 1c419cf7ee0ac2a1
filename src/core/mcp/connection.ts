// One MCP server: started through the official SDK (stdio child process or streamable HTTP), its tools listed, calls made
// with a timeout. Whatever goes wrong (a command that does not exist, a process that exits, a server that hangs or writes
// something that is not JSON-RPC) ends as one sentence naming the server, never as a hang or an exception the chat cannot show.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { errorText } from '../../shared/errorText';
import type { McpServerConfig } from './config';

export type McpServerState = 'stopped' | 'starting' | 'running' | 'failed';

export interface McpToolInfo {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface McpConnectionOptions {
  /** For each call (the setting; 60 s by default). */
  timeoutMs: number;
  /** For the handshake and the tool list. */
  startTimeoutMs: number;
  clientName: string;
  clientVersion: string;
  /** Called whenever the state, the problem or the tool list changes. */
  onChange?: () => void;
}

/** A call that could not be made or did not finish; the message is the sentence for the chat and the model. */
export class McpCallError extends Error {
  override readonly name = 'McpCallError';
}

const STDERR_KEEP = 2_000;

export class McpConnection {
  readonly config: McpServerConfig;
  private readonly options: McpConnectionOptions;
  private currentState: McpServerState = 'stopped';
  private currentProblem: string | undefined;
  private toolList: McpToolInfo[] = [];
  private client: Client | undefined;
  private starting: Promise<void> | undefined;
  private stderrTail = '';
  /** Set when the server wrote something that is not JSON-RPC; the connection is then closed. */
  private garbage: string | undefined;
  /** A server that ran and then stopped is started again when next needed; one that never started waits for a restart. */
  private startable = true;

  constructor(config: McpServerConfig, options: McpConnectionOptions) {
    this.config = config;
    this.options = options;
  }

  get state(): McpServerState {
    return this.currentState;
  }

  /** Why the server is down, as one sentence; undefined while it is fine. */
  get problem(): string | undefined {
    return this.currentProblem;
  }

  get tools(): readonly McpToolInfo[] {
    return this.toolList;
  }

  /** Starts the server and lists its tools; concurrent callers share one start. Resolves even when the start fails. */
  ensureStarted(): Promise<void> {
    if (this.currentState === 'running') return Promise.resolve();
    if (this.starting) return this.starting;
    if (this.currentState === 'failed' && !this.startable) return Promise.resolve();
    this.starting = this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Stops the server (if running) and clears a failure, so the next ensureStarted tries again. */
  async restart(): Promise<void> {
    await this.stop();
    this.startable = true;
    this.currentProblem = undefined;
    await this.ensureStarted();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (this.currentState !== 'failed') this.currentState = 'stopped';
    this.toolList = [];
    if (client) await client.close().catch(() => undefined);
    this.options.onChange?.();
  }

  /** Calls a tool; rejects with an McpCallError (the sentence) or, when `signal` aborts, with an AbortError. */
  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult> {
    await this.ensureStarted();
    const client = this.client;
    if (!client || this.currentState !== 'running')
      throw new McpCallError(this.currentProblem ?? `The MCP server "${this.config.name}" is not running.`);
    // A turn's signal outlives many calls: each call gets its own, unhooked when it ends, so listeners do not pile up on it.
    const controller = new AbortController();
    const forward = () => controller.abort();
    signal.addEventListener('abort', forward, { once: true });
    try {
      const result = await client.callTool({ name: tool, arguments: args }, undefined, {
        timeout: this.options.timeoutMs,
        signal: controller.signal,
      });
      return result as CallToolResult;
    } catch (error) {
      if (signal.aborted) throw abortError();
      throw new McpCallError(this.callFailure(tool, error));
    } finally {
      signal.removeEventListener('abort', forward);
    }
  }

  private async start(): Promise<void> {
    this.currentState = 'starting';
    this.currentProblem = undefined;
    this.garbage = undefined;
    this.stderrTail = '';
    this.options.onChange?.();
    const client = new Client({ name: this.options.clientName, version: this.options.clientVersion }, { capabilities: {} });
    client.onerror = (error) => this.onTransportError(client, error);
    client.onclose = () => this.onClosed(client);
    this.client = client;
    try {
      await client.connect(this.transport(), { timeout: this.options.startTimeoutMs });
      const listed = await client.listTools(undefined, { timeout: this.options.startTimeoutMs });
      if (this.client !== client) return;
      this.toolList = listed.tools.map((tool) => ({
        name: tool.name,
        description: tool.description ?? tool.title ?? '',
        inputSchema: { ...tool.inputSchema },
      }));
      this.currentState = 'running';
      this.options.onChange?.();
    } catch (error) {
      if (this.client !== client) return;
      this.client = undefined;
      this.fail(this.startFailure(error), false);
      await client.close().catch(() => undefined);
    }
  }

  private transport(): Transport {
    const config = this.config;
    if (config.type === 'http') return new StreamableHTTPClientTransport(new URL(config.url), { requestInit: { headers: config.headers } });
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(config.env)) if (value !== null) env[key] = value;
    const transport = new StdioClientTransport({
      command: config.command,
      args: config.args,
      env,
      stderr: 'pipe',
      ...(config.cwd ? { cwd: config.cwd } : {}),
    });
    transport.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    return transport;
  }

  private onTransportError(client: Client, error: Error): void {
    if (this.client !== client) return;
    // The SDK reports a line it cannot parse as JSON-RPC here and drops it; the answer it stood for would never come.
    if (error instanceof SyntaxError || error.name === 'ZodError' || error.name === '$ZodError') {
      this.garbage ??= firstLine(error.message);
      void client.close().catch(() => undefined);
    }
  }

  private onClosed(client: Client): void {
    // While starting, the pending handshake fails with the close and start() reports it.
    if (this.client !== client || this.currentState === 'starting') return;
    this.client = undefined;
    this.fail(this.garbage ? this.garbageSentence() : `The MCP server "${this.config.name}" stopped${this.stderrDetail()}.`, true);
  }

  private fail(problem: string, startable: boolean): void {
    this.currentState = 'failed';
    this.currentProblem = problem;
    this.startable = startable;
    this.toolList = [];
    this.options.onChange?.();
  }

  private startFailure(error: unknown): string {
    const name = this.config.name;
    if (this.garbage) return this.garbageSentence();
    if (isCode(error, ErrorCode.RequestTimeout))
      return `The MCP server "${name}" did not answer within ${seconds(this.options.startTimeoutMs)} s of starting, so it was stopped.`;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (this.config.type === 'stdio' && code === 'ENOENT') {
      const command = this.config.command;
      return `The MCP server "${name}" could not be started: the command "${command}" was not found (check ${this.config.source}).`;
    }
    if (isCode(error, ErrorCode.ConnectionClosed)) return `The MCP server "${name}" exited while starting${this.stderrDetail()}.`;
    if (this.config.type === 'http')
      return `The MCP server "${name}" at ${this.config.url} could not be reached (${trimmed(errorText(error))}).`;
    return `The MCP server "${name}" could not be started (${trimmed(errorText(error))})${this.stderrDetail()}.`;
  }

  private callFailure(tool: string, error: unknown): string {
    const name = this.config.name;
    if (this.garbage) return this.garbageSentence();
    if (isCode(error, ErrorCode.RequestTimeout))
      return `The MCP server "${name}" did not answer ${tool} within ${seconds(this.options.timeoutMs)} s, so the call was abandoned.`;
    if (isCode(error, ErrorCode.ConnectionClosed) || this.currentState === 'failed') {
      return `The MCP server "${name}" stopped while running ${tool}${this.stderrDetail()}.`;
    }
    if (error instanceof McpError) return `The MCP server "${name}" refused the call to ${tool}: ${trimmed(error.message)}.`;
    return `The call to ${tool} on the MCP server "${name}" failed (${trimmed(errorText(error))}).`;
  }

  private garbageSentence(): string {
    const name = this.config.name;
    return `The MCP server "${name}" sent a message that is not valid JSON-RPC (${this.garbage}), so Codewright disconnected it.`;
  }

  private stderrDetail(): string {
    const last = this.stderrTail
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-2)
      .join(' / ');
    if (last === '') return '';
    return ` (its last output: ${last.length > 300 ? `…${last.slice(-300)}` : last})`;
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function isCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof McpError && error.code === code;
}

function trimmed(text: string): string {
  return text.replace(/^MCP error -?\d+: /, '').replace(/[.\s]+$/, '');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

function abortError(): Error {
  const error = new Error('The call was cancelled.');
  error.name = 'AbortError';
  return error;
}
