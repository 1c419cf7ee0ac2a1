// The bubblewrap (`bwrap`) command line that runs one command on Linux with the whole file system read-only except
// the workspace folders and a private /tmp, in its own user, pid, ipc, uts and network namespaces (no network unless
// allowed), in a new session (so it cannot push keystrokes into the terminal), ended with the process that started it.
// Flags as documented in bwrap(1): --unshare-all, --share-net, --ro-bind, --bind, --dev, --proc, --tmpfs,
// --die-with-parent, --new-session, --chdir, --setenv.
import type { SandboxLayout } from './sandbox';

export const BWRAP = 'bwrap';

export function bubblewrapArgs(layout: SandboxLayout): string[] {
  const args = ['--die-with-parent', '--new-session', '--unshare-all'];
  if (layout.network) args.push('--share-net');
  args.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp');
  // After /tmp, so that a workspace folder under /tmp is bound over the empty tmpfs.
  for (const folder of layout.writable) args.push('--bind', folder, folder);
  args.push('--setenv', 'TMPDIR', '/tmp', '--chdir', layout.cwd);
  return args;
}
