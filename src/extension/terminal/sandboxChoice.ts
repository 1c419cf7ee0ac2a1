// Which sandbox the agent's commands run in: codewright.sandbox and codewright.sandbox.network as the user set them, the
// workspace folders as the only writable places, and what this machine offers (found once). Where the setting asks for
// a sandbox and none is available, the user is told once and commands run as before.
import vscode = require('vscode');
import type { SandboxKind, SandboxPolicy } from '../../core/index';
import { loadAgent } from '../agent/agentModule';
import { readSettings } from '../config/settings';
import type { SandboxHooks } from './terminalRunner';

const RUN_OUTSIDE = 'Run Outside the Sandbox';
const KEEP = 'Keep the Result';

export class SandboxChoice implements SandboxHooks {
  private machine: Promise<SandboxKind | undefined> | undefined;
  private told = false;

  constructor(private readonly notify: (message: string) => void = (m) => void vscode.window.showInformationMessage(m)) {}

  async current(): Promise<SandboxPolicy | undefined> {
    const settings = readSettings();
    if (settings.sandbox === 'off') return undefined;
    this.machine ??= loadAgent().detectSandbox();
    const kind = await this.machine;
    if (kind === undefined) {
      if (!this.told) this.notify(loadAgent().NO_SANDBOX);
      this.told = true;
      return undefined;
    }
    const writable = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    return { kind, writable, network: settings['sandbox.network'] };
  }

  async askToRunOutside(command: string, why: string, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false;
    const choice = await vscode.window.showWarningMessage(
      'A command failed in the sandbox.',
      {
        modal: true,
        detail: `$ ${command}\n\nIt failed, probably because ${why}. Run it again outside the sandbox, with your own permissions?`,
      },
      RUN_OUTSIDE,
      KEEP,
    );
    return choice === RUN_OUTSIDE && !signal.aborted;
  }
}
