// `codewright checkpoints SESSION_ID` and `codewright restore SESSION_ID --turn N`: what each turn of a saved session
// changed, and putting the workspace back to before a turn. The session's own file names its workspace folders, and
// the checkpoints live under $CODEWRIGHT_HOME/checkpoints. Exit 2 on bad usage or an unknown session or turn.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errorText } from '../shared/errorText';
import { Checkpoints, UnknownTurnError, workspaceCheckpointDir } from '../core/checkpoints/checkpoints';
import type { PathChange } from '../core/checkpoints/restore';
import { SessionStore, SessionStoreError, type SessionRecord } from '../core/sessionStore';
import type { Output } from './render';

export const CHECKPOINT_COMMANDS = ['checkpoints', 'restore'] as const;

export const CHECKPOINT_USAGE = `Usage: codewright checkpoints SESSION_ID
       codewright restore SESSION_ID --turn N [--force]

checkpoints   lists the session's turns (1-based) with the files each changed
restore       puts the workspace back as it was before turn N and prints what it changed; files changed after
              the session's turns are listed and left alone unless you answer yes (or pass --force)
`;

export type CheckpointEnv = Readonly<Record<string, string | undefined>>;

export interface CheckpointIo extends Output {
  /** Asks a yes/no question; undefined when there is nobody to ask (no terminal). */
  confirm?: (question: string) => Promise<boolean>;
}

type Parsed =
  | { kind: 'list'; sessionId: string }
  | { kind: 'restore'; sessionId: string; turn: number; force: boolean }
  | { kind: 'usage_error'; message: string };

/** Where the CLI keeps checkpoints: beside its sessions, outside every workspace. */
export function checkpointBase(env: CheckpointEnv): string {
  return path.join(env['CODEWRIGHT_HOME']?.trim() || path.join(os.homedir(), '.codewright'), 'checkpoints');
}

export async function runCheckpointCommand(argv: readonly string[], env: CheckpointEnv, io: CheckpointIo): Promise<number> {
  const parsed = parse(argv);
  if (parsed.kind === 'usage_error') {
    io.stderr(`codewright: ${parsed.message}\n\n${CHECKPOINT_USAGE}`);
    return 2;
  }
  const home = env['CODEWRIGHT_HOME']?.trim() || path.join(os.homedir(), '.codewright');
  let record: SessionRecord;
  try {
    record = await new SessionStore(path.join(home, 'sessions')).load(parsed.sessionId);
  } catch (error) {
    if (error instanceof SessionStoreError) {
      io.stderr(`codewright: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const checkpoints = new Checkpoints({
    dir: workspaceCheckpointDir(checkpointBase(env), record.workspaceRoots),
    roots: record.workspaceRoots,
    // One list or restore per process: watching the folders for a next checkpoint would be wasted work.
    trackChanges: false,
  });
  return parsed.kind === 'list' ? list(checkpoints, record, io) : restore(checkpoints, record, parsed, io);
}

async function list(checkpoints: Checkpoints, record: SessionRecord, io: CheckpointIo): Promise<number> {
  const turns = await checkpoints.turns(record.id);
  io.stdout(`Session ${record.id}: ${record.title}\n`);
  if (!turns || turns.length === 0) {
    io.stdout('No turns recorded: checkpoints are taken when a turn edits a file or runs a command.\n');
    return 0;
  }
  for (const turn of turns) {
    const when = turn.startedAt.replace('T', ' ').slice(0, 16);
    switch (turn.status) {
      case 'unchanged':
        io.stdout(`Turn ${turn.turn}  ${when}  no edits or commands\n`);
        break;
      case 'pruned':
        io.stdout(`Turn ${turn.turn}  ${when}  checkpoints removed to stay within the size budget\n`);
        break;
      case 'unfinished':
        io.stdout(`Turn ${turn.turn}  ${when}  did not finish; it can be restored, but what it changed is not known\n`);
        break;
      case 'recorded':
        io.stdout(`Turn ${turn.turn}  ${when}  ${plural(turn.changes.length, 'file')} changed\n`);
        for (const change of turn.changes) io.stdout(`  ${letter(change)} ${checkpoints.display(change)}\n`);
    }
    for (const omission of turn.omitted) io.stdout(`  not recorded: ${omission}\n`);
  }
  return 0;
}

async function restore(
  checkpoints: Checkpoints,
  record: SessionRecord,
  parsed: Extract<Parsed, { kind: 'restore' }>,
  io: CheckpointIo,
): Promise<number> {
  const { turn } = parsed;
  try {
    let result = await checkpoints.restoreTurn(record.id, turn, { overwrite: parsed.force });
    if (result.status === 'confirm') {
      io.stderr(`These files changed after the session's turns, and the restore would overwrite them:\n`);
      for (const change of result.userChanged) io.stderr(`  ${checkpoints.display(change)}\n`);
      const yes = io.confirm ? await io.confirm('Overwrite them? [y/N] ') : false;
      if (!yes) {
        io.stderr(`codewright: nothing was restored.${io.confirm ? '' : ' Rerun with --force to overwrite them.'}\n`);
        return 1;
      }
      result = await checkpoints.restoreTurn(record.id, turn, { overwrite: true });
    }
    if (result.status === 'nothing') {
      io.stdout(`${result.message}\n`);
      return 0;
    }
    if (result.status === 'confirm') return 1;
    io.stdout(`Restored the workspace to before turn ${turn} (A added back, M changed back, D removed):\n`);
    for (const change of result.changes) io.stdout(`  ${letter(change)} ${checkpoints.display(change)}\n`);
    io.stdout(`The workspace as it was just before this restore is kept as checkpoint ${result.undo}.\n`);
    for (const problem of result.problems) io.stderr(`codewright: ${problem}\n`);
    return result.problems.length === 0 ? 0 : 1;
  } catch (error) {
    io.stderr(`codewright: ${errorText(error)}\n`);
    return error instanceof UnknownTurnError && error.reason === 'missing' ? 2 : 1;
  }
}

function parse(argv: readonly string[]): Parsed {
  let values: { turn?: string; force?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { turn: { type: 'string' }, force: { type: 'boolean' } },
    }));
  } catch (error) {
    return { kind: 'usage_error', message: errorText(error).replace(/\. To specify a positional argument.*$/s, '.') };
  }
  const [command, sessionId, ...extra] = positionals;
  if (sessionId === undefined)
    return {
      kind: 'usage_error',
      message: `Missing session id: use codewright ${command} SESSION_ID (it is printed at the end of every exec run).`,
    };
  if (extra.length > 0) return { kind: 'usage_error', message: `Unexpected '${extra[0]}' after the session id.` };
  if (command === 'checkpoints') {
    if (values.turn !== undefined || values.force)
      return { kind: 'usage_error', message: '--turn and --force belong to codewright restore.' };
    return { kind: 'list', sessionId };
  }
  if (values.turn === undefined)
    return {
      kind: 'usage_error',
      message: 'Missing --turn N: which turn to restore to (1 is the first; codewright checkpoints lists them).',
    };
  if (!/^[1-9][0-9]{0,8}$/.test(values.turn))
    return { kind: 'usage_error', message: `--turn ${values.turn} is not a turn number: use 1 for the first turn.` };
  return { kind: 'restore', sessionId, turn: Number(values.turn), force: values.force ?? false };
}

function letter(change: PathChange): string {
  return change.change === 'added' ? 'A' : change.change === 'deleted' ? 'D' : 'M';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
