// Function and custom tool calls: this client declares none, so any such call (a model guessing a tool name) is
// answered, because an unanswered call makes the next request fail, and told which tools exist.
import type { FunctionCallOutput, RawItem } from '../history';
import type { ToolRun } from './toolRun';

export function answerUnknownTool(item: RawItem & { call_id: string }, cancelled = false): ToolRun {
  const name = typeof item['name'] === 'string' ? item['name'] : 'unnamed';
  const type = item.type === 'custom_tool_call' ? 'custom_tool_call_output' : 'function_call_output';
  if (cancelled) {
    return {
      output: { type, call_id: item.call_id, output: 'The user cancelled this call before it ran.' },
      outcome: 'cancelled',
      summary: 'Cancelled',
    };
  }
  const output: FunctionCallOutput = {
    type,
    call_id: item.call_id,
    output: `Unknown tool "${name}": this client provides only the apply_patch and shell tools. Use apply_patch to edit files and shell to run commands.`,
  };
  return { output, outcome: 'failed', summary: `Unknown tool ${name}` };
}
