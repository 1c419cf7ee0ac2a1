// Reads a repository's uncommitted changes for Review Changes, with read-only git commands only (rev-parse, hash-object
// without -w, ls-files, diff-index). Tracked files go through `git diff-index -p`, the plumbing form of `git diff HEAD`:
// the porcelain rewrites .git/index when file times are stale, even with GIT_OPTIONAL_LOCKS=0 (git 2.39).
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';

export interface WorkingTreeChanges {
  /** The repository's top-level folder. */
  root: string;
  /** The `--no-prefix` diff of tracked files against HEAD (or against nothing before the first commit), then of untracked files. */
  diff: string;
  /** Sentences for the model and the user about what was left out. */
  notes: string[];
}

/** Untracked files larger than this (bytes), or beyond this many, are named in a note instead of shown. */
const MAX_UNTRACKED_FILES = 20;
const MAX_UNTRACKED_BYTES = 100_000;
/** The diff the model reads is cut at a file boundary beyond this many characters. */
export const MAX_DIFF_CHARS = 300_000;
const TIMEOUT_MS = 30_000;

export class GitError extends Error {
  override readonly name = 'GitError';
}

interface GitResult {
  stdout: string;
  code: number;
}

/** Runs git with `args` in `cwd`; resolves with the exit code for the codes in `okCodes`, rejects with a sentence otherwise. */
function git(cwd: string, args: string[], signal?: AbortSignal, okCodes: readonly number[] = [0]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['-c', 'core.quotePath=false', ...args],
      {
        cwd,
        signal,
        timeout: TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (okCodes.includes(code)) return resolve({ stdout, code });
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          return reject(
            new GitError(
              'Git is not installed or not on the PATH, so the changes could not be read. Install git, then run Review Changes again.',
            ),
          );
        }
        if (error?.name === 'AbortError') return reject(error);
        const detail = (stderr || error?.message || '').trim().split('\n')[0];
        reject(new GitError(`git ${args[0]} failed in ${cwd}${detail ? `: ${detail}` : ''}.`));
      },
    );
    // Nothing is ever piped in: a closed stdin keeps any command that would read it from waiting.
    child.stdin?.end();
  });
}

/** The top-level folder of the repository containing `dir`; a sentence when `dir` is in none. */
export async function repositoryRoot(dir: string, signal?: AbortSignal): Promise<string> {
  try {
    return (await git(dir, ['rev-parse', '--show-toplevel'], signal)).stdout.trim();
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.message)) {
      throw new GitError(
        `${dir} is not inside a git repository, so there are no changes to review. Open a folder under git, or run git init.`,
      );
    }
    throw error;
  }
}

export async function workingTreeChanges(root: string, signal?: AbortSignal): Promise<WorkingTreeChanges> {
  const hasHead = (await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD'], signal, [0, 1])).code === 0;
  // Before the first commit, the staged files are diffed against the empty tree (hash-object without -w writes nothing).
  const base = hasHead ? 'HEAD' : (await git(root, ['hash-object', '-t', 'tree', '--stdin'], signal)).stdout.trim();
  const tracked = (await git(root, ['diff-index', '-p', '-M', '--no-color', '--no-ext-diff', '--no-prefix', base, '--'], signal)).stdout;

  const notes: string[] = [];
  const untracked = (await git(root, ['ls-files', '--others', '--exclude-standard', '-z'], signal)).stdout.split('\0').filter(Boolean);
  const parts = [tracked];
  const skipped: string[] = [];
  for (const [i, file] of untracked.entries()) {
    if (i >= MAX_UNTRACKED_FILES) {
      skipped.push(...untracked.slice(i));
      break;
    }
    signal?.throwIfAborted();
    const shown = await untrackedPatch(root, file);
    if (shown === undefined) skipped.push(file);
    else parts.push(shown);
  }
  if (skipped.length)
    notes.push(
      `${skipped.length} untracked file${skipped.length === 1 ? ' was' : 's were'} not shown (too many, too large or binary): ${skipped.slice(0, 10).join(', ')}${skipped.length > 10 ? ', …' : ''}.`,
    );

  let diff = '';
  for (const part of parts) {
    if (diff.length + part.length <= MAX_DIFF_CHARS) {
      diff += part;
      continue;
    }
    // Cut at a file boundary so the model never reads half a hunk.
    const room = part.slice(0, MAX_DIFF_CHARS - diff.length);
    const cut = room.lastIndexOf('\ndiff --git ');
    if (cut > 0) diff += room.slice(0, cut + 1);
    notes.push(`The diff was longer than ${MAX_DIFF_CHARS} characters; only its first part is shown.`);
    break;
  }
  return { root, diff, notes };
}

/**
 * An untracked file as a patch that creates it, built here rather than with one `git diff --no-index` per file (a
 * process each, ten times the cost of the whole tracked diff). Undefined for a file too large, binary or unreadable.
 */
async function untrackedPatch(root: string, file: string): Promise<string | undefined> {
  try {
    const absolute = path.join(root, file);
    if ((await fs.stat(absolute)).size > MAX_UNTRACKED_BYTES) return undefined;
    const bytes = await fs.readFile(absolute);
    if (bytes.includes(0)) return undefined;
    return createTwoFilesPatch('/dev/null', file, '', bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
