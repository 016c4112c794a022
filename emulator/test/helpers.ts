// Test helpers: raw HTTP over loopback with explicit Host headers (fetch forbids setting Host), SSE
// reading, and real sr25519 request signing with @polkadot/keyring.
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../index';

/** Response bodies are arbitrary JSON; the assertions in each test are what check their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; text: string; json: Json }

export interface CallOptions {
  host?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Put an API key in Authorization (Bearer). */
  key?: string;
}

export function encodeBody(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Send a request and collect the whole response. */
export function call(emu: RunningEmulator, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = encodeBody(options.body);
    const headers: Record<string, string> = { host: options.host ?? 'api.chutes.ai', ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const req = httpRequest({ host: '127.0.0.1', port: emu.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const text = buf.toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buf, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Read a streaming response: chunks with arrival times, until it ends, errors (cut) or `until` is true. */
export function stream(
  emu: RunningEmulator,
  path: string,
  options: CallOptions & { method?: string; until?: (text: string) => boolean } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string; chunks: { at: number; text: string }[]; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    const body = encodeBody(options.body);
    const headers: Record<string, string> = { host: options.host ?? 'api.chutes.ai', ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    if (body) headers['content-type'] ??= 'application/json';
    const started = Date.now();
    const req = httpRequest({ host: '127.0.0.1', port: emu.port, method: options.method ?? 'GET', path, headers }, (res) => {
      const chunks: { at: number; text: string }[] = [];
      let text = '';
      const done = (aborted: boolean) => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, chunks, aborted });
      res.on('data', (c: Buffer) => {
        chunks.push({ at: Date.now() - started, text: c.toString('utf8') });
        text += c.toString('utf8');
        if (options.until?.(text)) {
          req.destroy();
          done(false);
        }
      });
      res.on('end', () => done(false));
      res.on('aborted', () => done(true));
      res.on('error', () => done(true));
    });
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    req.end(body);
  });
}

/** The JSON payloads of `data:` events (skipping [DONE] and anything unparsable). */
export function sseData(text: string): Json[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice(6))
    .filter((d) => d !== '[DONE]')
    .map((d) => {
      try {
        return JSON.parse(d);
      } catch {
        return undefined;
      }
    })
    .filter((d) => d !== undefined);
}

export { sha256Hex } from '../auth';

/** X-Chutes-* headers signed the way the SDK does: "{ss58}:{nonce}:{sha256(body) or purpose}". */
export async function signed(seedHex: string, suffix: string, nonce = Math.floor(Date.now() / 1000)): Promise<Record<string, string>> {
  await cryptoWaitReady();
  const pair = new Keyring({ type: 'sr25519' }).addFromSeed(Buffer.from(seedHex, 'hex'));
  const message = `${pair.address}:${nonce}:${suffix}`;
  return {
    'x-chutes-hotkey': pair.address,
    'x-chutes-nonce': String(nonce),
    'x-chutes-signature': Buffer.from(pair.sign(new TextEncoder().encode(message))).toString('hex'),
  };
}

export const startDemo = (options: EmulatorOptions = {}): Promise<RunningEmulator> =>
  startEmulator({ seed: 'demo', tokensPerSecond: 0, buildDurationMs: 600, ...options });

export const randomNonce = (): string => createHash('sha256').update(String(Math.random())).digest('hex');
