// Shared by the fake server's tests: a fresh server and a real SDK client on it per test, closed afterwards.
import OpenAI from 'openai';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../fake-openai/server';

export interface Harness {
  server: FakeServer;
  client: OpenAI;
}

/** Registers an afterEach that closes whatever `start()` opened; call `start()` inside each test. */
export function useFakeServer(): (
  options?: FakeServerOptions,
  clientOptions?: ConstructorParameters<typeof OpenAI>[0],
) => Promise<Harness> {
  const open: FakeServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (options, clientOptions) => {
    const server = await startFakeServer(options);
    open.push(server);
    const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0, ...clientOptions });
    return { server, client };
  };
}

export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const events: T[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** Runs `body` and returns what it threw; fails the test if it did not throw. */
export async function thrown(body: () => Promise<unknown>): Promise<unknown> {
  try {
    await body();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but the call succeeded');
}
