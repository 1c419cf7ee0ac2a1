// The `codewright` executable (dist/cli.js). Everything it does is in exec.ts; this file only connects it to the process.
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

runCli(process.argv.slice(2), process.env, io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`codewright: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
