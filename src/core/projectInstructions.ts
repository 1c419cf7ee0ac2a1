// The project's own instructions for the model: the AGENTS.md files (https://agents.md) and the user's standing instructions
// (a setting), in that order. As the convention has it, the AGENTS.md at each workspace root always applies, and one in a
// subfolder applies when the turn works in that folder; files are given outermost first and the model is told that the nearest
// one wins where they conflict, while the outer ones still apply. Read at every turn, so an edited file counts from the next one.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const AGENTS_FILE = 'AGENTS.md';
/** All AGENTS.md text together, in UTF-8 bytes (the size Codex caps project docs at too). */
export const MAX_AGENTS_BYTES = 32 * 1024;

export interface InstructionFile {
  /** Absolute path, for the chat to open. */
  path: string;
  /** Relative to its workspace root, with forward slashes (`AGENTS.md`, `packages/api/AGENTS.md`). */
  label: string;
  /** Whether the file was cut (or left out) by the size cap. */
  truncated: boolean;
}

export interface ProjectInstructions {
  /** What goes into the system prompt; empty when there is nothing. */
  text: string;
  /** The AGENTS.md files the text includes, outermost first. */
  files: InstructionFile[];
}

export interface ProjectInstructionsOptions {
  roots: readonly string[];
  /** Absolute paths (files or folders) the turn works in: the active file, attached files, paths the prompt names. */
  focus?: readonly string[];
  /** `codewright.instructions`: appended after AGENTS.md. */
  standing?: string;
  /** False when the workspace is untrusted and the user has not allowed AGENTS.md: only the standing instructions apply. */
  readAgentsFiles?: boolean;
  maxBytes?: number;
}

export async function loadProjectInstructions(options: ProjectInstructionsOptions): Promise<ProjectInstructions> {
  const found = options.readAgentsFiles === false ? [] : await findAgentsFiles(options.roots, options.focus ?? []);
  const maxBytes = options.maxBytes ?? MAX_AGENTS_BYTES;
  let left = maxBytes;
  const files: InstructionFile[] = [];
  const sections: string[] = [];
  const skipped: string[] = [];
  let cut: string | undefined;
  for (const file of found) {
    const label = file.label;
    const bytes = Buffer.from(file.text, 'utf8');
    const kept = bytes.length <= left ? file.text : cutUtf8(bytes, left);
    left = Math.max(0, left - bytes.length);
    const truncated = kept.length < file.text.length;
    files.push({ path: file.path, label, truncated });
    if (kept.trim() === '' && truncated) {
      skipped.push(label);
      continue;
    }
    const where = label === AGENTS_FILE ? `the workspace root ${file.root}` : `${path.posix.dirname(label)}/ in ${file.root}`;
    sections.push(`## ${label} (applies to ${where})`, kept.trim(), '');
    if (truncated) cut = label;
  }
  const parts: string[] = [];
  if (sections.length > 0 || skipped.length > 0) {
    parts.push(
      '## Project instructions (AGENTS.md)',
      "These files are the project's instructions, outermost first. Where a file in a deeper folder conflicts with an outer one, " +
        'the deeper one wins for work in its folder; otherwise every file applies.',
      '',
      ...sections,
    );
    const limit = `${Math.round(maxBytes / 1024)} KB`;
    if (cut !== undefined)
      parts.push(
        `[${cut} was cut here: all AGENTS.md files together may take ${limit}. Read the rest with the shell when you need it.]`,
        '',
      );
    if (skipped.length > 0)
      parts.push(`[Left out for lack of room (${limit} in all): ${skipped.join(', ')}. Read them with the shell when you need them.]`, '');
  }
  const standing = options.standing?.trim();
  if (standing) parts.push('## Standing instructions', standing);
  return { text: parts.join('\n').trim(), files };
}

interface FoundFile {
  path: string;
  root: string;
  label: string;
  text: string;
}

/** Each root's own AGENTS.md, then the ones in the folders between it and each focus path, outer before inner. */
async function findAgentsFiles(roots: readonly string[], focus: readonly string[]): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  for (const root of roots) {
    const folders = new Set<string>(['']);
    for (const target of focus) {
      const folder = await folderOf(target);
      const relative = path.relative(root, folder);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
      const segments = relative.split(path.sep);
      for (let depth = 1; depth <= segments.length; depth++) folders.add(segments.slice(0, depth).join('/'));
    }
    const ordered = [...folders].sort((a, b) => depthOf(a) - depthOf(b) || a.localeCompare(b));
    for (const folder of ordered) {
      const file = path.join(root, ...folder.split('/').filter(Boolean), AGENTS_FILE);
      const text = await readIfFile(file);
      if (text !== undefined) found.push({ path: file, root, label: folder === '' ? AGENTS_FILE : `${folder}/${AGENTS_FILE}`, text });
    }
  }
  return found;
}

/**
 * Paths a prompt names that exist under a root (`fix packages/api/src/users.ts`, `@web/README.md`): the folders the turn will
 * work in, so their AGENTS.md apply from the first request on.
 */
export async function focusFromPrompt(roots: readonly string[], prompt: string): Promise<string[]> {
  const candidates = new Set<string>();
  for (const raw of prompt.split(/\s+/)) {
    const word = raw.replace(/^[@`'"(<[]+/, '').replace(/[`'")>\],;:.!?]+$/, '');
    if (word.includes('/') && !word.includes('://') && !path.isAbsolute(word) && word.length < 300) candidates.add(word);
  }
  const focus: string[] = [];
  for (const root of roots) {
    for (const candidate of candidates) {
      const absolute = path.resolve(root, candidate);
      if (path.relative(root, absolute).startsWith('..')) continue;
      if (
        await fs.stat(absolute).then(
          () => true,
          () => false,
        )
      )
        focus.push(absolute);
    }
  }
  return focus;
}

async function folderOf(target: string): Promise<string> {
  const stat = await fs.stat(target).catch(() => undefined);
  return stat?.isDirectory() ? target : path.dirname(target);
}

function depthOf(folder: string): number {
  return folder === '' ? 0 : folder.split('/').length;
}

async function readIfFile(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return undefined;
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The first `max` bytes, not splitting a character. */
function cutUtf8(bytes: Buffer, max: number): string {
  let end = Math.max(0, Math.min(max, bytes.length));
  // Continuation bytes look like 10xxxxxx: step back to the start of the character that would be split.
  while (end > 0 && end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** What a session asks at each turn: the standing instructions for a turn with this prompt and these attached files. */
export type InstructionSource = (turn: { prompt: string; files: readonly string[] }, signal: AbortSignal) => Promise<string>;
