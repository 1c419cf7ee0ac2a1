import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ApplyPatchOperation } from '../../src/shared/events';
import type { EditDecision, EditReview } from '../../src/core/host';
import { proposeChange } from '../../src/core/patch';
import type { TestApi } from '../../src/extension/extension';
import type { ReviewDialogs } from '../../src/extension/editReview/reviewDialogs';
import { ReviewManager } from '../../src/extension/editReview/reviewManager';
import { PROPOSAL_SCHEME } from '../../src/extension/editReview/reviewDocuments';
import { activateExtension, manifest, MemoryState, waitFor } from './support';

const workspace = () => {
  const dir = process.env.CODEWRIGHT_TEST_WORKSPACE;
  if (!dir) throw new Error('CODEWRIGHT_TEST_WORKSPACE is not set: run the integration tests through npm test');
  return dir;
};
const abs = (rel: string) => path.join(workspace(), rel);
const read = (rel: string) => fs.readFileSync(abs(rel), 'utf8');
const exists = (rel: string) => fs.existsSync(abs(rel));
const put = (rel: string, content: string) => {
  fs.mkdirSync(path.dirname(abs(rel)), { recursive: true });
  fs.writeFileSync(abs(rel), content);
};

let counter = 0;
const update = (p: string, diff: string, moveTo?: string): ApplyPatchOperation => ({
  type: 'update_file',
  path: p,
  diff,
  ...(moveTo ? { move_to: moveTo } : {}),
});

function proposalTabs(callId?: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => {
      if (!(t.input instanceof vscode.TabInputTextDiff) || t.input.modified.scheme !== PROPOSAL_SCHEME) return false;
      return callId === undefined || new URLSearchParams(t.input.modified.query).get('id') === callId;
    });
}

describe('edit review', function () {
  let api: TestApi;
  let review: ReviewManager;

  /** Proposes an operation against the workspace as it is now and starts its review, as the Host does. */
  async function start(operation: ApplyPatchOperation, signal = new AbortController().signal) {
    const callId = `call_review_${++counter}`;
    const edit: EditReview = { callId, operation, change: await proposeChange(workspace(), operation) };
    const decision = review.review(edit, signal);
    // Observed without awaiting, so a rejection cannot go unhandled while the test drives the review.
    decision.catch(() => undefined);
    return { callId, decision };
  }

  async function pendingFor(callId: string): Promise<void> {
    await waitFor(() => review.pending().some((e) => e.callId === callId), `${callId} to be pending`);
  }

  async function setApproval(value: 'ask' | 'auto' | 'never' | undefined): Promise<void> {
    await vscode.workspace.getConfiguration('codewright').update('approval.edits', value, vscode.ConfigurationTarget.Workspace);
  }

  const log = vscode.window.createOutputChannel('Codewright review test', { log: true });

  /** A review of its own whose questions the test answers: trust as given, reasons from `answers` in turn. */
  function answeredReview(dialogs: Partial<ReviewDialogs>): ReviewManager {
    const asked: ReviewDialogs = {
      isTrusted: () => true,
      askRejectReason: () => Promise.reject(new Error('no reason asked for')),
      ...dialogs,
    };
    return new ReviewManager({ state: new MemoryState(), log, dialogs: asked });
  }

  before(async () => {
    api = await activateExtension();
    review = api.review.manager;
  });

  after(() => log.dispose());

  afterEach(async () => {
    await review.rejectAll('test cleanup');
    if (review !== api.review.manager) review.dispose();
    review = api.review.manager;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens an update as a diff of virtual documents and writes nothing before it is accepted', async () => {
    put('review/update.txt', 'one\ntwo\nthree\n');
    const { callId, decision } = await start(update('review/update.txt', '@@\n one\n-two\n+TWO\n three'));
    await pendingFor(callId);
    const [tab] = await waitFor(() => proposalTabs(callId).length > 0 && proposalTabs(callId), 'the proposal diff to open');
    const input = tab!.input as vscode.TabInputTextDiff;
    assert.equal(tab!.label, 'review/update.txt (Codewright proposal)');
    assert.equal(input.original.scheme, PROPOSAL_SCHEME);
    assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), 'one\ntwo\nthree\n');
    assert.equal((await vscode.workspace.openTextDocument(input.modified)).getText(), 'one\nTWO\nthree\n');
    assert.equal(read('review/update.txt'), 'one\ntwo\nthree\n', 'nothing is written while the edit is pending');

    assert.deepEqual(await review.accept(callId), { status: 'accepted' });
    assert.deepEqual(await decision, { status: 'accepted' });
    assert.equal(read('review/update.txt'), 'one\nTWO\nthree\n');
    assert.equal(proposalTabs(callId).length, 0, 'the diff closes once decided');
    assert.equal(review.outcome(callId), 'accepted');
  });

  it('a rejection writes nothing and carries the reason back', async () => {
    put('review/reject.txt', 'keep\n');
    const { callId, decision } = await start(update('review/reject.txt', '@@\n-keep\n+lose'));
    await pendingFor(callId);
    await review.reject(callId, '  use tabs  ');
    assert.deepEqual(await decision, { status: 'rejected', reason: 'use tabs' });
    assert.equal(read('review/reject.txt'), 'keep\n');
  });

  it('asks for an optional reason when rejected; backing out of the box keeps the edit pending', async () => {
    const asked: string[] = [];
    const answers = [undefined, 'name it better'];
    review = answeredReview({
      askRejectReason: async (edit) => {
        asked.push(edit.label);
        return answers.shift();
      },
    });
    put('review/reason.txt', 'r\n');
    const { callId, decision } = await start(update('review/reason.txt', '@@\n-r\n+s'));
    await pendingFor(callId);
    await review.rejectWithPrompt(callId);
    assert.deepEqual(
      review.pending().map((e) => e.callId),
      [callId],
      'Escape in the reason box decides nothing',
    );
    await review.rejectWithPrompt(callId);
    assert.deepEqual(await decision, { status: 'rejected', reason: 'name it better' });
    assert.deepEqual(asked, ['review/reason.txt', 'review/reason.txt']);
  });

  it('creates a file (and its folders) on accept, and nothing on reject', async () => {
    const created = await start({ type: 'create_file', path: 'review/new/deep/made.ts', diff: '+export const x = 1;\n+' });
    await pendingFor(created.callId);
    const tab = await waitFor(() => proposalTabs(created.callId)[0], 'the create diff');
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), '', 'a new file diffs against empty');
    // As the diff title bar button does: the command receives the diff's resource.
    await vscode.commands.executeCommand('codewright.acceptEdit', input.modified);
    assert.equal((await created.decision).status, 'accepted');
    assert.equal(read('review/new/deep/made.ts'), 'export const x = 1;\n\n');

    const refused = await start({ type: 'create_file', path: 'review/never.ts', diff: '+nope' });
    await pendingFor(refused.callId);
    await review.reject(refused.callId);
    assert.deepEqual(await refused.decision, { status: 'rejected' });
    assert.equal(exists('review/never.ts'), false);
  });

  it('deletes a file on accept, and keeps it on reject', async () => {
    put('review/gone.txt', 'bye\n');
    put('review/stays.txt', 'hi\n');
    const gone = await start({ type: 'delete_file', path: 'review/gone.txt' });
    const stays = await start({ type: 'delete_file', path: 'review/stays.txt' });
    await pendingFor(gone.callId);
    await pendingFor(stays.callId);
    await review.accept(gone.callId);
    await review.reject(stays.callId);
    assert.equal((await gone.decision).status, 'accepted');
    assert.equal((await stays.decision).status, 'rejected');
    assert.equal(exists('review/gone.txt'), false);
    assert.equal(read('review/stays.txt'), 'hi\n');
  });

  it('moves and edits a file on accept, and leaves both paths alone on reject', async () => {
    put('review/old-name.ts', 'const a = 1;\nconst b = 2;\n');
    const moved = await start(update('review/old-name.ts', '@@\n const a = 1;\n-const b = 2;\n+const b = 3;', 'review/moved/new-name.ts'));
    await pendingFor(moved.callId);
    assert.equal(review.pending().find((e) => e.callId === moved.callId)?.label, 'review/old-name.ts → review/moved/new-name.ts');
    await review.accept(moved.callId);
    assert.equal((await moved.decision).status, 'accepted');
    assert.equal(exists('review/old-name.ts'), false);
    assert.equal(read('review/moved/new-name.ts'), 'const a = 1;\nconst b = 3;\n');

    put('review/stay-name.ts', 'x\n');
    const refused = await start(update('review/stay-name.ts', '@@\n-x\n+y', 'review/other-name.ts'));
    await pendingFor(refused.callId);
    await review.reject(refused.callId);
    assert.equal(read('review/stay-name.ts'), 'x\n');
    assert.equal(exists('review/other-name.ts'), false);
  });

  it('goes through the editor undo stack: Undo after accept restores the previous content', async () => {
    put('review/undo.ts', 'let value = 1;\nlet other = 2;\n');
    const doc = await vscode.workspace.openTextDocument(abs('review/undo.ts'));
    await vscode.window.showTextDocument(doc);
    const { callId, decision } = await start(update('review/undo.ts', '@@\n-let value = 1;\n+let value = 42;'));
    await pendingFor(callId);
    await review.accept(callId);
    assert.equal((await decision).status, 'accepted', JSON.stringify(await decision));
    assert.equal(doc.getText(), 'let value = 42;\nlet other = 2;\n');
    assert.equal(doc.isDirty, false, 'the accepted edit is saved');

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), 'let value = 1;\nlet other = 2;\n');
  });

  it('re-applies the patch when the file changed on disk after the proposal', async () => {
    put('review/drift.txt', 'a\nb\nc\nd\ne\nf\n');
    const { callId, decision } = await start(update('review/drift.txt', '@@\n a\n-b\n+B\n c'));
    await pendingFor(callId);
    put('review/drift.txt', 'a\nb\nc\nd\ne\nF by hand\n');
    const result = await review.accept(callId);
    assert.equal(result?.status, 'accepted');
    assert.match((result as { note?: string }).note ?? '', /changed since the edit was proposed; the patch was re-applied/);
    assert.deepEqual(await decision, result);
    assert.equal(read('review/drift.txt'), 'a\nB\nc\nd\ne\nF by hand\n');
  });

  it('re-applies on top of unsaved changes in the editor buffer', async () => {
    put('review/dirty.txt', 'one\ntwo\nthree\nfour\n');
    const doc = await vscode.workspace.openTextDocument(abs('review/dirty.txt'));
    await vscode.window.showTextDocument(doc);
    const { callId, decision } = await start(update('review/dirty.txt', '@@\n-one\n+ONE'));
    await pendingFor(callId);
    const typing = new vscode.WorkspaceEdit();
    typing.replace(doc.uri, new vscode.Range(3, 0, 3, 4), 'FOUR');
    assert.ok(await vscode.workspace.applyEdit(typing));
    assert.equal(doc.isDirty, true);
    await review.accept(callId);
    assert.equal((await decision).status, 'accepted', JSON.stringify(await decision));
    assert.equal(read('review/dirty.txt'), 'ONE\ntwo\nthree\nFOUR\n');
  });

  it('writes nothing and tells the model when the changed file no longer fits the patch', async () => {
    put('review/clash.txt', 'alpha\nbeta\ngamma\n');
    const { callId, decision } = await start(update('review/clash.txt', '@@\n alpha\n-beta\n+BETA\n gamma'));
    await pendingFor(callId);
    put('review/clash.txt', 'alpha\nbeta was rewritten by hand\ngamma\n');
    const result = await review.accept(callId);
    assert.equal(result?.status, 'failed');
    const reason = (result as Extract<EditDecision, { status: 'failed' }>).reason;
    assert.match(reason, /review\/clash\.txt changed after the edit was proposed and the patch no longer applies/);
    assert.match(reason, /Failed to find expected lines/);
    assert.deepEqual(await decision, result);
    assert.equal(read('review/clash.txt'), 'alpha\nbeta was rewritten by hand\ngamma\n');
  });

  it('keeps a proposal pending when its diff tab is closed; it reopens and is accepted from the command', async () => {
    put('review/closed.txt', 'x\n');
    const { callId, decision } = await start(update('review/closed.txt', '@@\n-x\n+y'));
    const tab = await waitFor(() => proposalTabs(callId)[0], 'the proposal diff');
    await vscode.window.tabGroups.close(tab);
    assert.equal(proposalTabs(callId).length, 0);
    assert.deepEqual(
      review.pending().map((e) => e.callId),
      [callId],
      'closing the tab decides nothing',
    );

    assert.equal(await review.openDiff(callId), true);
    await waitFor(() => proposalTabs(callId).length > 0, 'the diff to reopen');
    await vscode.window.tabGroups.close(proposalTabs(callId));

    // No argument and no proposal in the active tab: the only pending edit is meant.
    await vscode.commands.executeCommand('codewright.acceptEdit');
    assert.equal((await decision).status, 'accepted', JSON.stringify(await decision));
    assert.equal(read('review/closed.txt'), 'y\n');
  });

  it('lists pending edits in the quick pick, which opens the chosen diff', async () => {
    put('review/picked.txt', 'p\n');
    const { callId } = await start(update('review/picked.txt', '@@\n-p\n+q'));
    await vscode.window.tabGroups.close(await waitFor(() => proposalTabs(callId)[0], 'the proposal diff'));
    await vscode.commands.executeCommand('codewright.showPendingEdits');
    await waitFor(async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return proposalTabs(callId).length > 0;
    }, 'the quick pick to open the diff');
  });

  it('accepts every pending file of a turn with Accept All, in proposal order', async () => {
    const files = ['review/all-1.txt', 'review/all-2.txt', 'review/all-3.txt'];
    for (const f of files) put(f, 'before\n');
    const started: Awaited<ReturnType<typeof start>>[] = [];
    for (const f of files) started.push(await start(update(f, '@@\n-before\n+after')));
    for (const s of started) await pendingFor(s.callId);
    assert.equal(api.review.signals.item.text, '$(diff) 3 pending edits');
    await waitFor(() => proposalTabs(started[0]!.callId).length > 0, 'the first diff');
    assert.equal(proposalTabs().length, 1, 'one diff at a time: the others wait their turn');

    await vscode.commands.executeCommand('codewright.acceptAllEdits');
    for (const s of started) assert.equal((await s.decision).status, 'accepted');
    for (const f of files) assert.equal(read(f), 'after\n');
    assert.equal(review.pending().length, 0);
  });

  it('Accept All and Reject All also answer the rest of the turn, whose edits the session proposes one at a time', async () => {
    for (const f of ['review/turn-1.txt', 'review/turn-2.txt', 'review/turn-3.txt', 'review/other-turn.txt']) put(f, 'v1\n');
    const turn = new AbortController();
    const first = await start(update('review/turn-1.txt', '@@\n-v1\n+v2'), turn.signal);
    await pendingFor(first.callId);
    await vscode.commands.executeCommand('codewright.acceptAllEdits');
    assert.equal((await first.decision).status, 'accepted');
    const second = await start(update('review/turn-2.txt', '@@\n-v1\n+v2'), turn.signal);
    assert.deepEqual(await second.decision, { status: 'accepted' }, 'a later edit of the same turn is written as it comes');
    assert.equal(read('review/turn-2.txt'), 'v2\n');

    const other = await start(update('review/other-turn.txt', '@@\n-v1\n+v2'));
    await pendingFor(other.callId);
    await vscode.commands.executeCommand('codewright.rejectAllEdits', 'wrong approach');
    assert.deepEqual(await other.decision, { status: 'rejected', reason: 'wrong approach' });
    assert.equal(read('review/other-turn.txt'), 'v1\n', "another turn is not accepted by the first one's Accept All");

    const rejectedTurn = new AbortController();
    const a = await start(update('review/turn-3.txt', '@@\n-v1\n+v2'), rejectedTurn.signal);
    await pendingFor(a.callId);
    await review.rejectAll('wrong file');
    const b = await start(update('review/turn-3.txt', '@@\n-v1\n+v3'), rejectedTurn.signal);
    const result = await b.decision;
    assert.equal(result.status, 'rejected');
    assert.match((result as { reason?: string }).reason ?? '', /^wrong file \(The user chose Reject All/);
    assert.equal(read('review/turn-3.txt'), 'v1\n');
    assert.equal(review.pending().length, 0);
  });

  it('shows the next pending file once one is decided, so a multi-file patch is reviewed file by file', async () => {
    put('review/seq-1.txt', '1\n');
    put('review/seq-2.txt', '2\n');
    const first = await start(update('review/seq-1.txt', '@@\n-1\n+one'));
    const second = await start(update('review/seq-2.txt', '@@\n-2\n+two'));
    await waitFor(() => proposalTabs(first.callId).length > 0, 'the first diff');
    await pendingFor(second.callId);
    await vscode.commands.executeCommand('codewright.rejectEdit', first.callId, 'not this one');
    assert.deepEqual(await first.decision, { status: 'rejected', reason: 'not this one' });
    await waitFor(() => proposalTabs(second.callId).length > 0, 'the second diff to take its place');
    let settled = false;
    void second.decision.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(settled, false, 'a review resolves only once the user decided on that call');
  });

  it('applies at once in auto mode and stays reviewable afterwards as an applied diff', async () => {
    await setApproval('auto');
    try {
      put('review/auto.txt', 'old\n');
      const { callId, decision } = await start(update('review/auto.txt', '@@\n-old\n+new'));
      assert.deepEqual(await decision, { status: 'accepted' });
      assert.equal(read('review/auto.txt'), 'new\n');
      assert.equal(review.pending().length, 0);
      assert.equal(await review.openDiff(callId), true);
      const tab = await waitFor(
        () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'review/auto.txt (Codewright, applied)'),
        'the applied diff',
      );
      const input = tab.input as vscode.TabInputTextDiff;
      assert.equal(input.original.scheme, PROPOSAL_SCHEME);
      assert.equal(
        input.modified.toString(),
        vscode.Uri.file(abs('review/auto.txt')).toString(),
        'the right side is the real file, where Undo works',
      );
    } finally {
      await setApproval(undefined);
    }
  });

  it('rejects every edit, saying edits are off, in never mode', async () => {
    await setApproval('never');
    try {
      put('review/never.txt', 'same\n');
      const { decision } = await start(update('review/never.txt', '@@\n-same\n+changed'));
      const result = await decision;
      assert.equal(result.status, 'rejected');
      assert.match((result as { reason?: string }).reason ?? '', /edits are turned off.*"never"/);
      assert.equal(read('review/never.txt'), 'same\n');
      assert.equal(proposalTabs().length, 0, 'nothing is shown');
    } finally {
      await setApproval(undefined);
    }
  });

  it('treats Restricted Mode as never, whatever the setting says', async () => {
    // The test host runs with workspace trust disabled (always trusted), so trust is simulated through the review's dialogs.
    await setApproval('auto');
    review = answeredReview({ isTrusted: () => false });
    try {
      assert.equal(review.approval(), 'never');
      put('review/restricted.txt', 'safe\n');
      const result = await (await start(update('review/restricted.txt', '@@\n-safe\n+unsafe'))).decision;
      assert.equal(result.status, 'rejected');
      assert.match((result as { reason?: string }).reason ?? '', /Restricted Mode/);
      assert.equal(read('review/restricted.txt'), 'safe\n');
    } finally {
      await setApproval(undefined);
    }
  });

  it("does not take focus: the active editor stays the user's file", async () => {
    put('review/typing.ts', 'user\n');
    put('review/target.ts', 'target\n');
    const mine = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(abs('review/typing.ts')));
    const { callId } = await start(update('review/target.ts', '@@\n-target\n+proposed'));
    await waitFor(() => proposalTabs(callId).length > 0, 'the proposal diff');
    await waitFor(() => vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === PROPOSAL_SCHEME), 'the diff to be visible');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), mine.document.uri.toString());
    assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, 'typing.ts', "the user's tab keeps its group active");
  });

  it('keeps CRLF line endings', async () => {
    put('review/crlf.txt', 'a\r\nb\r\nc\r\n');
    const { callId, decision } = await start(update('review/crlf.txt', '@@\n a\n-b\n+B\n+b2\n c'));
    await pendingFor(callId);
    await review.accept(callId);
    assert.equal((await decision).status, 'accepted', JSON.stringify(await decision));
    assert.equal(read('review/crlf.txt'), 'a\r\nB\r\nb2\r\nc\r\n');
  });

  it('keeps a UTF-8 byte order mark', async () => {
    put('review/bom.txt', '\uFEFFfirst\nsecond\n');
    const { callId, decision } = await start(update('review/bom.txt', '@@\n-second\n+SECOND'));
    await pendingFor(callId);
    await review.accept(callId);
    assert.equal((await decision).status, 'accepted', JSON.stringify(await decision));
    assert.equal(read('review/bom.txt'), '\uFEFFfirst\nSECOND\n');
  });

  it('discards a proposal whose session was cancelled: the review rejects, the tab closes, the marks clear', async () => {
    put('review/cancel.txt', 'c\n');
    const controller = new AbortController();
    const { callId, decision } = await start(update('review/cancel.txt', '@@\n-c\n+d'), controller.signal);
    await waitFor(() => proposalTabs(callId).length > 0, 'the proposal diff');
    const uri = vscode.Uri.file(abs('review/cancel.txt'));
    assert.equal(api.review.signals.decorations.provideFileDecoration(uri)?.badge, 'CW');
    assert.equal(api.review.signals.item.text, '$(diff) 1 pending edit');

    controller.abort();
    await assert.rejects(decision, (e: Error) => e.name === 'AbortError');
    assert.equal(review.pending().length, 0);
    await waitFor(() => proposalTabs(callId).length === 0, 'the diff to close');
    assert.equal(api.review.signals.decorations.provideFileDecoration(uri), undefined);
    assert.equal(review.outcome(callId), 'cancelled');
    assert.equal(read('review/cancel.txt'), 'c\n');
    assert.equal(await review.accept(callId), undefined, 'a discarded proposal cannot be accepted later');
  });

  it('refuses paths outside the workspace or inside .git before showing anything', async () => {
    const signal = new AbortController().signal;
    for (const bad of ['../outside.txt', '.git/config']) {
      const result = await review.review(
        {
          callId: `call_bad_${++counter}`,
          operation: { type: 'create_file', path: bad, diff: '+x' },
          change: { path: bad, oldContent: null, newContent: 'x\n' },
        },
        signal,
      );
      assert.equal(result.status, 'failed', bad);
      assert.match((result as { reason: string }).reason, /outside the workspace|\.git folder/);
    }
    assert.equal(review.pending().length, 0);
    assert.equal(proposalTabs().length, 0);
    assert.equal(fs.existsSync(path.join(workspace(), '..', 'outside.txt')), false);
  });

  it('remembers pending proposals across a reload and reports them as interrupted, dropping malformed records', async () => {
    const values = new Map<string, unknown>();
    const memento: vscode.Memento = {
      keys: () => [...values.keys()],
      get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
      update: async (key: string, value: unknown) => void (value === undefined ? values.delete(key) : values.set(key, value)),
    };
    const log = vscode.window.createOutputChannel('Codewright review test', { log: true });
    try {
      const before = new ReviewManager({ state: memento, log, root: workspace });
      put('review/reload.txt', 'r\n');
      const operation = update('review/reload.txt', '@@\n-r\n+s');
      void before
        .review({ callId: 'call_reload', operation, change: await proposeChange(workspace(), operation) }, new AbortController().signal)
        .catch(() => undefined);
      await waitFor(() => before.pending().length === 1, 'the proposal to be pending');
      before.dispose();

      const after = new ReviewManager({ state: memento, log, root: workspace });
      assert.deepEqual(
        after.interrupted.map((p) => [p.callId, p.path, p.kind]),
        [['call_reload', 'review/reload.txt', 'update_file']],
      );
      assert.equal(read('review/reload.txt'), 'r\n', 'never half-applied');
      assert.equal(new ReviewManager({ state: memento, log, root: workspace }).interrupted.length, 0, 'answered once, then forgotten');

      values.set('codewright.review.pending', [{ callId: 42 }]);
      assert.deepEqual(new ReviewManager({ state: memento, log, root: workspace }).interrupted, []);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    } finally {
      log.dispose();
    }
  });

  it('closes proposal diffs restored from before a reload, which no longer have a proposal behind them', async () => {
    const left = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: '/review/old.txt', query: 'id=call_from_last_window&side=original' });
    const right = left.with({ query: 'id=call_from_last_window&side=proposed' });
    await vscode.commands.executeCommand('vscode.diff', left, right, 'review/old.txt (Codewright proposal)', { preview: false });
    await waitFor(() => proposalTabs('call_from_last_window').length > 0, 'the restored diff');
    assert.match((await vscode.workspace.openTextDocument(right)).getText(), /no longer pending/);
    await review.closeStaleTabs();
    await waitFor(() => proposalTabs('call_from_last_window').length === 0, 'the stale diff to close');
  });

  it('contributes the review commands to the diff title bar, for proposal diffs only, with non-clashing keybindings', async () => {
    const m = manifest() as ReturnType<typeof manifest> & {
      contributes: {
        menus: Record<string, { command: string; when?: string; group?: string }[]>;
        keybindings: { command: string; key: string; when?: string }[];
      };
    };
    const title = m.contributes.menus['editor/title'] ?? [];
    for (const command of ['codewright.acceptEdit', 'codewright.rejectEdit']) {
      const entry = title.find((e) => e.command === command);
      assert.ok(entry, command);
      assert.equal(entry.when, `resourceScheme == ${PROPOSAL_SCHEME}`);
      assert.match(entry.group ?? '', /^navigation/);
    }
    const ours = m.contributes.keybindings.filter((k) => k.command.startsWith('codewright.'));
    for (const command of ['codewright.acceptAllEdits', 'codewright.rejectAllEdits'])
      assert.ok(
        ours.some((k) => k.command === command),
        `${command} has a keybinding`,
      );

    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const defaults = await waitFor(() => vscode.window.activeTextEditor?.document.getText(), 'the default keybindings');
    // The file lists every contributed keybinding, ours included: any other command on our keys is a clash.
    const others = [...defaults.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].filter((x) => !x[2]!.startsWith('codewright.'));
    assert.ok(others.length > 100, 'the default keybindings were read');
    for (const k of ours)
      assert.deepEqual(
        others.filter((x) => x[1] === k.key).map((x) => x[2]),
        [],
        `${k.key} is free in VS Code ${vscode.version}`,
      );
  });
});
