// A stdio MCP server for the tests (run as `node out/test/fake-mcp/server.js [MODE]`). Modes other than the default break the
// protocol at a chosen point: `exit-at-start` writes to stderr and exits 3 before answering, `silent` never answers
// initialize. The tools crash, hang and garbage break it mid-call. With FAKE_MCP_PID_FILE set, it appends its pid there, so
// tests can see which processes were started and that they were stopped.
import { appendFileSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { fakeMcpServer } from './tools';

const mode = process.argv[2] ?? 'normal';
const pidFile = process.env['FAKE_MCP_PID_FILE'];
if (pidFile) appendFileSync(pidFile, `${process.pid}\n`);

if (mode === 'exit-at-start') {
  process.stderr.write('fake-mcp: cannot open the database\n');
  process.exit(3);
} else if (mode === 'silent') {
  // Reads and ignores everything: a server stuck before its handshake.
  process.stdin.resume();
} else {
  const server = fakeMcpServer({
    crash: () => {
      process.stderr.write('fake-mcp: segfault in crash\n');
      process.exit(1);
    },
    hang: () => new Promise<never>(() => undefined),
    garbage: () => void process.stdout.write('this is not json\n'),
  });
  void server.connect(new StdioServerTransport());
}
