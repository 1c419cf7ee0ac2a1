// How a run looks: `--json` prints every AgentEvent as one JSON line on stdout; otherwise the model's text streams to
// stdout (so it can be piped) and tool activity, retries and errors go to stderr.
import type { AgentEvent, ToolCall, Usage } from '../shared/events';

export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export type Renderer = (event: AgentEvent) => void;

export function jsonRenderer(out: Output): Renderer {
  return (event) => out.stdout(`${JSON.stringify(event)}\n`);
}

export function humanRenderer(out: Output): Renderer {
  let textOpen = false;
  const closeText = () => {
    if (textOpen) out.stdout('\n');
    textOpen = false;
  };
  let outputOpen = false;
  return (event) => {
    switch (event.type) {
      case 'text_delta':
        out.stdout(event.delta);
        textOpen = !event.delta.endsWith('\n');
        break;
      case 'text_done':
        closeText();
        break;
      case 'tool_call_started':
        out.stderr(`▸ ${describeCall(event.call)}\n`);
        break;
      case 'tool_call_updated':
        if (event.outputDelta) {
          out.stderr(event.outputDelta);
          outputOpen = !event.outputDelta.endsWith('\n');
        }
        break;
      case 'tool_call_finished':
        if (outputOpen) out.stderr('\n');
        outputOpen = false;
        out.stderr(`  ${event.outcome === 'completed' ? '✓' : '✗'} ${event.summary}\n`);
        break;
      case 'retrying':
        out.stderr(`… ${event.reason}: retrying in ${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt + 1})\n`);
        break;
      case 'compacted':
        out.stderr(
          `… the conversation was compacted (${event.tokensBefore} tokens, ${event.method === 'server' ? 'by the provider' : 'old tool output removed'})\n`,
        );
        break;
      case 'error':
        closeText();
        out.stderr(`error: ${event.message}\n`);
        break;
      case 'turn_finished':
        closeText();
        break;
      default:
        break;
    }
  };
}

function describeCall(call: ToolCall): string {
  switch (call.kind) {
    case 'apply_patch': {
      const op = call.operation;
      const verb = op.type === 'create_file' ? 'create' : op.type === 'delete_file' ? 'delete' : 'update';
      return `apply_patch: ${verb} ${op.path}${op.type === 'update_file' && op.move_to ? ` → ${op.move_to}` : ''}`;
    }
    case 'shell':
      return `shell: ${call.action.commands.join(' && ')}`;
    case 'function':
      return `${call.name}(${call.arguments.length > 80 ? `${call.arguments.slice(0, 79)}…` : call.arguments})`;
  }
}

export function usageLine(usage: Usage): string {
  const cost = usage.costUsd === null ? '' : `, $${usage.costUsd.toFixed(4)}`;
  return `tokens: ${usage.inputTokens} in (${usage.cachedInputTokens} cached), ${usage.outputTokens} out (${usage.reasoningTokens} reasoning)${cost}`;
}
