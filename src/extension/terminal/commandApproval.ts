// The command policy as VS Code settings and trust define it, and the modal that asks the user when the chat view
// is not there to show Run / Reject itself.
import vscode = require('vscode');
import type { CommandPolicy } from '../../core/index';
import { loadAgent } from '../agent/agentModule';
import type { CommandApproval, CommandRequest } from '../../core/host';
import { readSettings, type Settings } from '../config/settings';
import { invisibleWarning, revealInvisible } from '../../shared/invisibleText';

/** The policy in force: the settings, except that Restricted Mode turns commands off whatever they say. */
export function commandPolicy(settings: Settings = readSettings()): CommandPolicy {
  return {
    mode: vscode.workspace.isTrusted ? settings['approval.commands'] : 'never',
    allow: settings['commands.allow'],
    deny: settings['commands.deny'],
    readOnlyCommands: settings['approval.readOnlyCommands'],
  };
}

/** How long a command may run when the model gives no timeout_ms. */
export function commandTimeoutMs(settings: Settings = readSettings()): number {
  return settings['commands.timeoutSeconds'] * 1000;
}

const RUN = 'Run';
const ALWAYS_ALLOW = 'Always Allow';
const REJECT = 'Reject';

/**
 * Asks with a modal dialog. "Always Allow" also adds the commands to `codewright.commands.allow` in the workspace
 * settings and changes nothing else; it is offered only for plain commands, since an entry can never approve one
 * with redirections, chains or substitutions. Rejects with an AbortError when `signal` aborts first.
 */
export async function approveCommandsInModal(request: CommandRequest, signal: AbortSignal): Promise<CommandApproval> {
  const plural = request.commands.length > 1;
  const message = plural ? `Codewright wants to run ${request.commands.length} commands.` : 'Codewright wants to run a command.';
  // What the user approves is what runs: bidi controls and invisible characters are spelled out, with a warning.
  const hidden = request.commands.map(invisibleWarning).find((w) => w !== undefined);
  const detail = [
    request.commands.map(revealInvisible).join('\n'),
    ...(hidden ? [hidden] : []),
    `in ${request.cwd}`,
    ...(request.why ? [`Asking because ${plural ? 'a command' : 'it'} ${request.why}.`] : []),
  ].join('\n\n');
  const offerAllow = request.commands.every((c) => c.trim() !== '' && loadAgent().allowlistBlocker(c) === undefined);
  const buttons = offerAllow ? [RUN, ALWAYS_ALLOW, REJECT] : [RUN, REJECT];
  const choice = await abortable(vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons), signal);
  if (choice === RUN) return { approved: true };
  if (choice === ALWAYS_ALLOW) {
    await addToAllowlist(request.commands);
    return { approved: true };
  }
  return { approved: false };
}

/** Appends the commands to `codewright.commands.allow` (workspace settings when a folder is open, else user settings). */
export async function addToAllowlist(commands: readonly string[]): Promise<void> {
  const config = vscode.workspace.getConfiguration('codewright');
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const inspected = config.inspect<string[]>('commands.allow');
  const current = (target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
  const entries = Array.isArray(current) ? current.filter((e): e is string => typeof e === 'string') : [];
  const added = commands.map((c) => c.trim()).filter((c) => c !== '' && !entries.includes(c));
  if (added.length === 0) return;
  await config.update('commands.allow', [...entries, ...added], target);
  if (commandPolicy().mode !== 'allowlist') {
    void vscode.window.showInformationMessage(
      `Added to codewright.commands.allow: ${added.join(', ')}. It runs without asking once codewright.approval.commands is 'allowlist'.`,
    );
  }
}

function abortable<T>(promise: Thenable<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(approvalAborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(approvalAborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function approvalAborted(): Error {
  const error = new Error('The request to run commands was cancelled before the user answered.');
  error.name = 'AbortError';
  return error;
}
