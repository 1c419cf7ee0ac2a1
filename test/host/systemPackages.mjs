// The Debian packages `npm test` and `npm start` need, checked before the first step that uses them: installed when
// running as root, otherwise asked for with the one apt-get line that installs them all.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Each package with the command (on PATH) or file that shows it is installed, and who needs it. */
export const SYSTEM_PACKAGES = [
  { name: 'chromium', chromium: true, why: 'the webview and e2e tests, and the browser of the integration runner' },
  { name: 'ripgrep', command: 'rg', why: "VS Code's search, and the offline install of the VS Code 1.100 host" },
  { name: 'libkrb5-dev', include: 'gssapi/gssapi.h', why: "the VS Code server's native modules" },
  { name: 'g++', command: 'g++', why: "the VS Code server's native modules" },
  { name: 'make', command: 'make', why: "the VS Code server's native modules" },
  { name: 'zsh', command: 'zsh', why: 'the terminal tests' },
  { name: 'git', command: 'git', why: 'Review Changes and its tests' },
  { name: 'unzip', command: 'unzip', why: 'the .vsix test' },
  { name: 'bubblewrap', command: 'bwrap', why: 'the command sandbox' },
  { name: 'fish', command: 'fish', why: 'the shell-parsing tests' },
];

/** The line the README gives for machines where the scripts do not run as root. */
export const APT_LINE = `sudo apt-get install -y ${SYSTEM_PACKAGES.map((p) => p.name).join(' ')}`;

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(command, searchPath) {
  return searchPath
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => executable(path.join(dir, command)));
}

/**
 * The packages that are missing. `where` points the check elsewhere (the tests use empty folders): PATH for commands,
 * the Chromium executable, and the system include folder.
 * @param {{ path?: string, chromium?: string, includeDir?: string }} where
 */
export function missingSystemPackages(where = {}) {
  const searchPath = where.path ?? process.env.PATH ?? '';
  const chromium = where.chromium ?? process.env.CHROMIUM ?? DEFAULT_CHROMIUM;
  const includeDir = where.includeDir ?? '/usr/include';
  return SYSTEM_PACKAGES.filter((p) => {
    if (p.chromium) return !executable(chromium);
    if (p.include) return !fs.existsSync(path.join(includeDir, p.include));
    return !onPath(p.command, searchPath);
  }).map((p) => p.name);
}

/**
 * Installs whatever is missing with apt-get when running as root; otherwise throws an error that gives the exact line
 * to run. Returns the names it installed.
 * @param {{ path?: string, chromium?: string, includeDir?: string, root?: boolean, log?: (line: string) => void }} options
 */
export function ensureSystemPackages(options = {}) {
  const missing = missingSystemPackages(options);
  if (missing.length === 0) return [];
  const root = options.root ?? process.getuid?.() === 0;
  if (!root) {
    throw new Error(
      `Missing Debian packages: ${missing.join(', ')}. Install them (this line installs everything the tests and the demo ` +
        `need), then run the command again:\n\n  ${APT_LINE}\n`,
    );
  }
  const log = options.log ?? ((line) => console.error(line));
  log(`[setup] installing Debian packages: ${missing.join(' ')} (needed by ${whoNeeds(missing)})`);
  const env = { ...process.env, PATH: options.path ?? process.env.PATH ?? '', DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: ['ignore', 'inherit', 'inherit'], env });
  const still = missingSystemPackages(options);
  if (still.length > 0) throw new Error(`apt-get finished, but these are still missing: ${still.join(', ')}`);
  log(`[setup] installed ${missing.join(' ')}`);
  return missing;
}

function whoNeeds(names) {
  return [...new Set(SYSTEM_PACKAGES.filter((p) => names.includes(p.name)).map((p) => p.why))].join('; ');
}
