// Remembers which proposals are pending across a window reload. The review promises die with the extension host, so
// after a reload these proposals can only be answered as cancelled; remembering them lets the user be told which
// edits were never written, and lets a resumed session find them. workspaceState is a trust boundary: zod-validated.
import type * as vscode from 'vscode';
import * as z from 'zod/mini';

const KEY = 'codewright.review.pending';

export const StoredProposalSchema = z.object({
  callId: z.string().check(z.minLength(1)),
  path: z.string().check(z.minLength(1)),
  moveTo: z.optional(z.string().check(z.minLength(1))),
  kind: z.enum(['create_file', 'update_file', 'delete_file']),
  proposedAt: z.number(),
});
export type StoredProposal = z.infer<typeof StoredProposalSchema>;

const StoredSchema = z.array(StoredProposalSchema);

export class ReviewStore {
  constructor(
    private readonly state: vscode.Memento,
    private readonly onInvalid: (message: string) => void,
  ) {}

  /** What was pending when the window last went away; a malformed record is reported and dropped, never trusted. */
  read(): StoredProposal[] {
    const raw = this.state.get<unknown>(KEY);
    if (raw === undefined) return [];
    const parsed = StoredSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.onInvalid(`Dropped unreadable pending-edit records from workspace state: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return [];
  }

  write(pending: readonly StoredProposal[]): Thenable<void> {
    return this.state.update(KEY, pending.length ? pending : undefined);
  }
}
