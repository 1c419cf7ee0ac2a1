// Whether commands can run in an OS sandbox here, how a sandboxed command is spawned, and how to tell that a command
// failed because of the sandbox (so the user can be asked whether to run it again outside). Linux uses bubblewrap,
// macOS `sandbox-exec`; elsewhere, or when neither works, commands run as they always have and the user is told once.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod/mini';
import type { CommandResult } from '../../host';
import { BWRAP, bubblewrapArgs } from './bubblewrap';
import { SANDBOX_EXEC, seatbeltProfile } from './seatbelt';

export const SANDBOX_MODES = ['auto', 'off'] as const;
/** codewright.sandbox: `auto` runs commands sandboxed where a sandbox is available; `off` never does. */
export const SandboxModeSchema = z.enum(SANDBOX_MODES);
export type SandboxMode = z.infer<typeof SandboxModeSchema>;

export type SandboxKind = 'bubblewrap' | 'seatbelt';

/** What the sandbox lets a command touch. */
export interface SandboxPolicy {
  kind: SandboxKind;
  /** Folders the command may write (the workspace folders); everything else is read-only. */
  writable: readonly string[];
  /** Whether the command may use the network (codewright.sandbox.network). */
  network: boolean;
}

export interface SandboxLayout {
  writable: readonly string[];
  network: boolean;
  cwd: string;
}

export const NO_SANDBOX =
  'Commands run without a sandbox: none is available on this machine (on Linux install bubblewrap, e.g. `apt install bubblewrap`; ' +
  'macOS has sandbox-exec built in). They run as they would in your own terminal.';

const probes = new Map<string, Promise<SandboxKind | undefined>>();

/**
 * The sandbox this machine can run, found once per process: bubblewrap on Linux when `bwrap` starts a sandbox with all
 * namespaces unshared (some containers forbid user namespaces), sandbox-exec on macOS.
 */
export function detectSandbox(platform: NodeJS.Platform = process.platform): Promise<SandboxKind | undefined> {
  let probe = probes.get(platform);
  if (!probe) {
    probe = probeSandbox(platform);
    probes.set(platform, probe);
  }
  return probe;
}

async function probeSandbox(platform: NodeJS.Platform): Promise<SandboxKind | undefined> {
  if (platform === 'linux') {
    const args = [...bubblewrapArgs({ writable: [], network: false, cwd: '/' }), '--', 'true'];
    return (await succeeds(BWRAP, args)) ? 'bubblewrap' : undefined;
  }
  if (platform === 'darwin') {
    const profile = seatbeltProfile({ writable: [], network: false, cwd: '/', tmpDir: os.tmpdir() });
    return (await succeeds(SANDBOX_EXEC, ['-p', profile, '/usr/bin/true'])) ? 'seatbelt' : undefined;
  }
  return undefined;
}

function succeeds(file: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => execFile(file, args, { timeout: 10_000 }, (error) => resolve(error === null)));
}

export interface SandboxedSpawn {
  file: string;
  args: string[];
  /** Environment additions for the sandboxed command. */
  env: Record<string, string>;
  /** Removes what was made for this command (its private temp folder). */
  cleanup: () => Promise<void>;
}

/** How to spawn `shell shellArgs…` inside the sandbox, with a private temp folder that lives as long as the command. */
export async function sandboxedSpawn(
  shell: string,
  shellArgs: readonly string[],
  policy: SandboxPolicy,
  cwd: string,
): Promise<SandboxedSpawn> {
  const writable = await existing(policy.writable);
  if (policy.kind === 'bubblewrap') {
    const args = [...bubblewrapArgs({ writable, network: policy.network, cwd }), '--', shell, ...shellArgs];
    return { file: BWRAP, args, env: { TMPDIR: '/tmp' }, cleanup: async () => undefined };
  }
  const tmpDir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'codewright-sandbox-')));
  const profile = seatbeltProfile({
    writable: await Promise.all(writable.map((w) => fs.realpath(w))),
    network: policy.network,
    cwd,
    tmpDir,
  });
  return {
    file: SANDBOX_EXEC,
    args: ['-p', profile, shell, ...shellArgs],
    env: { TMPDIR: tmpDir },
    cleanup: () => fs.rm(tmpDir, { recursive: true, force: true }),
  };
}

async function existing(folders: readonly string[]): Promise<string[]> {
  const found = await Promise.all(
    folders.map((f) =>
      fs.stat(f).then(
        (s) => (s.isDirectory() ? f : undefined),
        () => undefined,
      ),
    ),
  );
  return found.filter((f): f is string => f !== undefined);
}

/** Messages a program prints when the sandbox stopped it: a write outside the writable folders, or a network call. */
const DENIALS: { pattern: RegExp; what: string }[] = [
  { pattern: /read-only file system|EROFS/i, what: 'it tried to write outside the workspace' },
  { pattern: /operation not permitted|EPERM/i, what: 'the sandbox refused an operation' },
  {
    pattern:
      /network is unreachable|ENETUNREACH|could not resolve host|temporary failure in name resolution|EAI_AGAIN|name or service not known|getaddrinfo|connection refused|ECONNREFUSED|failed to connect/i,
    what: 'it tried to use the network',
  },
];

/**
 * Why a sandboxed command's failure looks like the sandbox's doing ("it tried to write outside the workspace"), or
 * undefined when it succeeded or failed for reasons of its own.
 */
export function sandboxDenial(result: CommandResult): string | undefined {
  if (result.outcome.type !== 'exit' || result.outcome.exitCode === 0) return undefined;
  const text = `${result.stderr}\n${result.stdout}`;
  return DENIALS.find((d) => d.pattern.test(text))?.what;
}
