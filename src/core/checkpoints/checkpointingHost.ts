// Checkpoints for any host: wraps a Host so the workspace is recorded before the first edit or command of each turn
// and before each command, and once more when a turn that changed something ends. The session never knows; it only
// sees its host. What a checkpoint could not record is told to the user once, and the turn goes on.
import { errorText } from '../../shared/errorText';
import type { AgentEvent } from '../../shared/events';
import type { CommandApproval, CommandRequest, CommandResult, EditDecision, EditReview, Host, HostContext, RunOptions } from '../host';
import type { CheckpointReport, Checkpoints } from './checkpoints';

export class CheckpointingHost implements Host {
  readonly workspaceRoots: readonly string[];
  private readonly inner: Host;
  private readonly checkpoints: Checkpoints;
  private readonly sessionId: () => string;
  /** The turn in progress, as the checkpoint store numbers it; resolves once the turn is noted. */
  private turn: Promise<number> | undefined;
  private checkpointed = false;
  /** The end-of-turn checkpoint, which runs after the session has moved on. */
  private ending: Promise<unknown> = Promise.resolve();
  private readonly told = new Set<string>();

  /** `sessionId` is read when a turn starts (a host may be built before its session has an id). */
  constructor(inner: Host, checkpoints: Checkpoints, sessionId: () => string) {
    this.inner = inner;
    this.checkpoints = checkpoints;
    this.sessionId = sessionId;
    this.workspaceRoots = inner.workspaceRoots;
  }

  /** The number of the turn in progress (or the last one), once the store has noted it. */
  currentTurn(): Promise<number> | undefined {
    return this.turn;
  }

  emit(event: AgentEvent): void {
    if (event.type === 'turn_started') {
      this.checkpointed = false;
      this.turn = this.checkpoints.beginTurn(this.sessionId(), event.retry === true);
      this.turn.catch((error: unknown) => this.tell(`Checkpoints are off for this turn: ${errorText(error)}`));
    }
    this.inner.emit(event);
    if (event.type === 'turn_finished' && this.checkpointed && this.turn) {
      const turn = this.turn;
      this.ending = turn
        .then((n) => this.checkpoints.endTurn(this.sessionId(), n))
        .then(
          (report) => report && this.report(report),
          () => undefined,
        );
    }
  }

  /** Resolves when every checkpoint of the turns so far is written (a CLI waits for it before it exits). */
  async settled(): Promise<void> {
    await this.ending;
    await this.checkpoints.settled();
  }

  async reviewEdit(review: EditReview, signal: AbortSignal): Promise<EditDecision> {
    if (!this.checkpointed) await this.take();
    return this.inner.reviewEdit(review, signal);
  }

  approveCommands(request: CommandRequest, signal: AbortSignal): Promise<CommandApproval> {
    return this.inner.approveCommands(request, signal);
  }

  async runCommand(command: string, options: RunOptions): Promise<CommandResult> {
    await this.take();
    return this.inner.runCommand(command, options);
  }

  context(): Promise<HostContext> {
    return this.inner.context?.() ?? Promise.resolve({});
  }

  private async take(): Promise<void> {
    this.checkpointed = true;
    const turn = await this.turn?.catch(() => undefined);
    if (turn === undefined) return;
    this.report(await this.checkpoints.checkpoint(this.sessionId(), turn));
  }

  private report(report: CheckpointReport): void {
    if (report.problem) this.tell(report.problem);
    for (const omission of report.omitted)
      this.tell(`Checkpoint: ${this.checkpoints.display(omission)} ${omission.reason}, so a restore leaves it as it is.`);
  }

  /** Each sentence once per session: a big file skipped at every checkpoint is said the first time only. */
  private tell(message: string): void {
    if (this.told.has(message)) return;
    this.told.add(message);
    this.inner.emit({ type: 'error', message, retryable: false, code: 'checkpoint' });
  }
}
