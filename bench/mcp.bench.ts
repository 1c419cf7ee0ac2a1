// Time to first token of a turn with three MCP servers configured (already running, as after the first turn of a window)
// against a turn with none: the same short answer from the fake Responses server (in its own process), timed from send()
// to the first text delta the host receives. Target: with the servers within 1.1x of without.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Host } from '../src/core/host';
import type { McpServerConfig } from '../src/core/mcp/config';
import { McpServers } from '../src/core/mcp/servers';
import { Session } from '../src/core/session';
import type { AgentEvent } from '../src/shared/events';
import { printTable, report } from './report';

const RUNS = Number(process.env.CODEWRIGHT_BENCH_RUNS || 21);
const FAKE_MCP = path.resolve(__dirname, '..', 'test', 'fake-mcp', 'server.js');

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const serverModule = path.resolve(__dirname, '..', 'test', 'fake-openai', 'server.js');
  const program = `
    const { startFakeServer } = require(${JSON.stringify(serverModule)});
    startFakeServer({ responder: () => ({ items: [{ type: 'text', text: 'Hello there, this is the answer.', chunks: 8 }] }) })
      .then((server) => process.stdout.write(server.url + '\\n'));`;
  const child = spawn(process.execPath, ['-e', program], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`the fake server exited (${code})`)));
  });
  return { url, stop: () => child.kill() };
}

async function main(): Promise<void> {
  const server = await startServer();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'codewright-bench-mcp-'));
  const configs: McpServerConfig[] = ['alpha', 'beta', 'gamma'].map((name) => ({
    name,
    source: 'bench',
    type: 'stdio',
    command: process.execPath,
    args: [FAKE_MCP],
    env: {},
  }));
  const mcp = new McpServers({ approve: async () => ({ approved: true }) });
  try {
    await mcp.configure(configs);
    const tools = await mcp.tools(new AbortController().signal);
    if (tools.length < 12) throw new Error(`expected the three servers' tools, got ${tools.length}`);

    let firstToken: (() => void) | undefined;
    const host: Host = {
      workspaceRoots: [dir],
      emit: (event: AgentEvent) => {
        if (event.type === 'text_delta') firstToken?.();
      },
      reviewEdit: async () => ({ status: 'rejected', reason: 'benchmark' }),
      approveCommands: async () => ({ approved: false, reason: 'benchmark' }),
      runCommand: async () => ({ stdout: '', stderr: '', outcome: { type: 'exit', exitCode: 0 } }),
    };
    const timeToFirstToken = async (withServers: boolean): Promise<number> => {
      const session = new Session({
        host,
        provider: { kind: 'custom', baseURL: server.url },
        model: 'gpt-5.1-codex',
        ...(withServers ? { functionTools: mcp.source } : {}),
      });
      const started = performance.now();
      let at = 0;
      const first = new Promise<void>((resolve) => {
        firstToken = () => {
          if (at === 0) at = performance.now();
          resolve();
        };
      });
      const outcome = await session.send('hello');
      await first;
      if (outcome.reason !== 'completed') throw new Error(`the turn did not complete: ${JSON.stringify(outcome)}`);
      return at - started;
    };

    // Interleaved samples after a warm-up of each, so a busier moment of the machine slows both sides alike.
    await timeToFirstToken(false);
    await timeToFirstToken(true);
    const without: number[] = [];
    const withServers: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      without.push(await timeToFirstToken(false));
      withServers.push(await timeToFirstToken(true));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const noneMs = median(without);
    const threeMs = median(withServers);
    report({ bench: 'mcp', metric: 'time to first token, no MCP server', unit: 'ms', value: noneMs });
    report({
      bench: 'mcp',
      metric: `time to first token, 3 MCP servers running (${tools.length} tools)`,
      unit: 'ms',
      value: threeMs,
      reference: { label: 'no MCP server', value: noneMs },
      ratio: threeMs / noneMs,
      budget: '< 1.1x',
      ok: threeMs / noneMs < 1.1,
    });
    printTable();
  } finally {
    await mcp.dispose();
    server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
