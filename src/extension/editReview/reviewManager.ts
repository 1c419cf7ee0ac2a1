// The review of proposed file edits: each one waits, as a native diff, for the user to accept or reject it (or is
// applied at once / refused, per `codewright.approval.edits`). This is the VS Code host's `reviewEdit`; the chat's
// edit cards and the commands call accept / reject / openDiff by call id.
import vscode = require('vscode');
import { errorText } from '../../shared/errorText';
import type { EditDecision, EditReview } from '../../core/host';
import { loadAgent } from '../agent/agentModule';
import { parseProposalUri, PROPOSAL_SCHEME, ProposalDocuments, proposalUri } from './reviewDocuments';
import { vscodeReviewDialogs, type ReviewDialogs } from './reviewDialogs';
import { ReviewStore, StoredProposal } from './reviewStore';
import { WriteTarget, writeChange } from './reviewWriter';
import { EditApproval, readSettings } from '../config/settings';

export type EditKind = EditReview['operation']['type'];

/** A proposal as the chat, the quick pick and the explorer see it. */
export interface PendingEdit {
  readonly callId: string;
  readonly kind: EditKind;
  /** Workspace-relative path the operation names. */
  readonly path: string;
  /** Workspace-relative destination of a move. */
  readonly moveTo?: string;
  /** "src/a.ts", or "src/a.ts → src/b.ts" for a move. */
  readonly label: string;
  /** The file on disk the proposal changes (the source of a move). */
  readonly uri: vscode.Uri;
  readonly proposedAt: number;
  /** True while an accepted edit is being written. */
  readonly writing: boolean;
}

export type ReviewOutcome = EditDecision['status'] | 'cancelled';

interface Proposal {
  edit: PendingEdit & { writing: boolean };
  target: WriteTarget;
  original: vscode.Uri;
  proposed: vscode.Uri;
  /** The session's signal for the turn that proposed it. */
  signal?: AbortSignal;
  outcome?: ReviewOutcome;
  settle?: (decision: EditDecision | 'cancelled') => void;
}

export interface ReviewOptions {
  state: vscode.Memento;
  log: vscode.LogOutputChannel;
  /** The folder relative patch paths resolve against (the Host's first workspace root). */
  root?: () => string | undefined;
  approval?: () => EditApproval;
  /** The questions to the user; VS Code's own dialogs unless a test answers them. */
  dialogs?: ReviewDialogs;
}

/** Accept All / Reject All answer the rest of the turn too: the session reviews a turn's edits one after another. */
type TurnVerdict = { accept: true } | { accept: false; reason?: string };

/** How many decided proposals stay reopenable as diffs from the chat. */
const HISTORY = 50;

export class ReviewManager implements vscode.Disposable {
  readonly documents = new ProposalDocuments();
  private readonly pendingById = new Map<string, Proposal>();
  private readonly decided = new Map<string, Proposal>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever the set of pending edits (or their state) changes. */
  readonly onDidChange = this.changed.event;
  private readonly store: ReviewStore;
  /** Proposals whose diff is being opened right now: proposals arriving together must not each open their own. */
  private readonly opening = new Set<string>();
  /** Set while Accept All / Reject All run, so the diffs of the files being settled do not flash by one by one. */
  private bulk = false;
  /** Keyed by the turn's AbortSignal, which the session passes to every review of that turn. */
  private readonly turnVerdicts = new WeakMap<AbortSignal, TurnVerdict>();
  /** Proposals that were pending when the window last closed: never written, answered as cancelled on resume. */
  readonly interrupted: readonly StoredProposal[];

  private readonly dialogs: ReviewDialogs;

  constructor(private readonly options: ReviewOptions) {
    this.dialogs = options.dialogs ?? vscodeReviewDialogs;
    this.store = new ReviewStore(options.state, (m) => options.log.warn(m));
    this.interrupted = this.store.read();
    void this.store.write([]);
  }

  /** The approval mode in force: Restricted Mode turns edits off whatever the setting says. */
  approval(): EditApproval {
    if (!this.dialogs.isTrusted()) return 'never';
    return this.options.approval?.() ?? readSettings((m) => this.options.log.warn(m))['approval.edits'];
  }

  /**
   * Shows the proposal and resolves with the user's decision once they made it; an accepted edit is written before.
   * Rejects with an AbortError when `signal` aborts first (the proposal is then discarded: tabs closed, marks cleared).
   */
  async review(review: EditReview, signal: AbortSignal): Promise<EditDecision> {
    signal.throwIfAborted();
    const mode = this.approval();
    if (mode === 'never') {
      const reason = this.dialogs.isTrusted()
        ? 'File edits are turned off (the setting codewright.approval.edits is "never"), so nothing was written. Describe the change in your answer instead.'
        : 'This workspace is in Restricted Mode, so Codewright cannot edit files and nothing was written. Describe the change in your answer instead; the user can trust the workspace to allow edits.';
      return { status: 'rejected', reason };
    }
    if (this.pendingById.has(review.callId) || this.decided.has(review.callId)) {
      return {
        status: 'failed',
        reason: `The call id ${review.callId} was already reviewed; nothing was written. Propose the edit again in a new call.`,
      };
    }

    let proposal: Proposal;
    try {
      proposal = await this.prepare(review);
    } catch (error) {
      if (error instanceof loadAgent().PatchError) return { status: 'failed', reason: error.message };
      throw error;
    }

    const verdict = this.turnVerdicts.get(signal);
    if (verdict && !verdict.accept) {
      this.remember(proposal, 'rejected');
      const why = 'The user chose Reject All, which rejects every edit of this turn; nothing was written.';
      return { status: 'rejected', reason: verdict.reason ? `${verdict.reason} (${why})` : why };
    }
    if (mode === 'auto' || verdict?.accept) {
      const decision = await this.write(proposal);
      if (decision.status === 'failed') this.warnFailed(proposal, decision.reason);
      this.remember(proposal, decision.status);
      return decision;
    }

    signal.throwIfAborted();
    const decided = new Promise<EditDecision | 'cancelled'>((resolve) => (proposal.settle = resolve));
    const onAbort = () => {
      // An edit already being written finishes: a half-applied file is worse than a late answer.
      if (!proposal.edit.writing) void this.finish(proposal, 'cancelled');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    proposal.signal = signal;
    this.pendingById.set(review.callId, proposal);
    this.pendingChanged();
    void this.ensureShown();
    try {
      const decision = await decided;
      if (decision === 'cancelled') throw abortError(signal);
      return decision;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Pending edits in the order they were proposed. */
  pending(): PendingEdit[] {
    return [...this.pendingById.values()].map((p) => ({ ...p.edit }));
  }

  /** How a call's review ended (undefined while pending or for an unknown id). */
  outcome(callId: string): ReviewOutcome | undefined {
    return this.decided.get(callId)?.outcome;
  }

  /** Writes a pending edit and answers its review; undefined when `callId` is not pending. */
  async accept(callId: string): Promise<EditDecision | undefined> {
    const proposal = this.pendingById.get(callId);
    if (!proposal || proposal.edit.writing) return undefined;
    proposal.edit.writing = true;
    this.pendingChanged();
    const decision = await this.write(proposal);
    if (decision.status === 'failed') this.warnFailed(proposal, decision.reason);
    await this.finish(proposal, decision);
    if (decision.status === 'accepted' && proposal.edit.kind === 'create_file') await this.openCreated(proposal);
    return decision;
  }

  /** A file the user just accepted into being opens, unless more proposals wait for review (their diffs come first). */
  private async openCreated(proposal: Proposal): Promise<void> {
    if (this.pendingById.size > 0) return;
    try {
      await vscode.window.showTextDocument(proposal.edit.uri, { preview: false, preserveFocus: true });
    } catch (error) {
      this.options.log.warn(`Could not open the created file ${proposal.edit.label}: ${errorText(error)}`);
    }
  }

  /** Answers a pending edit as rejected; `reason` goes back to the model. Undefined when `callId` is not pending. */
  async reject(callId: string, reason?: string): Promise<EditDecision | undefined> {
    const proposal = this.pendingById.get(callId);
    if (!proposal || proposal.edit.writing) return undefined;
    const trimmed = reason?.trim();
    const decision: EditDecision = trimmed ? { status: 'rejected', reason: trimmed } : { status: 'rejected' };
    await this.finish(proposal, decision);
    return decision;
  }

  /** Asks for an optional reason, then rejects; undefined when the user backed out (the edit stays pending). */
  async rejectWithPrompt(callId: string): Promise<EditDecision | undefined> {
    const proposal = this.pendingById.get(callId);
    if (!proposal) return undefined;
    const reason = await this.dialogs.askRejectReason({ ...proposal.edit });
    if (reason === undefined) return undefined;
    return this.reject(callId, reason);
  }

  /**
   * Accepts every pending edit, one after another in proposal order (later edits to the same file re-apply on top),
   * and the edits their turns propose from now on, which are then written as they come.
   */
  acceptAll(): Promise<EditDecision[]> {
    return this.settleAll({ accept: true }, (callId) => this.accept(callId));
  }

  /** Rejects every pending edit and the edits their turns propose from now on; `reason` goes back to the model. */
  rejectAll(reason?: string): Promise<EditDecision[]> {
    const trimmed = reason?.trim();
    return this.settleAll(trimmed ? { accept: false, reason: trimmed } : { accept: false }, (callId) => this.reject(callId, reason));
  }

  private async settleAll(verdict: TurnVerdict, decide: (callId: string) => Promise<EditDecision | undefined>): Promise<EditDecision[]> {
    const out: EditDecision[] = [];
    this.bulk = true;
    for (const p of this.pendingById.values()) if (p.signal) this.turnVerdicts.set(p.signal, verdict);
    try {
      for (const callId of [...this.pendingById.keys()]) {
        const decision = await decide(callId);
        if (decision) out.push(decision);
      }
    } finally {
      this.bulk = false;
    }
    return out;
  }

  /**
   * Opens the diff of a proposal without taking focus: a pending one as proposed, an accepted one as the snapshot it
   * was made from against the file now (where Undo works), others as they were proposed. False for an unknown id.
   */
  async openDiff(callId: string): Promise<boolean> {
    const pending = this.pendingById.get(callId);
    if (pending) {
      await this.showProposal(pending);
      return true;
    }
    const done = this.decided.get(callId);
    if (!done) return false;
    const { edit, target } = done;
    if (done.outcome === 'accepted' && edit.kind !== 'delete_file') {
      const now = target.moveTo?.uri ?? target.uri;
      await this.diff(done.original, now, `${edit.label} (Codewright, applied)`);
    } else {
      await this.diff(done.original, done.proposed, `${edit.label} (Codewright proposal, ${done.outcome ?? 'closed'})`);
    }
    return true;
  }

  /** The pending proposal a URI belongs to: a proposal document, or the file on disk a pending edit targets. */
  callIdFor(uri: vscode.Uri): string | undefined {
    const parsed = parseProposalUri(uri);
    if (parsed) return this.pendingById.has(parsed.callId) ? parsed.callId : undefined;
    for (const p of this.pendingById.values()) if (p.edit.uri.toString() === uri.toString()) return p.edit.callId;
    return undefined;
  }

  /** The pending proposal shown in the active editor tab, if any. */
  activeCallId(): string | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const uri = input instanceof vscode.TabInputTextDiff ? input.modified : input instanceof vscode.TabInputText ? input.uri : undefined;
    return uri && this.callIdFor(uri);
  }

  /** Closes editor tabs of proposals that are no longer pending (e.g. restored by the editor after a reload). */
  async closeStaleTabs(): Promise<void> {
    const stale = this.proposalTabs().filter(({ callId }) => !this.pendingById.has(callId));
    if (stale.length) await vscode.window.tabGroups.close(stale.map((t) => t.tab));
  }

  private async prepare(review: EditReview): Promise<Proposal> {
    const root = this.options.root?.() ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!root)
      throw new (loadAgent().PatchError)(
        'No folder is open in VS Code, so there is nowhere to write files. Ask the user to open a folder.',
      );
    const { change, operation } = review;
    // Checked again here, whatever produced the proposal: nothing outside the workspace or inside .git is ever shown.
    const absolute = loadAgent().resolveWorkspacePath(root, change.path);
    const moveTo = change.moveTo ? loadAgent().resolveWorkspacePath(root, change.moveTo) : undefined;
    const relPath = change.path;
    const relMove = change.moveTo;
    const label = relMove ? `${relPath} → ${relMove}` : relPath;
    const uri = vscode.Uri.file(absolute);

    this.documents.set(review.callId, change.oldContent ?? '', change.newContent ?? '');
    return {
      edit: {
        callId: review.callId,
        kind: operation.type,
        path: relPath,
        moveTo: relMove,
        label,
        uri,
        proposedAt: Date.now(),
        writing: false,
      },
      target: {
        kind: operation.type,
        path: relPath,
        uri,
        moveTo: moveTo && relMove ? { path: relMove, uri: vscode.Uri.file(moveTo) } : undefined,
        oldContent: change.oldContent,
        newContent: change.newContent,
        reapply: (current) => loadAgent().applyOperation(current, operation) ?? '',
      },
      original: proposalUri(review.callId, 'original', relPath),
      proposed: proposalUri(review.callId, 'proposed', relMove ?? relPath),
    };
  }

  private async write(proposal: Proposal): Promise<EditDecision> {
    const result = await writeChange(proposal.target);
    if (!result.ok) {
      this.options.log.warn(`Edit to ${proposal.edit.label} failed: ${result.reason}`);
      return { status: 'failed', reason: result.reason };
    }
    this.options.log.info(`Applied the edit to ${proposal.edit.label}${result.note ? ` (${result.note})` : ''}`);
    return result.note ? { status: 'accepted', note: result.note } : { status: 'accepted' };
  }

  private warnFailed(proposal: Proposal, reason: string): void {
    void vscode.window.showWarningMessage(`Codewright could not apply the edit to ${proposal.edit.label}. ${reason}`);
  }

  private async finish(proposal: Proposal, decision: EditDecision | 'cancelled'): Promise<void> {
    if (!this.pendingById.delete(proposal.edit.callId)) return;
    const wasShown = this.proposalTabs().some((t) => t.callId === proposal.edit.callId);
    this.remember(proposal, decision === 'cancelled' ? 'cancelled' : decision.status);
    this.pendingChanged();
    proposal.settle?.(decision);
    // A diff still opening is closed once it is open (closing it half-way trips the workbench).
    if (!this.opening.has(proposal.edit.callId)) await this.closeTabs(proposal.edit.callId);
    // Review file by file: the next pending proposal takes the place of the one just decided.
    if (wasShown && decision !== 'cancelled') await this.ensureShown();
  }

  private remember(proposal: Proposal, outcome: ReviewOutcome): void {
    proposal.outcome = outcome;
    proposal.edit.writing = false;
    this.decided.set(proposal.edit.callId, proposal);
    for (const [callId, old] of this.decided) {
      if (this.decided.size <= HISTORY) break;
      this.decided.delete(callId);
      this.documents.forget(old.edit.callId);
    }
  }

  private pendingChanged(): void {
    void this.store.write(
      [...this.pendingById.values()].map(({ edit }) => ({
        callId: edit.callId,
        path: edit.path,
        ...(edit.moveTo ? { moveTo: edit.moveTo } : {}),
        kind: edit.kind,
        proposedAt: edit.proposedAt,
      })),
    );
    this.changed.fire();
  }

  /** One diff at a time: shows the first pending proposal unless one is open or opening (the others wait their turn). */
  private async ensureShown(): Promise<void> {
    if (this.opening.size || this.bulk) return;
    if (this.proposalTabs().some((t) => this.pendingById.has(t.callId))) return;
    const next = this.pendingById.values().next();
    if (!next.done) await this.showProposal(next.value);
  }

  private async showProposal(proposal: Proposal): Promise<void> {
    this.opening.add(proposal.edit.callId);
    try {
      await this.diff(proposal.original, proposal.proposed, `${proposal.edit.label} (Codewright proposal)`);
    } catch (error) {
      // The proposal stays pending and reopenable from the chat and the Pending Edits list.
      this.options.log.warn(`Could not open the diff of ${proposal.edit.label}: ${errorText(error)}`);
    } finally {
      this.opening.delete(proposal.edit.callId);
    }
    // Decided while its diff was opening: that diff must not linger, and the next proposal gets its turn.
    if (!this.pendingById.has(proposal.edit.callId)) {
      await this.closeTabs(proposal.edit.callId);
      await this.ensureShown();
    }
  }

  private async diff(left: vscode.Uri, right: vscode.Uri, title: string): Promise<void> {
    // Never steal focus (typing must keep landing in the user's file): beside the active editor, or in the group
    // already showing a proposal.
    const shown = this.proposalTabs()[0];
    const active = vscode.window.activeTextEditor;
    const viewColumn = shown
      ? shown.tab.group.viewColumn
      : active && active.document.uri.scheme !== PROPOSAL_SCHEME
        ? vscode.ViewColumn.Beside
        : vscode.ViewColumn.Active;
    const options: vscode.TextDocumentShowOptions = { preserveFocus: true, preview: true, viewColumn };
    // The command's promise can stay pending for good when the tab is closed while it opens (seen on VS Code 1.100):
    // the diff counts as shown once its tab exists.
    const tab = tabOpened(right);
    try {
      await Promise.race([vscode.commands.executeCommand('vscode.diff', left, right, title, options), tab.opened]);
    } finally {
      tab.dispose();
    }
  }

  private proposalTabs(): { tab: vscode.Tab; callId: string }[] {
    const out: { tab: vscode.Tab; callId: string }[] = [];
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        const input = tab.input;
        const uri =
          input instanceof vscode.TabInputTextDiff ? input.modified : input instanceof vscode.TabInputText ? input.uri : undefined;
        const parsed = uri && parseProposalUri(uri);
        if (parsed) out.push({ tab, callId: parsed.callId });
      }
    }
    return out;
  }

  private async closeTabs(callId: string): Promise<void> {
    const tabs = this.proposalTabs()
      .filter((t) => t.callId === callId)
      .map((t) => t.tab);
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
  }

  dispose(): void {
    // The extension host is going away (reload, shutdown): pending proposals stay in workspace state so the next
    // activation knows they were never written; their promises die with this host.
    this.changed.dispose();
  }
}

/** Resolves once a diff tab whose right side is `right` exists (or after a while, so nothing waits on it forever). */
function tabOpened(right: vscode.Uri): { opened: Promise<void>; dispose(): void } {
  const key = right.toString();
  const present = () =>
    vscode.window.tabGroups.all.some((g) =>
      g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === key),
    );
  let listener: vscode.Disposable | undefined;
  let timer: NodeJS.Timeout | undefined;
  const opened = new Promise<void>((resolve) => {
    listener = vscode.window.tabGroups.onDidChangeTabs(() => present() && resolve());
    timer = setTimeout(resolve, 10_000);
  });
  return {
    opened,
    dispose: () => {
      listener?.dispose();
      clearTimeout(timer);
    },
  };
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('The review was cancelled.', 'AbortError');
}
