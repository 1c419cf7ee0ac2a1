// A Host for core tests: records every event, and answers reviews, approvals and commands the way each test says.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AgentEventSchema, type AgentEvent } from '../../../src/shared/events';
import type {
  CommandApproval,
  CommandRequest,
  CommandResult,
  EditDecision,
  EditReview,
  Host,
  HostContext,
  RunOptions,
} from '../../../src/core/host';

export interface TestHostOptions {
  root?: string;
  review?: (review: EditReview, signal: AbortSignal) => Promise<EditDecision>;
  approve?: (request: CommandRequest, signal: AbortSignal) => Promise<CommandApproval>;
  run?: (command: string, options: RunOptions) => Promise<CommandResult>;
  context?: HostContext;
}

export class TestHost implements Host {
  readonly workspaceRoots: string[];
  readonly events: AgentEvent[] = [];
  readonly reviews: EditReview[] = [];
  readonly approvals: CommandRequest[] = [];
  readonly commands: { command: string; cwd: string; timeoutMs: number }[] = [];
  private readonly options: TestHostOptions;

  constructor(options: TestHostOptions = {}) {
    this.options = options;
    this.workspaceRoots = options.root ? [options.root] : [];
  }

  emit(event: AgentEvent): void {
    // Every event must be one hosts can validate; a schema mismatch fails the test at the event that caused it.
    const parsed = AgentEventSchema.safeParse(event);
    if (!parsed.success) throw new Error(`invalid event ${JSON.stringify(event)}: ${parsed.error.message}`);
    this.events.push(event);
  }

  async reviewEdit(review: EditReview, signal: AbortSignal): Promise<EditDecision> {
    this.reviews.push(review);
    if (this.options.review) return this.options.review(review, signal);
    await writeChange(this.workspaceRoots[0]!, review);
    return { status: 'accepted' };
  }

  async approveCommands(request: CommandRequest, signal: AbortSignal): Promise<CommandApproval> {
    this.approvals.push(request);
    return this.options.approve ? this.options.approve(request, signal) : { approved: true };
  }

  async runCommand(command: string, options: RunOptions): Promise<CommandResult> {
    this.commands.push({ command, cwd: options.cwd, timeoutMs: options.timeoutMs });
    if (this.options.run) return this.options.run(command, options);
    return { stdout: `ran ${command}\n`, stderr: '', outcome: { type: 'exit', exitCode: 0 } };
  }

  async context(): Promise<HostContext> {
    return this.options.context ?? {};
  }

  of<T extends AgentEvent['type']>(type: T): Extract<AgentEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);
  }

  text(): string {
    return this.of('text_delta')
      .map((e) => e.delta)
      .join('');
  }
}

/** Writes an accepted change the way a simple host does. */
export async function writeChange(root: string, review: EditReview): Promise<void> {
  const { change } = review;
  const file = path.join(root, change.path);
  if (change.newContent === null) {
    await fs.rm(file);
    return;
  }
  const target = change.moveTo ? path.join(root, change.moveTo) : file;
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, change.newContent);
  if (change.moveTo) await fs.rm(file);
}

/** A promise that never settles until the signal aborts, then rejects with an AbortError (a user who never answers). */
export function waitForAbort<T>(signal: AbortSignal, onWaiting?: () => void): Promise<T> {
  return new Promise<T>((_, reject) => {
    const fail = () => {
      const error = new Error('aborted');
      error.name = 'AbortError';
      reject(error);
    };
    if (signal.aborted) return fail();
    signal.addEventListener('abort', fail, { once: true });
    onWaiting?.();
  });
}
