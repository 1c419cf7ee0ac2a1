// The `codewright` executable (dist/cli.js). What it does is in exec.ts and checkpointCommands.ts; this file only connects
// them to the process.
import { createInterface } from 'node:readline';
import { CHECKPOINT_COMMANDS, runCheckpointCommand } from './checkpointCommands';
import { runCli } from './exec';

const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  onInterrupt: (listener: () => void) => {
    // The first Ctrl+C cancels the turn (outputs are still saved); a second one leaves at once.
    let count = 0;
    const handler = () => {
      count++;
      if (count === 1) listener();
      else process.exit(130);
    };
    process.on('SIGINT', handler);
    return () => void process.off('SIGINT', handler);
  },
};

/** A yes/no question on the terminal; without one there is nobody to ask. */
function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    }),
  );
}

const argv = process.argv.slice(2);
const run = (CHECKPOINT_COMMANDS as readonly string[]).includes(argv[0] ?? '')
  ? runCheckpointCommand(argv, process.env, { ...io, ...(process.stdin.isTTY ? { confirm } : {}) })
  : runCli(argv, process.env, io);

run.then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`codewright: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
