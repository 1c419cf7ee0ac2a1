// What the agent core needs from whoever hosts it (VS Code, the CLI, tests). The core decides *what* happens
// (which calls, which outputs go back to the model); the host decides *how* the user sees and approves it.
import type { AgentEvent, ApplyPatchOperation } from '../shared/events';
import type { ProposedChange } from './patch';

/** The user's verdict on one proposed file change. `failed` = accepted but could not be written (the reason says why). */
export type EditDecision =
  { status: 'accepted'; note?: string } | { status: 'rejected'; reason?: string } | { status: 'failed'; reason: string };

export type CommandApproval = { approved: true } | { approved: false; reason?: string };

export type CommandOutcome = { type: 'exit'; exitCode: number } | { type: 'timeout' };

export interface CommandResult {
  stdout: string;
  stderr: string;
  outcome: CommandOutcome;
}

export interface EditReview {
  callId: string;
  operation: ApplyPatchOperation;
  change: ProposedChange;
}

export interface CommandRequest {
  callId: string;
  /** All commands of the shell_call; they are approved together and run in order. */
  commands: string[];
  cwd: string;
  /** Why the policy asks (e.g. "contains a redirection"), shown next to Run / Reject. */
  why?: string;
}

export interface RunOptions {
  callId: string;
  cwd: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Live output as it arrives (already stripped of terminal escape sequences). */
  onOutput?: (chunk: string) => void;
}

export interface Host {
  /** Absolute paths of the workspace roots; the first is where relative patch paths and commands resolve. */
  readonly workspaceRoots: readonly string[];
  /** Every event of the session, in order. */
  emit(event: AgentEvent): void;
  /** Show the change and wait for the user's decision; an accepted change is written by the host before resolving. */
  reviewEdit(review: EditReview, signal: AbortSignal): Promise<EditDecision>;
  /** Ask the user to approve commands the policy did not settle. */
  approveCommands(request: CommandRequest, signal: AbortSignal): Promise<CommandApproval>;
  /** Run one command; must end with an exit code, a timeout, or reject with an AbortError when `signal` aborts. */
  runCommand(command: string, options: RunOptions): Promise<CommandResult>;
  /** Context the system prompt mentions: open and selected files, the shell, etc. */
  context?(): Promise<HostContext>;
}

export interface HostContext {
  shell?: string;
  openFiles?: string[];
  activeFile?: string;
  selection?: { path: string; startLine: number; endLine: number; text: string };
}
