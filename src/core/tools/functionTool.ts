// Tools the host adds beyond the agent's own apply_patch and shell (MCP servers' tools, for one): each reaches the model as a
// function tool in every dialect, and each call is answered by its own `run`.
import type { ToolOutcome } from '../../shared/events';
import type { ToolContext } from './toolRun';

/** What a function call's output carries back to the model: plain text, or text and images (the Responses API's input content). */
export type FunctionToolOutput = string | Array<{ type: 'input_text'; text: string } | { type: 'input_image'; image_url: string }>;

export interface FunctionToolResult {
  output: FunctionToolOutput;
  outcome: ToolOutcome;
  /** One line for the tool card. */
  summary: string;
}

export interface FunctionTool {
  /** The name the model calls: the API allows `^[a-zA-Z0-9_-]{1,64}$`. */
  readonly name: string;
  readonly description: string;
  /** A JSON Schema object for the arguments. */
  readonly parameters: Record<string, unknown>;
  /** Runs one call with the raw JSON the model sent. Resolves with an output for every call, failures included; never rejects. */
  run(argumentsJson: string, context: ToolContext & { callId: string }): Promise<FunctionToolResult>;
}

/**
 * Asked once per turn, before the first request, so a host can start its tool servers only when a turn needs them.
 * `report` tells the turn's user, in one sentence, about a server that could not start (the turn goes on without it).
 */
export type FunctionToolSource = (signal: AbortSignal, report?: (problem: string) => void) => Promise<readonly FunctionTool[]>;
