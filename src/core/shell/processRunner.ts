// Runs one command as a child process through the shell and always ends: with its exit code, with a timeout that
// has killed its whole process tree, or with an AbortError after Stop killed it. Used by the CLI host and by the
// VS Code host when the terminal's shell integration is not available.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import type { CommandResult, RunOptions } from '../host';
import { TerminalTextStream } from './ansi';
import { HeadTailBuffer } from './headTail';
import { killTree } from './processTree';
import { sandboxedSpawn, type SandboxPolicy, type SandboxedSpawn } from './sandbox/sandbox';

/**
 * Environment for commands nobody can answer: no credential prompts, no pagers, no editors, no installers asking
 * questions. stdin is closed as well, so a prompt that slips through reads end-of-file instead of waiting forever.
 */
export const NON_INTERACTIVE_ENV: Readonly<Record<string, string>> = {
  GIT_TERMINAL_PROMPT: '0',
  GCM_INTERACTIVE: 'never',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
  MANPAGER: 'cat',
  SYSTEMD_PAGER: 'cat',
  GH_PROMPT_DISABLED: '1',
  DEBIAN_FRONTEND: 'noninteractive',
  ...(process.platform === 'win32' ? {} : { GIT_EDITOR: 'true' }),
};

export interface ProcessRunOptions extends RunOptions {
  /** The shell that interprets the command: `/bin/sh` by default on POSIX, `%ComSpec%` on Windows. */
  shell?: string;
  /** Characters of stdout (and of stderr) kept in memory: the head and the tail, the middle cut. Default 1,000,000. */
  captureLimit?: number;
  /** Between SIGTERM and SIGKILL when the tree is killed. Default 2000 ms. */
  killGraceMs?: number;
  /** Run inside this OS sandbox (POSIX only); without it the command runs as the user's own shell would run it. */
  sandbox?: SandboxPolicy;
}

const DEFAULT_CAPTURE_LIMIT = 1_000_000;
const DEFAULT_KILL_GRACE_MS = 2000;
/** After the command exits, how long to wait for its output pipes to close (a background child may hold them open). */
const DRAIN_MS = 500;
/** After the tree was killed, how long to wait for the exit event before giving up on it. */
const EXIT_AFTER_KILL_MS = 1000;

export function abortError(command: string): Error {
  const error = new Error(`The command was stopped before it finished: ${command}`);
  error.name = 'AbortError';
  return error;
}

export function runProcess(command: string, options: ProcessRunOptions): Promise<CommandResult> {
  return new Promise<CommandResult>((resolve, reject) => {
    if (options.signal.aborted) {
      reject(abortError(command));
      return;
    }
    void start(command, options, resolve, reject);
  });
}

async function start(
  command: string,
  options: ProcessRunOptions,
  resolve: (r: CommandResult) => void,
  reject: (e: Error) => void,
): Promise<void> {
  const cwdProblem = await fs.stat(options.cwd).then(
    (s) => (s.isDirectory() ? undefined : `${options.cwd} is not a directory`),
    () => `the working directory ${options.cwd} does not exist`,
  );
  if (cwdProblem) {
    resolve(notStarted(`Could not run the command: ${cwdProblem}. Run it from an existing folder of the workspace.`));
    return;
  }
  if (options.signal.aborted) {
    reject(abortError(command));
    return;
  }

  const windows = process.platform === 'win32';
  const shell = options.shell ?? (windows ? (process.env.ComSpec ?? 'cmd.exe') : '/bin/sh');
  const shellArgs = windows ? ['/d', '/s', '/c', `"${command}"`] : ['-c', command];
  let sandboxed: SandboxedSpawn | undefined;
  if (options.sandbox && !windows) {
    try {
      sandboxed = await sandboxedSpawn(shell, shellArgs, options.sandbox, options.cwd);
    } catch (error) {
      resolve(
        notStarted(`Could not prepare the sandbox: ${(error as Error).message}. Run the command again, or turn codewright.sandbox off.`),
      );
      return;
    }
  }
  const child = spawn(sandboxed?.file ?? shell, sandboxed?.args ?? shellArgs, {
    cwd: options.cwd,
    env: { ...process.env, ...NON_INTERACTIVE_ENV, ...sandboxed?.env },
    // Its own process group, so the whole tree can be signalled at once.
    detached: !windows,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
    windowsVerbatimArguments: windows,
  });

  const limit = options.captureLimit ?? DEFAULT_CAPTURE_LIMIT;
  const streams = {
    stdout: { text: new TerminalTextStream(), kept: new HeadTailBuffer(limit) },
    stderr: { text: new TerminalTextStream(), kept: new HeadTailBuffer(limit) },
  };
  const take = (name: 'stdout' | 'stderr', chunk: string) => {
    const s = streams[name];
    const clean = s.text.push(chunk);
    if (clean === '') return;
    s.kept.append(clean);
    options.onOutput?.(clean);
  };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (c: string) => take('stdout', c));
  child.stderr.on('data', (c: string) => take('stderr', c));

  let stopping: 'timeout' | 'abort' | undefined;
  let killed: Promise<void> | undefined;
  let settled = false;
  const pipesClosed = Promise.all([new Promise((r) => child.stdout.once('close', r)), new Promise((r) => child.stderr.once('close', r))]);

  const stop = (why: 'timeout' | 'abort') => {
    if (stopping || settled || child.pid === undefined) return;
    stopping = why;
    killed = killTree(child.pid, { includeRoot: true, graceMs: options.killGraceMs ?? DEFAULT_KILL_GRACE_MS });
    // Should the exit event never come (a process stuck in the kernel), end anyway; unref'd so it holds nothing open.
    void killed.then(() => setTimeout(() => void finish(null, null), EXIT_AFTER_KILL_MS).unref());
  };
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = () => stop('abort');
  options.signal.addEventListener('abort', onAbort, { once: true });

  const finish = async (code: number | null, signal: NodeJS.Signals | null) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
    await Promise.race([pipesClosed, delay(DRAIN_MS)]);
    if (killed) await killed;
    await sandboxed?.cleanup();
    child.stdout.destroy();
    child.stderr.destroy();
    for (const name of ['stdout', 'stderr'] as const) {
      const rest = streams[name].text.end();
      if (rest !== '') {
        streams[name].kept.append(rest);
        options.onOutput?.(rest);
      }
    }
    if (stopping === 'abort') {
      reject(abortError(command));
      return;
    }
    const stdout = streams.stdout.kept.toString();
    const stderr = streams.stderr.kept.toString();
    if (stopping === 'timeout') resolve({ stdout, stderr, outcome: { type: 'timeout' } });
    else resolve({ stdout, stderr, outcome: { type: 'exit', exitCode: exitCode(code, signal) } });
  };

  child.once('exit', (code, signal) => void finish(code, signal));
  child.once('error', (error: NodeJS.ErrnoException) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
    void sandboxed?.cleanup();
    const program = sandboxed ? sandboxed.file : `the shell ${shell}`;
    resolve(notStarted(`Could not start ${program}: ${error.message}. Check that it exists and is executable.`));
  });
}

/** A command that never started still ends with an exit code, 127 as a shell reports a command it cannot run. */
function notStarted(message: string): CommandResult {
  return { stdout: '', stderr: message, outcome: { type: 'exit', exitCode: 127 } };
}

/** The shell convention for a process ended by a signal: 128 + the signal's number. */
function exitCode(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  if (signal) return 128 + (os.constants.signals[signal] ?? 0);
  return 1;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
