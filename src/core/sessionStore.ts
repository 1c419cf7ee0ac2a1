// Sessions on disk: one versioned JSON file per session in a directory the host chooses, written atomically (a
// temporary file renamed over the old one) so a crash mid-write leaves the previous version, never half a file.
// Files are read back through zod: a corrupt or foreign file is reported and skipped, never a crash.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { UsageSchema } from '../shared/events';
import { HistoryItemSchema } from './history';
import { describeSchemaError } from './schemaError';

export const SESSION_FILE_VERSION = 1;

/** Ids become file names, so they are restricted to characters that cannot leave the directory. */
export const SessionIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/, 'a session id is 1-128 letters, digits, - or _'));

const count = z.int().check(z.minimum(0));

export const SessionRecordSchema = z.object({
  version: z.literal(SESSION_FILE_VERSION),
  id: SessionIdSchema,
  title: z.string(),
  model: z.string(),
  /** ISO 8601 timestamps. */
  createdAt: z.string(),
  updatedAt: z.string(),
  workspaceRoots: z.array(z.string()),
  /** The conversation as the model sees it (Responses API input items). */
  history: z.array(HistoryItemSchema),
  /** previous_response_id mode: the last stored response, and how many history items the server already holds. */
  previousResponseId: z.nullable(z.string()),
  sentCount: count,
  usage: UsageSchema,
  /** Tokens the context held after the last response (input + output), for the context meter and compaction. */
  contextTokens: count,
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

export interface SessionSummary {
  id: string;
  title: string;
  model: string;
  createdAt: string;
  updatedAt: string;
  workspaceRoots: string[];
}

export interface StoreProblem {
  file: string;
  message: string;
}

export interface SessionList {
  /** Most recently updated first. */
  sessions: SessionSummary[];
  /** Files that could not be read, each with a sentence saying why; they are left on disk untouched. */
  problems: StoreProblem[];
}

/** The summary fields, checked without validating a possibly long history. */
const SummarySchema = z.pick(SessionRecordSchema, {
  version: true,
  id: true,
  title: true,
  model: true,
  createdAt: true,
  updatedAt: true,
  workspaceRoots: true,
});

/**
 * Whether a session belongs with the workspace open now: it shares a root folder with it, or both have none. A chat
 * about one project is noise in another's history.
 */
function sharesWorkspace(sessionRoots: readonly string[], currentRoots: readonly string[]): boolean {
  if (sessionRoots.length === 0 || currentRoots.length === 0) return sessionRoots.length === currentRoots.length;
  const key = (root: string) => (process.platform === 'win32' ? path.resolve(root).toLowerCase() : path.resolve(root));
  const current = new Set(currentRoots.map(key));
  return sessionRoots.some((root) => current.has(key(root)));
}

interface WriteSlot {
  latest: SessionRecord | undefined;
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
  drained: Promise<void>;
}

export class SessionStoreError extends Error {
  override readonly name = 'SessionStoreError';
}

export class SessionStore {
  readonly directory: string;
  private sequence = 0;

  constructor(directory: string) {
    this.directory = path.resolve(directory);
  }

  fileOf(id: string): string {
    const checked = SessionIdSchema.safeParse(id);
    if (!checked.success) throw new SessionStoreError(`"${id}" is not a session id (${describeSchemaError(checked.error)}).`);
    return path.join(this.directory, `${id}.json`);
  }

  /** Every readable session, or with `workspaceRoots` only those of that workspace (see `sharesWorkspace`). */
  async list(options: { workspaceRoots?: readonly string[] } = {}): Promise<SessionList> {
    let names: string[];
    try {
      names = await fs.readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { sessions: [], problems: [] };
      throw new SessionStoreError(`Could not read the sessions folder ${this.directory}: ${(error as Error).message}.`);
    }
    const sessions: SessionSummary[] = [];
    const problems: StoreProblem[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const file = path.join(this.directory, name);
      try {
        const summary = SummarySchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
        if (!summary.success) {
          problems.push({ file, message: `Skipped ${file}: it is not a Codewright session file (${describeSchemaError(summary.error)}).` });
          continue;
        }
        const { id, title, model, createdAt, updatedAt, workspaceRoots } = summary.data;
        if (options.workspaceRoots && !sharesWorkspace(workspaceRoots, options.workspaceRoots)) continue;
        sessions.push({ id, title, model, createdAt, updatedAt, workspaceRoots });
      } catch (error) {
        problems.push({ file, message: `Skipped ${file}: ${readProblem(error)}.` });
      }
    }
    sessions.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return { sessions, problems };
  }

  /** The whole session; throws SessionStoreError with a sentence when it is missing or unreadable. */
  async load(id: string): Promise<SessionRecord> {
    const file = this.fileOf(id);
    let raw: string;
    try {
      raw = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new SessionStoreError(`There is no session "${id}" in ${this.directory}.`);
      throw new SessionStoreError(`Could not read session "${id}": ${(error as Error).message}.`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new SessionStoreError(`Session file ${file} is corrupt (${readProblem(error)}); it cannot be resumed.`);
    }
    const parsed = SessionRecordSchema.safeParse(json);
    if (!parsed.success)
      throw new SessionStoreError(`Session file ${file} is not valid (${describeSchemaError(parsed.error)}); it cannot be resumed.`);
    return parsed.data;
  }

  /**
   * Writes the record atomically. Saves of one session are serialised, and while one is being written only the newest
   * waiting snapshot is kept, so a burst of saves costs at most two writes. Resolves when `record` (or a newer one) is on disk.
   */
  save(record: SessionRecord): Promise<void> {
    const file = this.fileOf(record.id);
    let slot = this.slots.get(record.id);
    if (!slot) {
      slot = { latest: undefined, waiters: [], drained: Promise.resolve() };
      this.slots.set(record.id, slot);
    }
    slot.latest = record;
    const saved = new Promise<void>((resolve, reject) => slot.waiters.push({ resolve, reject }));
    if (!this.draining.has(record.id)) slot.drained = this.drain(record.id, file, slot);
    return saved;
  }

  /** Resolves when every save requested so far for `id` has reached the disk (or failed). */
  async flush(id: string): Promise<void> {
    await this.slots.get(id)?.drained;
  }

  async rename(id: string, title: string): Promise<SessionRecord> {
    const record = await this.load(id);
    const renamed = { ...record, title: title.trim() || record.title, updatedAt: new Date().toISOString() };
    await this.save(renamed);
    return renamed;
  }

  async delete(id: string): Promise<void> {
    const file = this.fileOf(id);
    await this.flush(id);
    await fs.rm(file, { force: true });
  }

  private readonly slots = new Map<string, WriteSlot>();
  private readonly draining = new Set<string>();

  private async drain(id: string, file: string, slot: WriteSlot): Promise<void> {
    this.draining.add(id);
    try {
      while (slot.latest) {
        const record = slot.latest;
        const waiters = slot.waiters;
        slot.latest = undefined;
        slot.waiters = [];
        try {
          await this.write(file, record);
          for (const waiter of waiters) waiter.resolve();
        } catch (error) {
          for (const waiter of waiters) waiter.reject(error);
        }
      }
    } finally {
      this.draining.delete(id);
      this.slots.delete(id);
    }
  }

  private async write(file: string, record: SessionRecord): Promise<void> {
    await fs.mkdir(this.directory, { recursive: true });
    const temporary = `${file}.${process.pid}.${++this.sequence}.tmp`;
    try {
      const handle = await fs.open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(JSON.stringify(record));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      throw new SessionStoreError(`Could not save session "${record.id}" to ${this.directory}: ${(error as Error).message}.`);
    }
  }
}

function readProblem(error: unknown): string {
  if (error instanceof SyntaxError) return `it is not valid JSON (${error.message})`;
  return error instanceof Error ? error.message : String(error);
}
