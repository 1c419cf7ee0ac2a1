// What running one tool call yields: the output item that goes back to the model, and how the user sees it end.
import type { AgentEvent, ToolOutcome } from '../../shared/events';
import type { ToolOutputItem } from '../history';
import type { Host } from '../host';

export interface ToolRun {
  output: ToolOutputItem;
  outcome: ToolOutcome;
  /** One line for the tool card: "Updated src/a.ts", "exit 1", "Rejected: use tabs". */
  summary: string;
}

export interface ToolContext {
  host: Host;
  /** Where relative paths resolve and commands run; undefined when no folder is open. */
  root: string | undefined;
  signal: AbortSignal;
  emit(event: AgentEvent): void;
}

export const NO_WORKSPACE = 'No workspace folder is open, so there is nothing to edit or run commands in. Ask the user to open a folder.';

/** Hosts signal a cancelled wait or command by rejecting with an AbortError. */
export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && error.name === 'AbortError');
}
