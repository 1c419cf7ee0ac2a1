// The checkpoints feature: every chat turn that edits or runs something is recorded first (the chat's sessions get a
// checkpointing host), and the workspace can be put back: Undo Last Turn, Restore Workspace to Before a Turn… (and
// Restore to here on a message in the chat), Changes in a Turn… as a multi-file diff. Checkpoints live in the
// extension's workspace storage, never in the workspace; a deleted chat's checkpoints go with it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import vscode = require('vscode');
import type { Checkpoints, TurnSummary } from '../../core/index';
import { errorText } from '../../shared/errorText';
import type { Entry, WebviewMessage } from '../../shared/protocol';
import type { AgentModule } from '../agent/agentModule';
import type { SessionFactory } from '../agent/sessionFactory';
import { checkpointSettings } from './checkpointSettings';
import { restoreWorkspace, vscodeRestoreDialogs, type RestoreDialogs } from './restoreFlow';
import { CHECKPOINT_SCHEME, CheckpointContentProvider, showTurnChanges } from './turnChanges';

export interface CheckpointsDeps {
  log: vscode.LogOutputChannel;
  sessions: SessionFactory;
  /** The chat's current session id, if a chat is open. */
  currentSession: () => string | undefined;
  /** The chat page's messages (Restore to here and Changes in this turn arrive as `checkpoint`) and its entries. */
  chatMessages?: vscode.Event<WebviewMessage>;
  chatEntries?: () => readonly Entry[];
  /** Takes the chat back to before the user message `id` (Restore to here, with the chat). */
  rewindChat?: (id: string) => void;
  /** Tells when the chat went back before some of its messages, whose turns then stop being the chat's. */
  onChatRewind?: (listener: (rewind: { sessionId: string; messages: number }) => void) => vscode.Disposable;
}

export interface CheckpointsFeature {
  /** How a restore asks and tells (the integration tests answer in place of the user). */
  dialogs: RestoreDialogs;
  /** This workspace's checkpoints; undefined without a folder open. */
  store(): Checkpoints | undefined;
  /** Restores to before `turn` of the current chat, with the dialogs of a restore. */
  restoreTurn(turn: number): Promise<void>;
  /** Restores to before the chat's last turn that changed something. */
  undoLastTurn(): Promise<void>;
  /** The number of the chat's `fromEnd`-th last turn (1: the last), as the checkpoints count them. */
  turnFromEnd(fromEnd: number): Promise<number | undefined>;
}

export function registerCheckpoints(context: vscode.ExtensionContext, deps: CheckpointsDeps): CheckpointsFeature {
  let cached: { key: string; store: Checkpoints } | undefined;
  const base = (context.storageUri ?? context.globalStorageUri).fsPath;

  const store = (): Checkpoints | undefined => {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    if (roots.length === 0) return undefined;
    const settings = checkpointSettings();
    const key = JSON.stringify({ roots, settings });
    if (cached?.key !== key) {
      // The replaced instance's folder watches go with it.
      cached?.store.dispose();
      const agent: AgentModule = deps.sessions.agent();
      const dir = agent.workspaceCheckpointDir(path.join(base, 'checkpoints'), roots);
      cached = {
        key,
        store: new agent.Checkpoints({
          dir,
          roots,
          exclude: settings.exclude,
          maxFileBytes: settings.maxFileBytes,
          budgetBytes: settings.budgetBytes,
        }),
      };
    }
    return cached.store;
  };

  context.subscriptions.push({ dispose: () => cached?.store.dispose() });

  const feature: CheckpointsFeature = {
    dialogs: vscodeRestoreDialogs,
    store,
    restoreTurn: (turn) => restoreTurn(turn),
    undoLastTurn: () => undoLastTurn(),
    turnFromEnd: (n) => turnFromEnd(n),
  };

  deps.sessions.wrapSavedHosts((host, sessionId) => {
    const checkpoints = store();
    return checkpoints ? new (deps.sessions.agent().CheckpointingHost)(host, checkpoints, sessionId) : host;
  });

  const turnsOfChat = async (): Promise<{ sessionId: string; store: Checkpoints; turns: TurnSummary[] } | undefined> => {
    const sessionId = deps.currentSession();
    const checkpoints = store();
    if (!sessionId || !checkpoints) {
      void vscode.window.showInformationMessage("Open a chat in a workspace folder first: checkpoints belong to a chat's turns.");
      return undefined;
    }
    const turns = (await checkpoints.turns(sessionId)) ?? [];
    if (!turns.some((t) => t.status !== 'unchanged')) {
      void vscode.window.showInformationMessage('No turn of this chat has changed the workspace yet.');
      return undefined;
    }
    return { sessionId, store: checkpoints, turns };
  };

  const pickTurn = async (placeHolder: string): Promise<{ sessionId: string; store: Checkpoints; turn: number } | undefined> => {
    const chat = await turnsOfChat();
    if (!chat) return undefined;
    const items = [...chat.turns]
      .reverse()
      .filter((t) => t.status !== 'unchanged')
      .map((t) => ({
        label: `Turn ${t.turn}`,
        description: new Date(t.startedAt).toLocaleString(),
        detail: describe(t, chat.store),
        turn: t.turn,
      }));
    const picked = await vscode.window.showQuickPick(items, { placeHolder });
    return picked && { sessionId: chat.sessionId, store: chat.store, turn: picked.turn };
  };

  const restoreTurn = async (turn: number, afterRestore?: () => void): Promise<void> => {
    const sessionId = deps.currentSession();
    const checkpoints = store();
    if (!sessionId || !checkpoints) return;
    await restoreWorkspace(checkpoints, { sessionId, turn, label: `before turn ${turn}` }, feature.dialogs, afterRestore);
  };

  const undoLastTurn = async (): Promise<void> => {
    const chat = await turnsOfChat();
    const last = chat?.turns.filter((t) => t.status !== 'unchanged').at(-1);
    if (chat && last)
      await restoreWorkspace(
        chat.store,
        { sessionId: chat.sessionId, turn: last.turn, label: `before turn ${last.turn}` },
        feature.dialogs,
      );
  };

  const turnFromEnd = async (fromEnd: number): Promise<number | undefined> => {
    const sessionId = deps.currentSession();
    const turns = sessionId ? await store()?.turns(sessionId) : undefined;
    return turns?.[turns.length - fromEnd]?.turn;
  };

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(CHECKPOINT_SCHEME, new CheckpointContentProvider(() => store())),
    vscode.commands.registerCommand('codewright.undoLastTurn', undoLastTurn),
    vscode.commands.registerCommand('codewright.restoreToTurn', async () => {
      const picked = await pickTurn('Restore the workspace to how it was before this turn');
      if (picked)
        await restoreWorkspace(
          picked.store,
          { sessionId: picked.sessionId, turn: picked.turn, label: `before turn ${picked.turn}` },
          feature.dialogs,
        );
    }),
    vscode.commands.registerCommand('codewright.showTurnChanges', async (turn?: unknown) => {
      const sessionId = deps.currentSession();
      const checkpoints = store();
      const chosen =
        typeof turn === 'number' && sessionId && checkpoints
          ? { sessionId, store: checkpoints, turn }
          : await pickTurn('Show what this turn changed');
      if (!chosen) return;
      if (!(await showTurnChanges(chosen.store, chosen.sessionId, chosen.turn))) {
        void vscode.window.showInformationMessage(`Turn ${chosen.turn} has no finished record of its changes to show.`);
      }
    }),
    removeWithSessions(deps, store),
  );
  if (deps.onChatRewind) {
    context.subscriptions.push(
      deps.onChatRewind(({ sessionId, messages }) => {
        store()
          ?.forgetLastTurns(sessionId, messages)
          .catch((error: unknown) => deps.log.warn(`Could not update the checkpoints of chat ${sessionId}: ${errorText(error)}`));
      }),
    );
  }
  if (deps.chatMessages) {
    context.subscriptions.push(
      deps.chatMessages((message) => {
        if (message.type === 'checkpoint') void fromChat(message.action, message.id);
      }),
    );
  }

  /**
   * A user message's turn: the k-th last message of the chat is its k-th last turn (counted from the end, as the chat's
   * own rewind does, because compaction may have dropped the conversation's beginning).
   */
  async function fromChat(action: 'restore' | 'changes', id: string): Promise<void> {
    const users = (deps.chatEntries?.() ?? []).filter((entry) => entry.kind === 'user');
    const index = users.findIndex((entry) => entry.id === id);
    const turn = index < 0 ? undefined : await turnFromEnd(users.length - index);
    if (turn === undefined) {
      void vscode.window.showInformationMessage(
        'Codewright has no checkpoint for that message: its turn ran before checkpoints were recorded.',
      );
      return;
    }
    if (action === 'changes') {
      await vscode.commands.executeCommand('codewright.showTurnChanges', turn);
      return;
    }
    const scope = await feature.dialogs.confirmRestore();
    if (scope === undefined) return;
    await restoreTurn(turn, scope === 'filesAndChat' ? () => deps.rewindChat?.(id) : undefined);
  }
  return feature;
}

function describe(turn: TurnSummary, store: Checkpoints): string {
  if (turn.status === 'pruned') return 'Its checkpoints were removed to stay within codewright.checkpoints.budgetMB.';
  if (turn.status === 'unfinished') return 'Did not finish: what it changed is not known, but it can be restored.';
  const names = turn.changes.map((c) => store.display(c));
  return `${names.length} file${names.length === 1 ? '' : 's'}: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}`;
}

/** A chat deleted from the history takes its checkpoints with it. */
function removeWithSessions(deps: CheckpointsDeps, store: () => Checkpoints | undefined): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(vscode.Uri.file(deps.sessions.sessionsDir), '*.json'),
    true,
    true,
    false,
  );
  watcher.onDidDelete(async (uri) => {
    const id = path.basename(uri.fsPath, '.json');
    // A save renames a new file over the old one, which a watcher may report as a delete: only a file really gone counts.
    if (existsSync(uri.fsPath)) return;
    try {
      await store()?.removeSession(id);
    } catch (error) {
      deps.log.warn(`Could not remove the checkpoints of chat ${id}: ${errorText(error)}`);
    }
  });
  return watcher;
}
