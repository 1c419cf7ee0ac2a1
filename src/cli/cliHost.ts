// The headless host: flags decide what a user would click. Approved edits are written straight to disk, approved
// commands run as child processes in the workspace root; without the flags every edit and command is declined with
// a reason that tells the model (and the person reading the log) how to allow them.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AgentEvent } from '../shared/events';
import type { CommandApproval, CommandResult, EditDecision, EditReview, Host, HostContext, RunOptions } from '../core/host';
import { resolveWorkspacePath } from '../core/patch';
import { runProcess } from '../core/shell/processRunner';

export const EDITS_NEED_APPROVAL = 'edits need approval: rerun with --approve-edits';
export const COMMANDS_NEED_APPROVAL = 'commands need approval: rerun with --approve-commands';

export interface CliHostOptions {
  root: string;
  approveEdits: boolean;
  approveCommands: boolean;
  emit: (event: AgentEvent) => void;
}

/** The shell runProcess uses, named to the model in the system prompt. */
function defaultShell(): string {
  return process.platform === 'win32' ? (process.env['ComSpec'] ?? 'cmd.exe') : '/bin/sh';
}

export class CliHost implements Host {
  readonly workspaceRoots: readonly string[];
  private readonly options: CliHostOptions;

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

  runCommand(command: string, options: RunOptions): Promise<CommandResult> {
    return runProcess(command, { ...options, shell: defaultShell() });
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
