// Sends a planned turn as server-sent events, numbering the events as they go out, and carries out the turn's
// transport failure if it has one: a dropped socket, a stall, or a line that is not JSON.
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeEvent, TurnPlan } from './responseEvents';
import type { TurnFailure } from './script';

export async function streamTurn(
  res: ServerResponse,
  plan: TurnPlan,
  fail: TurnFailure | undefined,
  delayMs: number,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const cut = fail?.kind === 'drop' || fail?.kind === 'stall';
  const events: FakeEvent[] = cut ? plan.events.slice(0, Math.max(0, fail.afterEvents)) : [...plan.events, plan.terminal];
  const malformedAt = fail?.kind === 'malformed' ? Math.min(Math.max(0, fail.afterEvents), events.length) : -1;

  let sequence = 0;
  for (let i = 0; i <= events.length; i++) {
    if (signal.aborted) return;
    if (i === malformedAt && fail?.kind === 'malformed') await write(res, `${fail.raw ?? 'data: {not json'}\n\n`);
    const event = events[i];
    if (event === undefined) break;
    if (i > 0 && delayMs > 0 && !(await pause(delayMs, signal))) return;
    await write(res, `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: sequence++ })}\n\n`);
  }

  if (fail?.kind === 'drop') {
    // Written data has reached the socket (each write awaited its callback), so the client sees the events, then a reset.
    res.socket?.destroy();
  } else if (fail?.kind === 'stall') {
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  } else {
    res.end();
  }
}

export function write(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(chunk, () => resolve());
  });
}

/** Waits `ms`; false when the stream was aborted meanwhile. */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
