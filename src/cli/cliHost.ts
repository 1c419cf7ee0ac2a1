// The headless host: flags decide what a user would click. Approved edits are written straight to disk, approved
// commands run as child processes in the workspace root; without the flags every edit and command is declined with
// a reason that tells the model (and the person reading the log) how to allow them.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AgentEvent } from '../shared/events';
import type { CommandApproval, CommandResult, EditDecision, EditReview, Host, HostContext, RunOptions } from '../core/host';
import { resolveWorkspacePath } from '../core/patch';
import { runProcess } from '../core/shell/processRunner';
import { detectSandbox, NO_SANDBOX, sandboxDenial, type SandboxKind } from '../core/shell/sandbox/sandbox';

export const EDITS_NEED_APPROVAL = 'edits need approval: rerun with --approve-edits';
export const COMMANDS_NEED_APPROVAL = 'commands need approval: rerun with --approve-commands';

/** `--sandbox` requires a sandbox, `--no-sandbox` never uses one; by default commands are sandboxed when one is available. */
export type CliSandbox = 'auto' | 'require' | 'off';

export const SANDBOX_REQUIRED =
  'The command was not run: --sandbox was given but no sandbox is available here (on Linux install bubblewrap). ' +
  'Install one, or rerun with --no-sandbox.';

export interface CliHostOptions {
  root: string;
  approveEdits: boolean;
  approveCommands: boolean;
  emit: (event: AgentEvent) => void;
  sandbox?: CliSandbox;
  /** Tells the person running the CLI something once (that no sandbox is available). */
  notice?: (message: string) => void;
}

/** The shell runProcess uses, named to the model in the system prompt. */
function defaultShell(): string {
  return process.platform === 'win32' ? (process.env['ComSpec'] ?? 'cmd.exe') : '/bin/sh';
}

export class CliHost implements Host {
  readonly workspaceRoots: readonly string[];
  private readonly options: CliHostOptions;
  private sandbox: Promise<SandboxKind | undefined> | undefined;

  constructor(options: CliHostOptions) {
    this.options = options;
    this.workspaceRoots = [options.root];
  }

  emit(event: AgentEvent): void {
    this.options.emit(event);
  }

  async reviewEdit(review: EditReview): Promise<EditDecision> {
    if (!this.options.approveEdits) return { status: 'rejected', reason: EDITS_NEED_APPROVAL };
    try {
      await writeChange(this.options.root, review);
      return { status: 'accepted' };
    } catch (error) {
      return { status: 'failed', reason: (error as Error).message };
    }
  }

  async approveCommands(): Promise<CommandApproval> {
    return this.options.approveCommands ? { approved: true } : { approved: false, reason: COMMANDS_NEED_APPROVAL };
  }

  async runCommand(command: string, options: RunOptions): Promise<CommandResult> {
    const kind = await this.sandboxKind();
    if (kind === undefined) {
      if (this.options.sandbox === 'require') return { stdout: '', stderr: SANDBOX_REQUIRED, outcome: { type: 'exit', exitCode: 127 } };
      return runProcess(command, { ...options, shell: defaultShell() });
    }
    const result = await runProcess(command, {
      ...options,
      shell: defaultShell(),
      sandbox: { kind, writable: this.workspaceRoots, network: false },
    });
    const denial = sandboxDenial(result);
    if (!denial) return result;
    const note = `This command ran in a sandbox (workspace writable, no network) and failed, probably because ${denial}. Rerun with --no-sandbox to run commands outside it.`;
    return { ...result, stderr: result.stderr === '' ? note : `${result.stderr}\n${note}` };
  }

  /** The sandbox commands run in, found on first use; says once when there is none. */
  private sandboxKind(): Promise<SandboxKind | undefined> {
    if (this.options.sandbox === 'off') return Promise.resolve(undefined);
    if (!this.sandbox) {
      this.sandbox = detectSandbox().then((kind) => {
        if (kind === undefined && this.options.sandbox !== 'require') this.options.notice?.(NO_SANDBOX);
        return kind;
      });
    }
    return this.sandbox;
  }

  async context(): Promise<HostContext> {
    return { shell: defaultShell() };
  }
}

/** Writes an accepted change, refusing to overwrite a file that changed since the patch was computed. */
async function writeChange(root: string, review: EditReview): Promise<void> {
  const { change } = review;
  const source = resolveWorkspacePath(root, change.path);
  const current = await fs.readFile(source, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (current !== change.oldContent) {
    throw new Error(`${change.path} changed on disk after the patch was computed; re-read it and send the patch again`);
  }
  if (change.newContent === null) {
    await fs.rm(source);
    return;
  }
  const target = change.moveTo ? resolveWorkspacePath(root, change.moveTo) : source;
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, change.newContent);
  if (target !== source) await fs.rm(source);
}
