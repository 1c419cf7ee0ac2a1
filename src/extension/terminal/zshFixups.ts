// Newer VS Code builds turn zsh's history expansion off themselves when a terminal's environment asks for it: their zsh
// integration script reads VSCODE_AGENT_ZSH_FIXUPS (set by VS Code's own agent terminals) and runs `setopt NO_BANG_HIST
// INTERACTIVE_COMMENTS` before the first prompt. Where the installed script knows the variable, nothing needs to be typed
// into the user's terminal; older builds ignore it, and the runner passes a command with a `!` or `#` to `eval`.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ZSH_FIXUPS_VARIABLE = 'VSCODE_AGENT_ZSH_FIXUPS';

/** Where VS Code keeps its shell integration scripts, relative to `vscode.env.appRoot`. */
const ZSH_SCRIPT = path.join('out', 'vs', 'workbench', 'contrib', 'terminal', 'common', 'scripts', 'shellIntegration-rc.zsh');

const known = new Map<string, boolean>();

/** Whether the zsh integration script of the VS Code at `appRoot` honours ZSH_FIXUPS_VARIABLE (read once per root). */
export function zshFixupsFromEnvironment(appRoot: string): boolean {
  let supported = known.get(appRoot);
  if (supported === undefined) {
    try {
      supported = readFileSync(path.join(appRoot, ZSH_SCRIPT), 'utf8').includes(ZSH_FIXUPS_VARIABLE);
    } catch {
      // No script where this build keeps it (a remote or repackaged host): type the line, as on older builds.
      supported = false;
    }
    known.set(appRoot, supported);
  }
  return supported;
}
