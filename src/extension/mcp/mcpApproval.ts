// Asking the user before an MCP tool runs: the server, the tool and the arguments, with Allow, Always Allow This Tool
// (remembered for this workspace) and Deny. Behind an interface so the integration tests answer without a dialog.
import vscode = require('vscode');
import type { McpApproval, McpApprovalRequest } from '../../core/index';

export type McpAnswer = 'allow' | 'always' | 'deny';

export interface McpDialogs {
  /** Resolves with the user's answer, or undefined when the question was dismissed; `signal` aborts when the turn is cancelled. */
  ask(request: McpApprovalRequest, signal: AbortSignal): Thenable<McpAnswer | undefined>;
}

const ALLOW = 'Allow';
const ALWAYS = 'Always Allow This Tool';
const DENY = 'Deny';
const ALWAYS_ALLOWED = 'codewright.mcp.alwaysAllowed';
const MAX_SHOWN_ARGUMENTS = 1_500;

export const vscodeMcpDialogs: McpDialogs = {
  ask: async (request) => {
    const args = JSON.stringify(request.arguments, null, 2);
    const shown = args.length > MAX_SHOWN_ARGUMENTS ? `${args.slice(0, MAX_SHOWN_ARGUMENTS)}\n…` : args;
    const answer = await vscode.window.showWarningMessage(
      `Codewright wants to run the tool "${request.tool}" of the MCP server "${request.server}".`,
      { modal: true, detail: `Arguments:\n${shown}` },
      ALLOW,
      ALWAYS,
      DENY,
    );
    return answer === ALLOW ? 'allow' : answer === ALWAYS ? 'always' : answer === DENY ? 'deny' : undefined;
  },
};

export class McpApprovals {
  constructor(
    private readonly state: vscode.Memento,
    private dialogs: McpDialogs,
  ) {}

  /** Tests answer the questions themselves. */
  useDialogs(dialogs: McpDialogs): void {
    this.dialogs = dialogs;
  }

  /** The tools this workspace always allows, as `server/tool`. */
  get alwaysAllowed(): readonly string[] {
    return this.state.get<string[]>(ALWAYS_ALLOWED, []);
  }

  async approve(request: McpApprovalRequest, signal: AbortSignal): Promise<McpApproval> {
    const key = `${request.server}/${request.tool}`;
    if (this.alwaysAllowed.includes(key)) return { approved: true };
    const answer = await raceAbort(Promise.resolve(this.dialogs.ask(request, signal)), signal);
    if (answer === 'always') await this.state.update(ALWAYS_ALLOWED, [...this.alwaysAllowed, key]);
    if (answer === 'allow' || answer === 'always') return { approved: true };
    return { approved: false, ...(answer === undefined ? { reason: 'the user dismissed the question' } : {}) };
  }
}

/** The answer, or an AbortError as soon as the turn is cancelled (the dialog's late answer is then ignored). */
function raceAbort<T>(answer: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      const error = new Error('The turn was cancelled.');
      error.name = 'AbortError';
      reject(error);
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    answer.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
