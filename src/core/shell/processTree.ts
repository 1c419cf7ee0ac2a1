// Finding and ending a process with everything it started. A command's children can leave its process group (an
// interactive shell puts each job in its own group, `setsid` makes a new session), so the tree is found through
// parent links as well, and each member's group is signalled too.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';

interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  zombie: boolean;
}

/** Every process on the machine with its parent and group (Linux: /proc; elsewhere on POSIX: ps). */
async function processTable(): Promise<ProcessEntry[]> {
  if (process.platform === 'linux') {
    const names = await fs.readdir('/proc').catch(() => [] as string[]);
    const entries = await Promise.all(
      names.filter((n) => /^\d+$/.test(n)).map((n) => fs.readFile(`/proc/${n}/stat`, 'utf8').then(parseStat, () => undefined)),
    );
    return entries.filter((e): e is ProcessEntry => e !== undefined);
  }
  const out = await new Promise<string>((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { timeout: 5000 }, (_error, stdout) => resolve(String(stdout ?? '')));
  });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map(([pid, ppid, pgid, stat]) => ({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), zombie: stat.startsWith('Z') }));
}

/** /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses, so split after the last ')'. */
function parseStat(stat: string): ProcessEntry | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = stat.slice(close + 2).split(' ');
  return { pid: Number.parseInt(stat, 10), ppid: Number(fields[1]), pgid: Number(fields[2]), zombie: fields[0] === 'Z' };
}

/** Pids of all descendants of `root` (not `root` itself), alive or not yet reaped. */
export async function descendants(root: number): Promise<number[]> {
  return collect(await processTable(), [root]).filter((p) => p !== root);
}

function collect(table: readonly ProcessEntry[], roots: readonly number[]): number[] {
  const children = new Map<number, number[]>();
  for (const e of table) children.set(e.ppid, [...(children.get(e.ppid) ?? []), e.pid]);
  const seen = new Set<number>(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop() as number) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return [...seen];
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat !== undefined && parseStat(stat)?.zombie !== true;
}

export interface KillTreeOptions {
  /** Also end `root` itself (a command's own process); false for a terminal's shell, which stays. */
  includeRoot: boolean;
  /** Time between SIGTERM and SIGKILL. */
  graceMs: number;
}

/**
 * Sends SIGTERM to `root`'s tree and the process groups its members lead or belong to, waits up to `graceMs` for
 * them to end, then SIGKILLs whatever is left, including processes started during the grace. Resolves once every
 * member is gone, or a second after SIGKILL at the latest (a process stuck in the kernel cannot be waited for).
 */
export async function killTree(root: number, options: KillTreeOptions): Promise<void> {
  if (process.platform === 'win32') {
    // taskkill cannot spare the root; a terminal's shell is left to the caller (Ctrl+C, or closing the terminal).
    if (!options.includeRoot) return;
    await new Promise<void>((resolve) => {
      const args = ['/pid', String(root), '/T', '/F'];
      execFile('taskkill', args, { timeout: 10_000 }, () => resolve());
    });
    return;
  }
  let targets = await members(root, options.includeRoot);
  signalAll(targets, 'SIGTERM');
  await waitGone(targets.pids, options.graceMs);
  const again = await members(root, options.includeRoot);
  targets = { pids: [...new Set([...targets.pids, ...again.pids])], groups: [...new Set([...targets.groups, ...again.groups])] };
  signalAll(targets, 'SIGKILL');
  await waitGone(targets.pids, 1000);
}

interface Targets {
  pids: number[];
  groups: number[];
}

async function members(root: number, includeRoot: boolean): Promise<Targets> {
  const table = await processTable();
  const byPid = new Map(table.map((e) => [e.pid, e]));
  const pids = collect(table, [root]).filter((p) => includeRoot || p !== root);
  // Never signal our own group, nor the group of a root that must survive (the terminal's shell).
  const protectedGroups = new Set([byPid.get(process.pid)?.pgid ?? process.pid, ...(includeRoot ? [] : [byPid.get(root)?.pgid ?? root])]);
  const groups = new Set<number>();
  for (const pid of pids) {
    const group = byPid.get(pid)?.pgid ?? (pid === root ? root : undefined);
    if (group !== undefined && group > 1 && !protectedGroups.has(group)) groups.add(group);
  }
  return { pids, groups: [...groups] };
}

function signalAll(targets: Targets, signal: NodeJS.Signals): void {
  for (const group of targets.groups) send(-group, signal);
  for (const pid of targets.pids) send(pid, signal);
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone (ESRCH) or not ours (EPERM): nothing more can be done for it.
  }
}

async function waitGone(pids: readonly number[], withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const alive = await Promise.all(pids.map(isAlive));
    if (!alive.includes(true) || Date.now() >= deadline) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}
