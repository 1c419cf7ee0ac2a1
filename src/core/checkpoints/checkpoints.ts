// Checkpoints of one workspace, by session and turn: what hosts use. A turn's first edit or command, and each command,
// records the workspace first; the turn's end records it again, so what the turn did (and what changed after it) can
// be told apart. A restore records the workspace before it writes, so it can itself be undone. Every operation runs in
// order through one queue: a restore never interleaves with a checkpoint.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { errorText } from '../../shared/errorText';
import { describeSchemaError } from '../schemaError';
import {
  CHECKPOINT_FILE_VERSION,
  SessionCheckpointsSchema,
  type Omission,
  type SessionCheckpoints,
  type TurnRecord,
} from './checkpointFiles';
import { ChangeTracker, type TrackingStats } from './changeTracker';
import { CheckpointStore, type StoredCheckpoint } from './checkpointStore';
import { Exclusion } from './exclusion';
import { applyRestore, diffStates, planRestore, type PathChange } from './restore';
import { DEFAULT_MAX_FILE_BYTES, scanWorkspace, type State } from './workspaceScan';

export const DEFAULT_BUDGET_BYTES = 2 * 1024 * 1024 * 1024;

export interface CheckpointsOptions {
  /** Where this workspace's checkpoints live: outside the workspace (extension storage, ~/.codewright/checkpoints/...). */
  dir: string;
  roots: readonly string[];
  /** gitignore-style patterns left out (default: node_modules/); .git is always left out, .gitignore is honoured. */
  exclude?: readonly string[];
  /** Files larger than this are skipped, and the checkpoint says so (default 10 MB). */
  maxFileBytes?: number;
  /** When blobs and manifests outgrow this, the oldest checkpoints are removed (default 2 GB). */
  budgetBytes?: number;
  /** Watch the workspace's folders so a checkpoint re-reads only those that changed (default true); false walks everything. */
  trackChanges?: boolean;
}

/** What one checkpoint recorded: `id` null when nothing could be recorded (then `problem` says why). */
export interface CheckpointReport {
  id: string | null;
  omitted: Omission[];
  problem?: string;
}

export interface TurnSummary {
  turn: number;
  startedAt: string;
  /** `unchanged`: no edit or command ran; `pruned`: its checkpoints were removed to stay in the size budget. */
  status: 'recorded' | 'unchanged' | 'pruned' | 'unfinished';
  changes: PathChange[];
  /** What the turn's checkpoints could not record, one sentence each. */
  omitted: string[];
}

export type RestoreResult =
  | { status: 'nothing'; message: string }
  /** Files the user changed after the turn would be overwritten: nothing was written; ask, then restore with `overwrite`. */
  | { status: 'confirm'; userChanged: PathChange[]; changes: PathChange[] }
  /** `undo` restores the workspace as it was just before this restore. */
  | { status: 'restored'; changes: PathChange[]; undo: string; problems: string[] };

/** `missing`: the session has no such turn; `pruned`: its checkpoint was removed to stay in the size budget. */
export class UnknownTurnError extends Error {
  readonly reason: 'missing' | 'pruned';

  constructor(message: string, reason: 'missing' | 'pruned') {
    super(message);
    this.reason = reason;
  }
}

/** The folder for one workspace's checkpoints under `base`: named by its folders, so the same folders find them again. */
export function workspaceCheckpointDir(base: string, roots: readonly string[]): string {
  return path.join(
    base,
    createHash('sha256')
      .update(JSON.stringify(roots.map((root) => path.resolve(root))))
      .digest('hex')
      .slice(0, 16),
  );
}

export class Checkpoints {
  readonly roots: readonly string[];
  private readonly store: CheckpointStore;
  private readonly dir: string;
  private readonly exclusion: Exclusion;
  private readonly maxFileBytes: number;
  private readonly budgetBytes: number;
  private readonly trackChanges: boolean;
  private tracker: ChangeTracker | undefined;
  private disposed = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: CheckpointsOptions) {
    this.dir = options.dir;
    this.roots = [...options.roots];
    this.store = new CheckpointStore(options.dir);
    this.exclusion = new Exclusion(options.exclude);
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.budgetBytes = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
    this.trackChanges = options.trackChanges ?? true;
  }

  /** Closes the folder watches; checkpoints taken afterwards walk the whole workspace. */
  dispose(): void {
    this.disposed = true;
    this.tracker?.dispose();
  }

  /** How the last checkpoint read the workspace; undefined when changes are not tracked. */
  trackingStats(): TrackingStats | undefined {
    return this.tracker?.stats();
  }

  /** Starts the session's next turn (a retry continues the last one); returns its 1-based number. */
  beginTurn(sessionId: string, retry: boolean): Promise<number> {
    return this.serial(async () => {
      const record = await this.session(sessionId);
      const last = record.turns[record.turns.length - 1];
      if (retry && last) return last.turn;
      const turn = (last?.turn ?? 0) + 1;
      record.turns.push({ turn, startedAt: new Date().toISOString(), before: null, after: null, checkpoints: [] });
      await this.saveSession(record);
      return turn;
    });
  }

  /** Records the workspace during `turn`; the turn's first checkpoint is its "before". Never throws: a failure is reported. */
  checkpoint(sessionId: string, turn: number): Promise<CheckpointReport> {
    return this.serial(async () => {
      let taken: StoredCheckpoint;
      try {
        taken = await this.record();
      } catch (error) {
        return {
          id: null,
          omitted: [],
          problem: `Codewright could not record a checkpoint (${errorText(error)}); this change cannot be restored.`,
        };
      }
      try {
        const record = await this.session(sessionId);
        const entry = turnOf(record, turn);
        entry.before ??= taken.id;
        entry.checkpoints.push(taken.id);
        await this.saveSession(record);
      } catch (error) {
        return {
          id: taken.id,
          omitted: taken.omitted,
          problem: `Codewright recorded a checkpoint but could not note it for this chat (${errorText(error)}).`,
        };
      }
      return { id: taken.id, omitted: taken.omitted };
    });
  }

  /** Records the workspace at the end of a turn that changed something, so later changes are told apart from the turn's. */
  endTurn(sessionId: string, turn: number): Promise<CheckpointReport | undefined> {
    return this.serial(async () => {
      const record = await this.session(sessionId);
      const entry = record.turns.find((t) => t.turn === turn);
      if (!entry || entry.before === null) return undefined;
      try {
        const taken = await this.record();
        entry.after = taken.id;
        await this.saveSession(record);
        return { id: taken.id, omitted: taken.omitted };
      } catch (error) {
        return { id: null, omitted: [], problem: `Codewright could not record the end of turn ${turn} (${errorText(error)}).` };
      }
    });
  }

  /** The session's turns with what each changed; undefined when the session never recorded a turn here. */
  turns(sessionId: string): Promise<TurnSummary[] | undefined> {
    return this.serial(async () => {
      const record = await this.readSession(sessionId);
      if (!record) return undefined;
      const known = new Set(await this.store.ids());
      const summaries: TurnSummary[] = [];
      for (const turn of record.turns) {
        const base = { turn: turn.turn, startedAt: turn.startedAt, changes: [] as PathChange[], omitted: [] as string[] };
        if (turn.before === null) summaries.push({ ...base, status: 'unchanged' });
        else if (!known.has(turn.before) || (turn.after !== null && !known.has(turn.after))) summaries.push({ ...base, status: 'pruned' });
        else {
          const before = await this.store.load(turn.before);
          const after = turn.after === null ? undefined : await this.store.load(turn.after);
          const omitted = [...before.omitted, ...(after?.omitted ?? [])].map((o) => `${this.display(o)} ${o.reason}`);
          summaries.push({
            ...base,
            status: after ? 'recorded' : 'unfinished',
            changes: after ? diffStates(before.state, after.state) : [],
            omitted: [...new Set(omitted)],
          });
        }
      }
      return summaries;
    });
  }

  /** The files of one checkpoint of a turn, for a diff: `before` or `after` the turn. */
  turnStates(sessionId: string, turn: number): Promise<{ before: State; after: State } | undefined> {
    return this.serial(async () => {
      const record = await this.readSession(sessionId);
      const entry = record?.turns.find((t) => t.turn === turn);
      if (!entry || entry.before === null || entry.after === null) return undefined;
      return { before: (await this.store.load(entry.before)).state, after: (await this.store.load(entry.after)).state };
    });
  }

  /** A recorded file's bytes (by the hash its entry names). */
  readBlob(hash: string): Promise<Buffer> {
    return this.store.blobs.read(hash);
  }

  /**
   * Puts the workspace back as it was before `turn`. Files changed after the agent's turns (by the user, or anyone) that
   * the restore would overwrite make it stop and return them, unless `overwrite` says the user agreed.
   */
  restoreTurn(sessionId: string, turn: number, options: { overwrite: boolean }): Promise<RestoreResult> {
    return this.serial(async () => {
      const record = await this.readSession(sessionId);
      if (!record?.turns.some((t) => t.turn === turn)) throw new UnknownTurnError(`There is no turn ${turn} in this session.`, 'missing');
      const later = record.turns.filter((t) => t.turn >= turn);
      const first = later.find((t) => t.before !== null);
      if (!first?.before) return { status: 'nothing', message: `Nothing to restore: no edit or command has run since turn ${turn} began.` };
      const target = await this.loadOrExplain(first.before, turn);
      return this.restoreTo(record, target, turn, later, options.overwrite);
    });
  }

  /** Restores a checkpoint by id (a restore's `undo`), recording the workspace first like any restore. */
  restoreCheckpoint(sessionId: string, id: string): Promise<RestoreResult> {
    return this.serial(async () => {
      const record = await this.session(sessionId);
      return this.restoreTo(record, await this.loadOrExplain(id, null), null, [], true);
    });
  }

  /**
   * The chat went back before its last `count` messages: their turns are no longer the chat's, so the next turn takes
   * the first one's number and the k-th last message stays the k-th last turn. What they recorded is kept until the
   * session is removed.
   */
  forgetLastTurns(sessionId: string, count: number): Promise<void> {
    return this.serial(async () => {
      const record = await this.readSession(sessionId);
      if (!record || count <= 0) return;
      const dropped = record.turns.splice(Math.max(0, record.turns.length - count));
      if (dropped.length === 0) return;
      const ids = dropped.flatMap((t) => [...t.checkpoints, ...(t.after ? [t.after] : [])]);
      record.forgotten = [...(record.forgotten ?? []), ...ids];
      await this.saveSession(record);
    });
  }

  /** Deletes everything the session recorded (when the session itself is deleted). */
  removeSession(sessionId: string): Promise<void> {
    return this.serial(async () => {
      const record = await this.readSession(sessionId);
      if (!record) return;
      const ids = [
        ...record.turns.flatMap((t) => [...t.checkpoints, ...(t.after ? [t.after] : [])]),
        ...record.restores.map((r) => r.undo),
        ...(record.forgotten ?? []),
      ];
      await this.store.remove(ids);
      await fs.rm(this.sessionFile(sessionId), { force: true });
    });
  }

  /** Resolves when every operation queued so far has finished (the CLI waits for it before exiting). */
  settled(): Promise<void> {
    return this.queue.then(
      () => undefined,
      () => undefined,
    );
  }

  /** A path as users read it: root-relative, prefixed with the folder's name when there are several folders. */
  display(change: { root: number; path: string }): string {
    if (this.roots.length <= 1) return change.path;
    return `${path.basename(this.roots[change.root] ?? '?')}/${change.path}`;
  }

  private async restoreTo(
    record: SessionCheckpoints,
    target: StoredCheckpoint,
    turn: number | null,
    later: TurnRecord[],
    overwrite: boolean,
  ): Promise<RestoreResult> {
    // A restore writes from what it finds: it walks everything rather than trust the watches.
    const now = await this.record(true);
    const plan = planRestore(now.state, now.omitted, target.state, target.omitted);
    if (plan.changes.length === 0) {
      return { status: 'nothing', message: 'Nothing to restore: the workspace already matches that checkpoint.' };
    }
    if (!overwrite) {
      const touched = new Set(plan.changes.map((c) => `${c.root}:${c.path}`));
      const userChanged = (await this.changedAfterTurns(later, now)).filter((c) => touched.has(`${c.root}:${c.path}`));
      if (userChanged.length > 0) return { status: 'confirm', userChanged, changes: plan.changes };
    }
    const problems = await applyRestore(this.roots, plan, this.store.blobs);
    record.restores.push({ at: new Date().toISOString(), turn, undo: now.id });
    await this.saveSession(record);
    return { status: 'restored', changes: plan.changes, undo: now.id, problems };
  }

  /** Paths that changed between the end of each turn and the next checkpoint after it: not the agent's doing. */
  private async changedAfterTurns(turns: readonly TurnRecord[], now: StoredCheckpoint): Promise<PathChange[]> {
    const ids = await this.store.ids();
    const found = new Map<string, PathChange>();
    for (const turn of turns) {
      if (turn.after === null || !ids.includes(turn.after)) continue;
      const next = ids.find((id) => id > turn.after!);
      const from = await this.store.load(turn.after);
      const to = next === undefined || next === now.id ? now : await this.store.load(next);
      for (const change of diffStates(from.state, to.state)) found.set(`${change.root}:${change.path}`, change);
    }
    return [...found.values()];
  }

  /** One checkpoint of the workspace now, then pruning to the budget. */
  private async record(full = false): Promise<StoredCheckpoint> {
    const previous = await this.store.newest();
    const options = { exclusion: this.exclusion, maxFileBytes: this.maxFileBytes };
    if (this.trackChanges && !this.disposed) this.tracker ??= new ChangeTracker(this.roots, options);
    const scan = this.tracker
      ? await this.tracker.scan(previous, this.store.blobs, full)
      : await scanWorkspace(this.roots, previous?.state ?? new Map(), this.store.blobs, options);
    const touched = scan.touched && previous ? { base: previous.id, keys: scan.touched } : undefined;
    const taken = await this.store.write(scan.state, scan.omitted, this.roots, touched);
    this.tracker?.recorded(taken.id);
    await this.store.prune(this.budgetBytes);
    return taken;
  }

  private async loadOrExplain(id: string, turn: number | null): Promise<StoredCheckpoint> {
    if (!(await this.store.ids()).includes(id)) {
      const what = turn === null ? 'That checkpoint' : `The checkpoint before turn ${turn}`;
      throw new UnknownTurnError(`${what} was removed to keep checkpoints within their size budget, so it cannot be restored.`, 'pruned');
    }
    return this.store.load(id);
  }

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private sessionFile(sessionId: string): string {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(sessionId)) throw new Error(`'${sessionId}' is not a session id.`);
    return path.join(this.dir, 'sessions', `${sessionId}.json`);
  }

  private async readSession(sessionId: string): Promise<SessionCheckpoints | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.sessionFile(sessionId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`The checkpoint list of session ${sessionId} is damaged: its file is not JSON.`);
    }
    const parsed = SessionCheckpointsSchema.safeParse(json);
    if (!parsed.success) throw new Error(`The checkpoint list of session ${sessionId} is damaged: ${describeSchemaError(parsed.error)}.`);
    return parsed.data;
  }

  private async session(sessionId: string): Promise<SessionCheckpoints> {
    return (await this.readSession(sessionId)) ?? { version: CHECKPOINT_FILE_VERSION, sessionId, turns: [], restores: [] };
  }

  private async saveSession(record: SessionCheckpoints): Promise<void> {
    const file = this.sessionFile(record.sessionId);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.writeFile(temporary, JSON.stringify(record));
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }
}

/** The turn's record, created when a checkpoint arrives for a turn that was never begun here. */
function turnOf(record: SessionCheckpoints, turn: number): TurnRecord {
  let entry = record.turns.find((t) => t.turn === turn);
  if (!entry) {
    entry = { turn, startedAt: new Date().toISOString(), before: null, after: null, checkpoints: [] };
    record.turns.push(entry);
    record.turns.sort((a, b) => a.turn - b.turn);
  }
  return entry;
}
