// Client overhead of the agent core: the same long answer (20,000 text deltas from the fake Responses server, run in
// its own process so its cost is not billed to the client) consumed by a bare `openai` SDK loop and by a Session that
// emits every delta as an event and saves the session to disk. Target: the Session within 1.2x of the bare loop.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import type { AgentEvent } from '../src/shared/events';
import type { Host } from '../src/core/host';
import { Session } from '../src/core/session';
import { SessionStore } from '../src/core/sessionStore';
import { medianMs, printTable, report } from './report';

const DELTAS = 20_000;
const RUNS = Number(process.env.CODEWRIGHT_BENCH_RUNS || 9);

/** Starts the fake server in a child process answering every request with one long streamed message; resolves its URL. */
async function startServer(): Promise<{ url: string; stop: () => void }> {
  const serverModule = path.resolve(__dirname, '..', 'test', 'fake-openai', 'server.js');
  const program = `
    const { startFakeServer } = require(${JSON.stringify(serverModule)});
    const text = 'tok '.repeat(${DELTAS});
    startFakeServer({ responder: () => ({ items: [{ type: 'text', text, chunks: ${DELTAS} }] }) })
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
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'codewright-bench-session-'));
  try {
    const openai = new OpenAI({ apiKey: 'bench', baseURL: server.url, maxRetries: 0 });
    let bareDeltas = 0;
    const bare = async () => {
      const stream = await openai.responses.create({ model: 'gpt-5.1-codex', input: 'go', stream: true });
      for await (const event of stream) if (event.type === 'response.output_text.delta') bareDeltas++;
    };

    let sessionDeltas = 0;
    let events = 0;
    const host: Host = {
      workspaceRoots: [dir],
      emit: (event: AgentEvent) => {
        events++;
        if (event.type === 'text_delta') sessionDeltas++;
      },
      reviewEdit: async () => ({ status: 'rejected', reason: 'benchmark' }),
      approveCommands: async () => ({ approved: false, reason: 'benchmark' }),
      runCommand: async () => ({ stdout: '', stderr: '', outcome: { type: 'exit', exitCode: 0 } }),
    };
    const store = new SessionStore(path.join(dir, 'sessions'));
    const viaSession = async () => {
      const session = new Session({ host, provider: { kind: 'custom', baseURL: server.url }, model: 'gpt-5.1-codex', store });
      const outcome = await session.send('go');
      if (outcome.reason !== 'completed') throw new Error(`the session did not complete: ${JSON.stringify(outcome)}`);
    };

    // Interleaved samples, so a busier moment of the machine slows both sides alike.
    const bareTimes: number[] = [];
    const sessionTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      bareTimes.push(await medianMs(bare, 1, i === 0 ? 2 : 0));
      sessionTimes.push(await medianMs(viaSession, 1, i === 0 ? 2 : 0));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const bareMs = median(bareTimes);
    const sessionMs = median(sessionTimes);
    const perRunBare = bareDeltas / (RUNS + 2);
    const perRunSession = sessionDeltas / (RUNS + 2);
    if (perRunBare !== DELTAS || perRunSession !== DELTAS)
      throw new Error(`expected ${DELTAS} deltas per run, got ${perRunBare} (bare) and ${perRunSession} (session)`);

    report({ bench: 'session', metric: `bare openai SDK loop, ${DELTAS} deltas`, unit: 'ms', value: bareMs });
    report({
      bench: 'session',
      metric: `Session.send, ${DELTAS} deltas (events + persistence)`,
      unit: 'ms',
      value: sessionMs,
      reference: { label: 'bare SDK loop', value: bareMs },
      ratio: sessionMs / bareMs,
      budget: '<= 1.2x',
      ok: sessionMs / bareMs <= 1.2,
    });
    report({
      bench: 'session',
      metric: 'events delivered to the host',
      unit: 'events/s',
      value: Math.round((events / (RUNS + 2) / sessionMs) * 1000),
    });
    printTable();
  } finally {
    server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
