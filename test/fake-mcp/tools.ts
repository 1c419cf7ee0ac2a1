// The tools of the fake MCP server, on the SDK's own McpServer: shared by the stdio process (server.ts) and the in-process
// streamable-HTTP server the tests start, so both transports are tested against the same answers.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';

/** A 1×1 PNG. */
export const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** What a misbehaving tool does instead of answering (the stdio server implements them; see server.ts). */
export interface Misbehaviour {
  crash(): void;
  hang(): Promise<never>;
  garbage(): void;
}

export function fakeMcpServer(misbehave?: Misbehaviour): McpServer {
  const server = new McpServer({ name: 'fake-mcp', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes the message back', inputSchema: { message: z.string() } }, async ({ message }) => ({
    content: [{ type: 'text', text: `echo: ${message}` }],
  }));
  server.registerTool('big', { description: 'Answers with a lot of text', inputSchema: { size: z.number() } }, async ({ size }) => ({
    content: [{ type: 'text', text: `${'x'.repeat(size - 4)}tail` }],
  }));
  server.registerTool('picture', { description: 'Answers with text, an image and an embedded resource' }, async () => ({
    content: [
      { type: 'text', text: 'a picture' },
      { type: 'image', data: TINY_PNG, mimeType: 'image/png' },
      { type: 'resource', resource: { uri: 'file:///notes.txt', mimeType: 'text/plain', text: 'the notes' } },
    ],
  }));
  server.registerTool('fails', { description: 'Reports an error as its result' }, async () => ({
    content: [{ type: 'text', text: 'the database is locked' }],
    isError: true,
  }));
  if (misbehave) {
    server.registerTool('crash', { description: 'Exits the process mid-call' }, async () => {
      misbehave.crash();
      return { content: [] };
    });
    server.registerTool('hang', { description: 'Never answers' }, () => misbehave.hang());
    server.registerTool('garbage', { description: 'Writes a line that is not JSON-RPC instead of answering' }, async () => {
      misbehave.garbage();
      return misbehave.hang();
    });
  }
  return server;
}
