// Runs the agent's commands where the user sees them: in a "Codewright" terminal per workspace folder, through
// VS Code's shell integration (executeCommand, output from execution.read(), the exit code from
// onDidEndTerminalShellExecution). When integration never activates (an unsupported shell, or
// terminal.integrated.shellIntegration.enabled off), the command runs as a child process instead and a
// "Codewright (fallback)" pseudoterminal shows it live. Either way every command ends: with its exit code, a timeout
// that killed its process tree, or an AbortError after Stop or after its terminal was closed.
import path from 'node:path';
import vscode = require('vscode');
import type { HeadTailBuffer } from '../../core/index';
import { loadAgent } from '../agent/agentModule';
import type { CommandResult, RunOptions } from '../../core/host';
import type { SandboxPolicy } from '../../core/index';
import { FallbackTerminal } from './fallbackTerminal';
import { ZSH_FIXUPS_VARIABLE, zshFixupsFromEnvironment } from './zshFixups';

export interface TerminalRunnerOptions {
  /** How long a new terminal's shell integration may take to activate before the fallback takes over. */
  shellIntegrationWaitMs?: number;
  /** Between SIGTERM and SIGKILL when a command's tree is killed. */
  killGraceMs?: number;
  /** Characters of output kept in memory per command (head and tail). */
  captureLimit?: number;
  /** Where to note which path ran a command and why the fallback was used. */
  log?: (message: string) => void;
  /** The sandbox commands run in, and how to ask whether to run one again outside it after the sandbox stopped it. */
  sandbox?: SandboxHooks;
}

export interface SandboxHooks {
  /** The sandbox to run the next command in (codewright.sandbox), or undefined to run it as the user's terminal would. */
  current(): Promise<SandboxPolicy | undefined>;
  /** Whether the user wants a command that the sandbox stopped (`why`) run again outside it. */
  askToRunOutside(command: string, why: string, signal: AbortSignal): Promise<boolean>;
}

const SHELL_INTEGRATION_WAIT_MS = 5000;
const KILL_GRACE_MS = 2000;
const CAPTURE_LIMIT = 1_000_000;
/** After the end event, how long the output stream may lag behind it. */
const DRAIN_MS = 1000;
/** After the kill, how long to wait for the command's end before sending Ctrl+C to the shell itself. */
const INTERRUPT_AFTER_MS = 1000;
/** After Ctrl+C and the kill, how long to wait for the shell to report the end before replacing the terminal. */
const END_AFTER_KILL_MS = 3000;
/** A line of our own (`cd` to the command's folder) must end within this. */
const SETUP_TIMEOUT_MS = 5000;
/** An empty `histchars` leaves bash no character to expand history with: nothing is typed into the terminal for it. */
const HISTORY_EXPANSION_ENV = { histchars: '' };
const zshFixups = (): boolean => zshFixupsFromEnvironment(vscode.env.appRoot);
/** Time between a command's end and the next command line sent to the same shell (see `execute`). */
const SETTLE_MS = 250;
/** After an end without exit code, how long to wait for the terminal's own exit status (the command exited the shell). */
const EXIT_STATUS_WAIT_MS = 1000;
/** Raw text of an unfinished line held back (to recognise zsh's end-of-line mark) before it is processed anyway. */
const MAX_HELD_LINE = 64 * 1024;

/**
 * zsh's PROMPT_SP mark (bold reverse `%` or `#`, spaces to the margin, `\r \r`) that it prints before each prompt; it
 * relies on the terminal wrapping at its width, which plain text has no notion of, so it is removed.
 */
const ZSH_EOL_MARK = /\x1b\[1m\x1b\[7m[%#]\x1b\[27m\x1b\[1m\x1b\[0m *\r \r/g;

/** Shells the fallback may run commands with; anything else (fish, nu, pwsh) gets /bin/sh. */
const POSIX_SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh']);

interface Folder {
  key: string;
  path: string;
  name: string;
}

interface ManagedTerminal {
  terminal: vscode.Terminal;
  /** Where the shell is as far as we know; undefined when a command may have moved it. */
  cwd: string | undefined;
  waitedForIntegration: boolean;
  /** When the last command in it ended (ms since the epoch). */
  lastEnd: number;
}

interface TrackedExecution {
  /** The exit code the shell reported; undefined when it reported none. */
  ended: Promise<number | undefined>;
  /** Settles when the output stream of the execution has ended. */
  output(): Promise<void>;
  dispose(): void;
}

export class TerminalRunner implements vscode.Disposable {
  private readonly terminals = new Map<string, ManagedTerminal>();
  private readonly fallbacks = new Map<string, FallbackTerminal>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** The terminal each folder's latest command showed in (the Codewright one, or the fallback). */
  private readonly shown = new Map<string, vscode.Terminal>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly options: TerminalRunnerOptions = {}) {
    this.subscriptions.push(vscode.window.onDidCloseTerminal((t) => this.forget(t)));
  }

  /** Host.runCommand: commands for the same folder run one after another, in the order they were asked for. */
  runCommand(command: string, options: RunOptions): Promise<CommandResult> {
    const folder = folderFor(options.cwd);
    const previous = this.queues.get(folder.key) ?? Promise.resolve();
    const result = untilAborted(previous, options.signal, command).then(() => this.run(command, options, folder));
    this.queues.set(folder.key, Promise.allSettled([previous, result]));
    return result;
  }

  /** The open terminal where commands for `cwd`'s folder show, for a "Show terminal" action; undefined before any ran. */
  terminalFor(cwd: string): vscode.Terminal | undefined {
    const terminal = this.shown.get(folderFor(cwd).key);
    return terminal && vscode.window.terminals.includes(terminal) ? terminal : undefined;
  }

  private async run(command: string, options: RunOptions, folder: Folder): Promise<CommandResult> {
    // Sandboxed commands run as child processes (a fresh one each, so nothing one defines reaches the next), shown live in
    // the pseudoterminal; when the sandbox stopped one, the user decides whether it runs again in the real terminal.
    const sandbox = await this.options.sandbox?.current();
    if (sandbox) {
      this.options.log?.(`Running in the ${sandbox.kind} sandbox: ${command}`);
      const result = await this.runFallback(folder, command, options, sandbox);
      const why = loadAgent().sandboxDenial(result);
      if (!why || !(await this.options.sandbox?.askToRunOutside(command, why, options.signal))) return result;
      this.options.log?.(`Running again outside the sandbox, as the user chose: ${command}`);
      options.onOutput?.(`\n[ran again outside the sandbox]\n`);
    }
    if (options.signal.aborted) throw loadAgent().abortError(command);
    const managed = this.managedTerminal(folder);
    const integration = await this.integrationOf(managed, options.signal, command);
    if (integration) {
      this.shown.set(folder.key, managed.terminal);
      this.options.log?.(`Running in the terminal "${managed.terminal.name}": ${command}`);
      return this.runIntegrated(managed, integration, command, options);
    }
    this.options.log?.(`Shell integration did not activate in "${managed.terminal.name}"; running as a child process: ${command}`);
    return this.runFallback(folder, command, options);
  }

  private managedTerminal(folder: Folder): ManagedTerminal {
    const existing = this.terminals.get(folder.key);
    if (existing && existing.terminal.exitStatus === undefined) return existing;
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    const terminal = vscode.window.createTerminal({
      name: multiRoot ? `Codewright: ${folder.name}` : 'Codewright',
      cwd: folder.path,
      env: { ...loadAgent().NON_INTERACTIVE_ENV, ...HISTORY_EXPANSION_ENV, ...(zshFixups() ? { [ZSH_FIXUPS_VARIABLE]: '1' } : {}) },
      iconPath: new vscode.ThemeIcon('terminal'),
      isTransient: true,
    });
    // Shown (without taking focus) from the start: the user sees what runs, and the workbench renders it.
    terminal.show(true);
    const managed: ManagedTerminal = { terminal, cwd: folder.path, waitedForIntegration: false, lastEnd: 0 };
    this.terminals.set(folder.key, managed);
    return managed;
  }

  /** The terminal's shell integration, waiting a bounded time for a new terminal's to activate, once. */
  private integrationOf(
    managed: ManagedTerminal,
    signal: AbortSignal,
    command: string,
  ): Promise<vscode.TerminalShellIntegration | undefined> {
    const { terminal } = managed;
    if (terminal.shellIntegration) return Promise.resolve(terminal.shellIntegration);
    if (managed.waitedForIntegration) return Promise.resolve(undefined);
    managed.waitedForIntegration = true;
    return new Promise((resolve, reject) => {
      const subscriptions: vscode.Disposable[] = [];
      const done = (value: vscode.TerminalShellIntegration | undefined, error?: Error) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        for (const s of subscriptions) s.dispose();
        if (error) reject(error);
        else resolve(value);
      };
      const onAbort = () => done(undefined, loadAgent().abortError(command));
      const timer = setTimeout(() => done(terminal.shellIntegration), this.options.shellIntegrationWaitMs ?? SHELL_INTEGRATION_WAIT_MS);
      signal.addEventListener('abort', onAbort, { once: true });
      subscriptions.push(
        vscode.window.onDidChangeTerminalShellIntegration((e) => {
          if (e.terminal === terminal) done(e.shellIntegration);
        }),
        vscode.window.onDidCloseTerminal((t) => {
          if (t === terminal) done(undefined);
        }),
      );
    });
  }

  private async runIntegrated(
    managed: ManagedTerminal,
    integration: vscode.TerminalShellIntegration,
    command: string,
    options: RunOptions,
  ): Promise<CommandResult> {
    const { terminal } = managed;
    terminal.show(true);
    await this.moveTo(managed, integration, options.cwd);
    if (options.signal.aborted) throw loadAgent().abortError(command);
    const output = new TerminalOutput(this.options.captureLimit ?? CAPTURE_LIMIT, options.onOutput);
    const subscriptions: vscode.Disposable[] = [];
    const timers: NodeJS.Timeout[] = [];
    const wait = (ms: number) => new Promise<'elapsed'>((r) => timers.push(setTimeout(() => r('elapsed'), ms)));
    let onAbort = () => {};
    const execution = await this.execute(managed, integration, commandLineFor(managed.terminal, command), (data) => output.push(data));
    try {
      const ended = execution.ended.then((exitCode) => ({ kind: 'ended' as const, exitCode }));
      const closed = new Promise<{ kind: 'closed' }>((resolve) => {
        subscriptions.push(
          vscode.window.onDidCloseTerminal((t) => {
            if (t === terminal) resolve({ kind: 'closed' });
          }),
        );
        if (terminal.exitStatus !== undefined) resolve({ kind: 'closed' });
      });
      const aborted = new Promise<{ kind: 'abort' }>((resolve) => {
        onAbort = () => resolve({ kind: 'abort' });
        if (options.signal.aborted) onAbort();
        else options.signal.addEventListener('abort', onAbort, { once: true });
      });
      const timedOut = wait(options.timeoutMs).then(() => ({ kind: 'timeout' as const }));
      if (/(^|[\s;&|(])(cd|pushd|popd)(\s|$)/.test(command)) managed.cwd = undefined;

      const first = await Promise.race([ended, closed, aborted, timedOut]);
      if (first.kind === 'ended' && first.exitCode !== undefined) {
        await Promise.race([execution.output(), wait(DRAIN_MS)]);
        this.noteCwd(managed);
        return output.result(first.exitCode);
      }
      if (first.kind === 'ended' || first.kind === 'closed') {
        // No exit code: a command that exited the shell (`exit 7`) ends the terminal too, whose exit status has it.
        if (first.kind === 'ended') await Promise.race([closed, wait(EXIT_STATUS_WAIT_MS)]);
        await Promise.race([execution.output(), wait(DRAIN_MS)]);
        const code = terminal.exitStatus?.code;
        if (terminal.exitStatus === undefined) return output.result(undefined);
        if (code === undefined) throw closedError(command);
        return output.result(code, 'The terminal closed while the command ran.');
      }
      // Timeout or Stop: kill what the shell started. Only if the shell itself is still busy (a loop in the shell has no
      // process to kill) is Ctrl+C sent: sent first, it can reach the prompt after the job died and cancel the next line.
      const shellPid = await terminal.processId;
      if (shellPid !== undefined)
        await loadAgent().killTree(shellPid, { includeRoot: false, graceMs: this.options.killGraceMs ?? KILL_GRACE_MS });
      let after = await Promise.race([ended, closed, wait(INTERRUPT_AFTER_MS)]);
      if (after === 'elapsed') {
        terminal.sendText('\x03', false);
        after = await Promise.race([ended, closed, wait(END_AFTER_KILL_MS)]);
      }
      if (after === 'elapsed') this.discard(managed);
      await Promise.race([execution.output(), wait(DRAIN_MS)]);
      if (first.kind === 'abort') throw loadAgent().abortError(command);
      return output.timedOut();
    } finally {
      options.signal.removeEventListener('abort', onAbort);
      for (const t of timers) clearTimeout(t);
      for (const s of subscriptions) s.dispose();
      execution.dispose();
    }
  }

  /**
   * Sends one command line to the shell and follows it to its end. A line sent right after the previous command
   * ended can reach the shell (zsh in particular) while VS Code still sees the old command in the prompt: VS Code then
   * sends Ctrl+C first and the line is lost. Lines to the same shell are therefore spaced by SETTLE_MS.
   */
  private async execute(
    managed: ManagedTerminal,
    integration: vscode.TerminalShellIntegration,
    commandLine: string,
    onData?: (data: string) => void,
  ): Promise<TrackedExecution> {
    const settled = managed.lastEnd + SETTLE_MS - Date.now();
    if (settled > 0) await new Promise((r) => setTimeout(r, settled));
    const execution = integration.executeCommand(commandLine);
    // Events arrive asynchronously, so subscribing right after the call misses none; read() only yields what arrives
    // after its first call, so it is called at once too.
    let resolveEnd: (code: number | undefined) => void = () => {};
    const ended = new Promise<number | undefined>((r) => (resolveEnd = r));
    const subscription = vscode.window.onDidEndTerminalShellExecution((e) => {
      if (e.execution !== execution) return;
      managed.lastEnd = Date.now();
      resolveEnd(e.exitCode);
    });
    let reading: Promise<void> = Promise.resolve();
    if (onData) {
      const stream = execution.read();
      reading = (async () => {
        for await (const data of stream) onData(data);
      })().catch(() => undefined);
    }
    return {
      ended,
      output: () => reading,
      dispose: () => subscription.dispose(),
    };
  }

  /** Makes the shell's directory the command's, with a `cd` of its own when it is elsewhere or unknown. */
  private async moveTo(managed: ManagedTerminal, integration: vscode.TerminalShellIntegration, cwd: string): Promise<void> {
    if (managed.cwd !== undefined && samePath(managed.cwd, cwd)) return;
    await this.executeQuietly(managed, integration, `cd ${quoteForShell(cwd)}`);
    managed.cwd = cwd;
  }

  /** Runs a line of our own (not the model's) and waits a bounded time for it to end. */
  private async executeQuietly(managed: ManagedTerminal, integration: vscode.TerminalShellIntegration, line: string): Promise<void> {
    const execution = await this.execute(managed, integration, line);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([execution.ended, new Promise((r) => (timer = setTimeout(r, SETUP_TIMEOUT_MS)))]);
    clearTimeout(timer);
    execution.dispose();
  }

  /** After a command: trust the shell's reported folder when the command did not look like it moved. */
  private noteCwd(managed: ManagedTerminal): void {
    if (managed.cwd === undefined) return;
    const reported = managed.terminal.shellIntegration?.cwd;
    if (reported && reported.scheme === 'file') managed.cwd = reported.fsPath;
  }

  private async runFallback(folder: Folder, command: string, options: RunOptions, sandbox?: SandboxPolicy): Promise<CommandResult> {
    const view = this.fallbackFor(folder);
    this.shown.set(folder.key, view.terminal);
    view.show();
    view.writeCommand(command, options.cwd);
    if (sandbox) {
      const note = `[sandboxed (${sandbox.kind}): only the workspace is writable${sandbox.network ? '' : ', no network'}]\n`;
      view.write(note);
      options.onOutput?.(note);
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    options.signal.addEventListener('abort', stop, { once: true });
    const subscriptions = [view.onDidClose(stop), view.onDidInterrupt(stop)];
    const shell = vscode.env.shell && POSIX_SHELLS.has(path.basename(vscode.env.shell)) ? vscode.env.shell : undefined;
    try {
      const result = await loadAgent().runProcess(command, {
        ...options,
        signal: controller.signal,
        ...(shell ? { shell } : {}),
        ...(sandbox ? { sandbox } : {}),
        killGraceMs: this.options.killGraceMs ?? KILL_GRACE_MS,
        captureLimit: this.options.captureLimit ?? CAPTURE_LIMIT,
        onOutput: (chunk) => {
          view.write(chunk);
          options.onOutput?.(chunk);
        },
      });
      const seconds = Math.round(options.timeoutMs / 1000);
      view.writeStatus(result.outcome.type === 'exit' ? `exit ${result.outcome.exitCode}` : `timed out after ${seconds} s; stopped`);
      return result;
    } catch (error) {
      view.writeStatus('stopped');
      if (!options.signal.aborted && view.isClosed) throw closedError(command);
      throw error;
    } finally {
      options.signal.removeEventListener('abort', stop);
      for (const s of subscriptions) s.dispose();
    }
  }

  private fallbackFor(folder: Folder): FallbackTerminal {
    const existing = this.fallbacks.get(folder.key);
    if (existing && !existing.isClosed) return existing;
    existing?.dispose();
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    const view = new FallbackTerminal(multiRoot ? `Codewright (fallback): ${folder.name}` : 'Codewright (fallback)');
    this.fallbacks.set(folder.key, view);
    return view;
  }

  /** A terminal whose shell did not come back after a kill: closed, so the next command gets a fresh one. */
  private discard(managed: ManagedTerminal): void {
    this.forget(managed.terminal);
    managed.terminal.dispose();
  }

  private forget(terminal: vscode.Terminal): void {
    for (const [key, managed] of this.terminals) if (managed.terminal === terminal) this.terminals.delete(key);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const managed of this.terminals.values()) managed.terminal.dispose();
    for (const view of this.fallbacks.values()) view.dispose();
    this.terminals.clear();
    this.fallbacks.clear();
    this.shown.clear();
  }
}

/**
 * Output of a terminal command: raw data in, plain text out (escapes stripped, zsh's end-of-line mark removed),
 * streamed to `onOutput` line by line and kept bounded. A terminal merges stdout and stderr, so all of it is stdout.
 */
class TerminalOutput {
  private held = '';
  private readonly text = new (loadAgent().TerminalTextStream)();
  private readonly kept: HeadTailBuffer;

  constructor(
    limit: number,
    private readonly onOutput: ((chunk: string) => void) | undefined,
  ) {
    this.kept = new (loadAgent().HeadTailBuffer)(limit);
  }

  push(data: string): void {
    this.held += data;
    // zsh's mark only ever ends the output, after the last newline: hold the unfinished line back until it is known.
    const lastNewline = this.held.lastIndexOf('\n');
    if (lastNewline >= 0) {
      this.emit(this.text.push(this.held.slice(0, lastNewline + 1)));
      this.held = this.held.slice(lastNewline + 1);
    }
    if (this.held.length > MAX_HELD_LINE) {
      this.emit(this.text.push(this.held.replace(ZSH_EOL_MARK, '')));
      this.held = '';
    }
  }

  result(exitCode: number | undefined, note?: string): CommandResult {
    const stdout = this.finish();
    const notes = [
      note,
      exitCode === undefined
        ? 'The terminal did not report an exit code; check the output to see whether the command succeeded.'
        : undefined,
    ];
    return { stdout, stderr: notes.filter(Boolean).join('\n'), outcome: { type: 'exit', exitCode: exitCode ?? 1 } };
  }

  timedOut(): CommandResult {
    return { stdout: this.finish(), stderr: '', outcome: { type: 'timeout' } };
  }

  private finish(): string {
    this.emit(this.text.push(this.held.replace(ZSH_EOL_MARK, '')));
    this.held = '';
    // What is left is the unfinished last line; blank space a prompt wrote over is not output.
    const rest = this.text.end();
    if (rest.trim() !== '') this.emit(rest);
    return this.kept.toString();
  }

  private emit(text: string): void {
    if (text === '') return;
    this.kept.append(text);
    this.onOutput?.(text);
  }
}

function folderFor(cwd: string): Folder {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(cwd));
  if (folder) return { key: folder.uri.toString(), path: folder.uri.fsPath, name: folder.name };
  return { key: `path:${cwd}`, path: cwd, name: path.basename(cwd) };
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => path.resolve(p).replace(/[\\/]+$/, '');
  return process.platform === 'win32' || process.platform === 'darwin'
    ? norm(a).toLowerCase() === norm(b).toLowerCase()
    : norm(a) === norm(b);
}

/**
 * Commands are written for a non-interactive shell, where `!` is an ordinary character and `#` starts a comment. An
 * interactive bash or zsh expands `!` from history (`echo "done!"` fails, `"pid:$!"` leaves zsh waiting at a `dquote>`
 * prompt), and an interactive zsh takes `#` literally. Both are set right through the terminal's environment: bash's
 * history expansion, and zsh's options where VS Code's integration script reads them from there. Elsewhere zsh gets a
 * command with either character as the argument of `eval`, in single quotes, which history expansion does not enter and
 * where comments are comments: nothing but the approved command is typed, and it runs as written.
 */
function commandLineFor(terminal: vscode.Terminal, command: string): string {
  if (!/[!#]/.test(command)) return command;
  const shell = terminal.state.shell ?? path.basename(vscode.env.shell);
  return shell === 'zsh' && !zshFixups() ? `eval ${quoteForShell(command)}` : command;
}

/** Single quotes work in sh, bash, zsh, fish and PowerShell alike; a quote inside is closed, escaped and reopened. */
function quoteForShell(p: string): string {
  return `'${p.replace(/'/g, `'\\''`)}'`;
}

function closedError(command: string): Error {
  const error = new Error(`The terminal was closed while the command ran, which stopped it: ${command}`);
  error.name = 'AbortError';
  return error;
}

/** Resolves when `previous` settles, or rejects with an AbortError as soon as `signal` aborts. */
function untilAborted(previous: Promise<unknown>, signal: AbortSignal, command: string): Promise<void> {
  if (signal.aborted) return Promise.reject(loadAgent().abortError(command));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(loadAgent().abortError(command));
    signal.addEventListener('abort', onAbort, { once: true });
    void previous
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
  });
}
