// The configured MCP servers as one tool source for the agent: started together when a turn first asks for the tool list,
// kept running between turns, restarted when their configuration changes, stopped on dispose. Each server tool reaches the
// model as a function tool `mcp__<server>__<tool>`; every call is approved first (unless the user trusts the server), and
// ends with exactly one result, failures included.
import * as z from 'zod/mini';
import { errorText } from '../../shared/errorText';
import type { FunctionTool, FunctionToolResult, FunctionToolSource } from '../tools/functionTool';
import type { ToolContext } from '../tools/toolRun';
import type { McpServerConfig } from './config';
import { McpCallError, McpConnection, type McpServerState } from './connection';
import { assignToolNames } from './toolNames';
import { convertToolResult } from './toolResult';

export const DEFAULT_MCP_TIMEOUT_MS = 60_000;
const MAX_DESCRIPTION = 2_000;

export interface McpApprovalRequest {
  callId: string;
  server: string;
  /** The tool's own name on its server. */
  tool: string;
  /** The name the model called (`mcp__server__tool`). */
  functionName: string;
  arguments: Record<string, unknown>;
}

export type McpApproval = { approved: true } | { approved: false; reason?: string };

/** Asks the user; rejects with an AbortError when `signal` aborts (a cancelled turn). */
export type McpApprover = (request: McpApprovalRequest, signal: AbortSignal) => Promise<McpApproval>;

export interface McpServersOptions {
  approve: McpApprover;
  /** Servers whose calls run without asking (the trusted-servers setting). */
  trustedServers?: readonly string[];
  /** Per call (default 60 s). */
  timeoutMs?: number;
  /** For a server to start and list its tools (default: timeoutMs). */
  startTimeoutMs?: number;
  /** One sentence per problem (a server that fails to start, crashes, hangs or sends garbage), for the chat and the log. */
  onProblem?: (message: string) => void;
  /** Called when a server's state or tool list changes (for a status indicator). */
  onChange?: () => void;
  clientVersion?: string;
}

export interface McpServerStatus {
  name: string;
  source: string;
  type: 'stdio' | 'http';
  state: McpServerState;
  problem?: string;
  /** The function names the model sees, with the tool's own name. */
  tools: Array<{ functionName: string; tool: string; description: string }>;
}

const ArgumentsSchema = z.record(z.string(), z.unknown());

export class McpServers {
  private readonly options: McpServersOptions;
  private connections: McpConnection[] = [];
  private readonly reported = new Set<string>();
  private trusted: ReadonlySet<string>;

  constructor(options: McpServersOptions) {
    this.options = options;
    this.trusted = new Set(options.trustedServers ?? []);
  }

  /** The agent's tool source: `functionTools` in SessionOptions. */
  readonly source: FunctionToolSource = (signal, report) => this.tools(signal, report);

  get configured(): boolean {
    return this.connections.length > 0;
  }

  /** Replaces the configuration: servers whose definition changed (or went away) are stopped; new ones start when next needed. */
  async configure(servers: readonly McpServerConfig[], trustedServers?: readonly string[]): Promise<void> {
    if (trustedServers) this.trusted = new Set(trustedServers);
    const kept: McpConnection[] = [];
    const stopping: Promise<void>[] = [];
    const byKey = new Map(this.connections.map((connection) => [keyOf(connection.config), connection]));
    for (const config of servers) {
      const existing = byKey.get(keyOf(config));
      if (existing) {
        byKey.delete(keyOf(config));
        kept.push(existing);
      } else {
        kept.push(this.connect(config));
      }
    }
    for (const dropped of byKey.values()) stopping.push(dropped.stop());
    this.connections = kept;
    this.reported.clear();
    await Promise.all(stopping);
    this.options.onChange?.();
  }

  /** Starts every server that is not running yet and returns the tools of those that run; `report` hears who failed to start. */
  async tools(signal: AbortSignal, report?: (problem: string) => void): Promise<FunctionTool[]> {
    if (this.connections.length === 0) return [];
    const started = Promise.all(this.connections.map((connection) => connection.ensureStarted()));
    let onAbort = () => undefined as void;
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    await Promise.race([started, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) return [];
    for (const connection of this.connections) {
      const problem = connection.problem;
      if (problem !== undefined && !this.reported.has(problem)) {
        this.reported.add(problem);
        (report ?? this.options.onProblem)?.(problem);
      }
    }
    return this.functionTools();
  }

  status(): McpServerStatus[] {
    const names = this.names();
    return this.connections.map((connection) => ({
      name: connection.config.name,
      source: connection.config.source,
      type: connection.config.type,
      state: connection.state,
      ...(connection.problem === undefined ? {} : { problem: connection.problem }),
      tools: connection.tools.map((tool) => ({
        functionName: names.get(connection)?.get(tool.name) ?? tool.name,
        tool: tool.name,
        description: tool.description,
      })),
    }));
  }

  /** Restarts one server by name, or all of them; a server that failed to start gets another chance. */
  async restart(name?: string): Promise<void> {
    const targets = this.connections.filter((connection) => name === undefined || connection.config.name === name);
    for (const target of targets) if (target.problem) this.reported.delete(target.problem);
    await Promise.all(targets.map((connection) => connection.restart()));
  }

  async dispose(): Promise<void> {
    const connections = this.connections;
    this.connections = [];
    await Promise.all(connections.map((connection) => connection.stop()));
  }

  private connect(config: McpServerConfig): McpConnection {
    return new McpConnection(config, {
      timeoutMs: this.options.timeoutMs ?? DEFAULT_MCP_TIMEOUT_MS,
      startTimeoutMs: this.options.startTimeoutMs ?? this.options.timeoutMs ?? DEFAULT_MCP_TIMEOUT_MS,
      clientName: 'codewright',
      clientVersion: this.options.clientVersion ?? '0.1.0',
      onChange: () => this.options.onChange?.(),
    });
  }

  /** Function names per connection and tool, assigned over all running servers at once so collisions are resolved. */
  private names(): Map<McpConnection, Map<string, string>> {
    const pairs = this.connections.flatMap((connection) =>
      connection.tools.map((tool) => ({ connection, server: connection.config.name, tool: tool.name })),
    );
    const assigned = assignToolNames(pairs);
    const names = new Map<McpConnection, Map<string, string>>();
    pairs.forEach((pair, index) => {
      const perServer = names.get(pair.connection) ?? new Map<string, string>();
      perServer.set(pair.tool, assigned[index]!);
      names.set(pair.connection, perServer);
    });
    return names;
  }

  private functionTools(): FunctionTool[] {
    const names = this.names();
    const tools: FunctionTool[] = [];
    for (const connection of this.connections) {
      if (connection.state !== 'running') continue;
      for (const info of connection.tools) {
        const functionName = names.get(connection)?.get(info.name) ?? info.name;
        const schema = Object.fromEntries(Object.entries(info.inputSchema).filter(([key]) => key !== '$schema'));
        const description = `${info.description || info.name} (tool "${info.name}" of the MCP server "${connection.config.name}")`;
        tools.push({
          name: functionName,
          description: description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION - 1)}…` : description,
          parameters: { type: 'object', ...schema },
          run: (argumentsJson, context) => this.run(connection, info.name, functionName, argumentsJson, context),
        });
      }
    }
    return tools;
  }

  private async run(
    connection: McpConnection,
    tool: string,
    functionName: string,
    argumentsJson: string,
    context: ToolContext & { callId: string },
  ): Promise<FunctionToolResult> {
    const server = connection.config.name;
    const args = parseArguments(argumentsJson);
    if (typeof args === 'string') {
      return {
        output: `The arguments for ${functionName} were not used: ${args}. Send a JSON object that matches the tool's schema.`,
        outcome: 'failed',
        summary: 'Invalid arguments',
      };
    }
    if (!this.trusted.has(server)) {
      context.emit({ type: 'tool_call_updated', callId: context.callId, status: 'awaiting_approval' });
      const approval = await this.options.approve({ callId: context.callId, server, tool, functionName, arguments: args }, context.signal);
      if (!approval.approved) {
        const why = approval.reason?.trim();
        return {
          output:
            `The user declined this call to ${tool} on the MCP server "${server}"${why ? `: ${why}` : ''}. ` +
            'Do not retry it in another form.',
          outcome: 'rejected',
          summary: why ? `Declined: ${why}` : 'Declined',
        };
      }
    }
    context.emit({ type: 'tool_call_updated', callId: context.callId, status: 'running' });
    try {
      const converted = convertToolResult(await connection.call(tool, args, context.signal));
      if (converted.preview !== '' || converted.images.length > 0) {
        const images = converted.images.length > 0 ? { images: converted.images } : {};
        context.emit({ type: 'tool_call_updated', callId: context.callId, status: 'running', outputDelta: converted.preview, ...images });
      }
      const outcome = converted.isError ? 'failed' : 'completed';
      return { output: converted.output, outcome, summary: summaryOf(server, tool, converted.preview, converted.isError) };
    } catch (error) {
      if (!(error instanceof McpCallError)) throw error;
      this.options.onProblem?.(error.message);
      return { output: `${error.message} The call was not completed.`, outcome: 'failed', summary: error.message };
    }
  }
}

/** The arguments as an object, or the reason they are not one. */
function parseArguments(json: string): Record<string, unknown> | string {
  if (json.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return `they are not valid JSON (${errorText(error).replace(/[.\s]+$/, '')})`;
  }
  const parsed = ArgumentsSchema.safeParse(value);
  return parsed.success ? parsed.data : 'they are not a JSON object';
}

function summaryOf(server: string, tool: string, preview: string, failed: boolean): string {
  const first =
    preview
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? '';
  const head = `${server}/${tool}${failed ? ' reported an error' : ''}`;
  if (first === '') return head;
  return `${head}: ${first.length > 100 ? `${first.slice(0, 99)}…` : first}`;
}

function keyOf(config: McpServerConfig): string {
  return JSON.stringify(config);
}
