// The command corpora: text files of `<shell> <command line>` lines (`#` starts a comment line), read from the source
// tree so that backslashes, quotes and `${…}` stay exactly as a shell would see them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SHELL_KINDS, type ShellKind } from '../../../../../src/core/shell/shellSyntax';

export interface CorpusEntry {
  shell: ShellKind;
  command: string;
  /** `file:line`, for failure messages. */
  where: string;
}

/** The corpus folder in the source tree, found from the repository root (the working directory of tests and benches). */
const FOLDER = path.join('test', 'unit', 'core', 'shell', 'corpus');

/** Lines of `name`, each `<shell> <command>`, optionally after a leading verdict word of `verdicts`. */
export function readCorpus(name: string): CorpusEntry[] {
  const file = path.join(FOLDER, name);
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, where: `${file}:${i + 1}` }))
    .filter(({ line }) => line.trim() !== '' && !line.startsWith('#'))
    .map(({ line, where }) => {
      const space = line.indexOf(' ');
      const shell = line.slice(0, space);
      if (!(SHELL_KINDS as readonly string[]).includes(shell)) throw new Error(`${where}: unknown shell '${shell}'`);
      return { shell: shell as ShellKind, command: line.slice(space + 1), where };
    });
}
