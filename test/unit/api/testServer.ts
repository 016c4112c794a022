// A real HTTP server on 127.0.0.1:0 for wire-level client tests. It records every request (with
// its exact body bytes) and when each connection closed. With `tls`, it speaks HTTPS with a
// certificate made for this run (openssl), for names the client resolves to loopback (testConnect).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, LookupFunction, Socket } from 'node:net';
import { afterEach } from 'vitest';
import { ChutesClient } from '../../../src/core/api/client';
import { testCertificate } from '../../harness/tls';

export const TEST_API_KEY = 'cpk_1b4e28ba2fa111d2883f0016d3cca427.3f0c2a8e1d7b5c1e9a510b8f6a1d2e33.Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';

// Servers and clients made here are closed after each test of the file that imports this module.
const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const resource of open.splice(0).reverse()) await resource.close();
});

/** A ChutesClient closed after the test. */
export function testClient(...args: ConstructorParameters<typeof ChutesClient>): ChutesClient {
  const client = new ChutesClient(...args);
  open.push(client);
  return client;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer, index: number) => void | Promise<void>;

export interface TestServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Resolves when the socket that carried request `index` closes. */
  socketClosed(index: number): Promise<void>;
  close(): Promise<void>;
}

/** Every host name resolves to 127.0.0.1, as curl --resolve would make it: nothing leaves the machine. */
export const loopbackLookup = ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
  if (options?.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}) as unknown as LookupFunction;

/** The client's connect seam for TLS test servers: their CA, and names resolved to loopback. */
export function testConnect(): { ca: string; lookup: LookupFunction } {
  return { ca: testCertificate().cert, lookup: loopbackLookup };
}

export async function startServer(handler: Handler, options: { tls?: boolean } = {}): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const closed: Array<Promise<void>> = [];
  const sockets = new Set<Socket>();
  const listener = async (req: IncomingMessage, res: ServerResponse) => {
    const index = requests.length;
    closed[index] = new Promise((resolve) => req.socket.once('close', () => resolve()));
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const body = Buffer.concat(parts);
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    try {
      await handler(req, res, body, index);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  };
  const server = options.tls ? https.createServer(testCertificate(), listener) : http.createServer(listener);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: TestServer = {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    socketClosed: (index) => closed[index] ?? Promise.reject(new Error(`no request ${index}`)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  open.push(handle);
  return handle;
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
