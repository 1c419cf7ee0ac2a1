// The fake MCP server's tools over streamable HTTP, in the test's own process, on the SDK's server transport: a real HTTP
// listener on a free port, so the client side goes through fetch and the SDK's client transport as it does with a remote server.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { fakeMcpServer } from './tools';

export interface HttpMcpServer {
  url: string;
  /** The headers of every request, in order. */
  headers: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

export async function startHttpMcpServer(): Promise<HttpMcpServer> {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
  const server = fakeMcpServer();
  await server.connect(transport);
  const headers: http.IncomingHttpHeaders[] = [];
  const listener = http.createServer((req, res) => {
    headers.push(req.headers);
    void transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    headers,
    close: async () => {
      await server.close();
      listener.closeAllConnections();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
