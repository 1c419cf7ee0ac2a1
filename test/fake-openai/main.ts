// Runs the fake Responses API server on its own: `node out/test/fake-openai/main.js [--port N] [--host H] [--demo [--workspace DIR]]`.
// Prints `FAKE_OPENAI_URL=<url>` once listening (scripts read that line), then serves until SIGTERM or SIGINT.
// With --demo the offline demo model answers every request (reading, never writing, the --workspace folder); without it every
// request gets the "script ran out" 500.
import { createDemoResponder } from './demo/responder';
import { startFakeServer, type FakeServerOptions } from './server';

function parseArgs(argv: readonly string[]): FakeServerOptions {
  const options: FakeServerOptions = {};
  let demo = false;
  let workspace: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--demo') {
      demo = true;
    } else if (arg === '--workspace') {
      workspace = argv[++i];
      if (workspace === undefined) throw new Error('--workspace needs a folder, e.g. --workspace ./sample-workspace.');
    } else if (arg === '--port' || arg === '--host') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value, e.g. ${arg === '--port' ? '--port 8080' : '--host 127.0.0.1'}.`);
      if (arg === '--host') options.host = value;
      else {
        const port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new Error(`--port must be a whole number from 0 to 65535, not "${value}".`);
        options.port = port;
      }
    } else {
      throw new Error(`Unknown option "${arg}". Usage: main.js [--port N] [--host H] [--demo [--workspace DIR]]`);
    }
  }
  if (demo) options.responder = createDemoResponder(workspace === undefined ? {} : { workspace });
  return options;
}

async function main(): Promise<void> {
  const server = await startFakeServer(parseArgs(process.argv.slice(2)));
  process.stdout.write(`FAKE_OPENAI_URL=${server.url}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-openai: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
