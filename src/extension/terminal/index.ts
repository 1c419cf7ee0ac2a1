// The terminal feature: the agent's commands run in an integrated terminal (or the fallback pseudoterminal) once the
// user approved them, in the chat's command card or, when the chat is hidden, in a modal; in the OS sandbox when
// codewright.sandbox allows it, shown live in the pseudoterminal.
import vscode = require('vscode');
import type { HostParts } from '../agent/vscodeHost';
import { addToAllowlist, approveCommandsInModal } from './commandApproval';
import { SandboxChoice } from './sandboxChoice';
import { TerminalRunner } from './terminalRunner';

/** What the agent's Host needs to approve and run commands. */
export type TerminalFeature = Pick<HostParts, 'runner' | 'approveInModal' | 'addToAllowlist'>;

export function registerTerminal(context: vscode.ExtensionContext, deps: { log: vscode.LogOutputChannel }): TerminalFeature {
  const runner = new TerminalRunner({ log: (m) => deps.log.info(m), sandbox: new SandboxChoice() });
  context.subscriptions.push(runner);
  return { runner, approveInModal: approveCommandsInModal, addToAllowlist };
}
