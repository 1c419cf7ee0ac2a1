// The Seatbelt profile that `sandbox-exec -p PROFILE` applies on macOS: everything may be read and run, writes are
// denied except under the workspace folders, the private temp folder and /dev/null-like devices, and network access is
// denied unless allowed. Profile language (SBPL) as in Apple's own profiles in /System/Library/Sandbox/Profiles:
// (version 1), (allow default), (deny file-write*), (allow file-write* (subpath "…") (literal "…")), (deny network*).
import type { SandboxLayout } from './sandbox';

export const SANDBOX_EXEC = '/usr/bin/sandbox-exec';

/** A path as an SBPL string literal: backslashes and quotes escaped. */
function literal(path: string): string {
  return `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function seatbeltProfile(layout: SandboxLayout & { tmpDir: string }): string {
  const writable = [...layout.writable, layout.tmpDir];
  return [
    '(version 1)',
    '(allow default)',
    '(deny file-write*)',
    `(allow file-write* ${writable.map((p) => `(subpath ${literal(p)})`).join(' ')})`,
    '(allow file-write* (literal "/dev/null") (literal "/dev/zero") (literal "/dev/tty") (literal "/dev/stdout") (literal "/dev/stderr"))',
    ...(layout.network ? [] : ['(deny network*)']),
    '',
  ].join('\n');
}
