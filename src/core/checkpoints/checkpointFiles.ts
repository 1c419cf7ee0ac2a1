// What a checkpoint store keeps on disk, read back through zod: a manifest per checkpoint (only what changed since the
// checkpoint it builds on) and a file per session mapping its turns to checkpoints. A file that does not parse is
// reported, never trusted: restore writes into the user's workspace from these.
import * as z from 'zod/mini';

export const CHECKPOINT_FILE_VERSION = 1;

const count = z.int().check(z.minimum(0));
const hash = z.string().check(z.regex(/^[0-9a-f]{64}$/));
export const CheckpointIdSchema = z
  .string()
  .check(z.regex(/^[0-9a-z]{10}-[0-9a-f]{8}$/, 'a checkpoint id is a time stamp and 8 hex digits'));

/** A root-relative path with `/` separators that cannot leave its root. */
const relPath = z.string().check(
  z.refine(
    (p) =>
      p.length > 0 && !p.startsWith('/') && !p.includes('\\') && p.split('/').every((part) => part !== '' && part !== '.' && part !== '..'),
    {
      message: 'a checkpoint path must stay inside its workspace folder',
    },
  ),
);

export const EntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    root: count,
    path: relPath,
    hash,
    size: count,
    /** Permission bits (`mode & 0o777`): the executable bit comes back with them. */
    mode: count,
    /** What the file's lstat said when it was hashed; an unchanged stat means unchanged content, so no rehash. */
    mtimeMs: z.number(),
    ctimeMs: z.number(),
    ino: z.number(),
  }),
  z.object({ kind: z.literal('symlink'), root: count, path: relPath, target: z.string() }),
  z.object({ kind: z.literal('dir'), root: count, path: relPath, mode: count }),
]);
export type Entry = z.infer<typeof EntrySchema>;

/** A file the checkpoint did not record, and why; a restore leaves such a file as it finds it. */
export const OmissionSchema = z.object({ root: count, path: relPath, reason: z.string() });
export type Omission = z.infer<typeof OmissionSchema>;

export const ManifestSchema = z.object({
  version: z.literal(CHECKPOINT_FILE_VERSION),
  id: CheckpointIdSchema,
  createdAt: z.string(),
  roots: z.array(z.string()),
  /** The checkpoint this one records changes against; null for a full manifest. */
  base: z.nullable(CheckpointIdSchema),
  changed: z.array(EntrySchema),
  /** Keys (`root:path`) present in the base and gone here. */
  removed: z.array(z.string()),
  /** Everything not recorded (over the size cap, unreadable, not storable), in full: omissions are not inherited. */
  omitted: z.array(OmissionSchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const TurnRecordSchema = z.object({
  /** 1-based: the session's Nth prompt. */
  turn: z.int().check(z.minimum(1)),
  startedAt: z.string(),
  /** The workspace before the turn's first edit or command; null while the turn has changed nothing. */
  before: z.nullable(CheckpointIdSchema),
  /** The workspace when the turn finished; null if it changed nothing or never finished. */
  after: z.nullable(CheckpointIdSchema),
  /** Every checkpoint the turn took (before each command), in order. */
  checkpoints: z.array(CheckpointIdSchema),
});
export type TurnRecord = z.infer<typeof TurnRecordSchema>;

export const RestoreRecordSchema = z.object({
  at: z.string(),
  /** The turn restored to, or null for a restore to a checkpoint (undoing an earlier restore). */
  turn: z.nullable(z.int()),
  /** The workspace just before the restore: restoring it undoes the restore. */
  undo: CheckpointIdSchema,
});
export type RestoreRecord = z.infer<typeof RestoreRecordSchema>;

export const SessionCheckpointsSchema = z.object({
  version: z.literal(CHECKPOINT_FILE_VERSION),
  sessionId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/)),
  turns: z.array(TurnRecordSchema),
  restores: z.array(RestoreRecordSchema),
  /** Checkpoints of turns the chat went back before (Edit and resend, Restore with the chat): removed with the session. */
  forgotten: z.optional(z.array(CheckpointIdSchema)),
});
export type SessionCheckpoints = z.infer<typeof SessionCheckpointsSchema>;

export function entryKey(entry: { root: number; path: string }): string {
  return `${entry.root}:${entry.path}`;
}
