// The host's function tools inside a turn: declared to the model next to the agent's own tools, and each call to one of
// them answered by its `run`, exactly once, whatever happens inside it.
import { errorText } from '../../shared/errorText';
import type { FunctionCallOutput } from '../history';
import type { FunctionTool, FunctionToolResult } from './functionTool';
import { isAbort, type ToolContext, type ToolRun } from './toolRun';

/** A function tool as the Responses API declares it (Chat Completions wraps the same fields in `function`). */
export interface FunctionToolDeclaration {
  type: 'function';
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  strict: false;
}

/** Names the agent's own tools use in the function and chat dialects; a host tool may not shadow them. */
export const RESERVED_TOOL_NAMES: ReadonlySet<string> = new Set(['apply_patch', 'shell']);

/** The host's tools as the request declares them, without any that would shadow the agent's own or repeat a name. */
export function usableHostTools(tools: readonly FunctionTool[]): FunctionTool[] {
  const seen = new Set<string>();
  return tools.filter((tool) => {
    if (RESERVED_TOOL_NAMES.has(tool.name) || seen.has(tool.name)) return false;
    seen.add(tool.name);
    return true;
  });
}

export function declareFunctionTool(tool: Pick<FunctionTool, 'name' | 'description' | 'parameters'>): FunctionToolDeclaration {
  // Not strict: hosts pass their servers' schemas as they are, and strict mode rejects most of them (optional fields).
  return { type: 'function', name: tool.name, description: tool.description, parameters: tool.parameters, strict: false };
}

/** Runs one call to a host tool; a tool that throws (breaking its contract) still yields a failed output. */
export async function runHostTool(tool: FunctionTool, callId: string, argumentsJson: string, ctx: ToolContext): Promise<ToolRun> {
  let result: FunctionToolResult;
  try {
    result = await tool.run(argumentsJson, { ...ctx, callId });
  } catch (error) {
    if (isAbort(error, ctx.signal)) return cancelledHostTool(callId);
    const message = errorText(error);
    return {
      output: functionOutput(callId, `The tool ${tool.name} failed: ${message}`),
      outcome: 'failed',
      summary: `${tool.name} failed: ${message}`,
    };
  }
  return { output: functionOutput(callId, result.output), outcome: result.outcome, summary: result.summary };
}

export function cancelledHostTool(callId: string): ToolRun {
  return { output: functionOutput(callId, 'The user cancelled this call before it ran.'), outcome: 'cancelled', summary: 'Cancelled' };
}

function functionOutput(callId: string, output: FunctionCallOutput['output']): FunctionCallOutput {
  return { type: 'function_call_output', call_id: callId, output };
}
