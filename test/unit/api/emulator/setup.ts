// Shared harness for ChutesClient tests against the local emulator (emulator/index.ts): one emulator
// per test file on a free loopback port, real HTTP with the platform host names kept in the Host
// header (connect-to), real sr25519 hotkey signatures that the emulator verifies.
import { afterAll, beforeAll, expect } from 'vitest';
import { seedCredentials, startEmulator, type DemoCredentials, type EmulatorOptions, type RunningEmulator } from '../../../../emulator/index';
import { ChutesClient, type ClientConfig, type ClientOptions } from '../../../../src/core/api/client';
import { ChutesApiError } from '../../../../src/core/api/errors';
import type { RetryPolicy } from '../../../../src/core/api/retry';
import { chutesHeaders, hotkeyFromSeed } from '../../../../src/core/auth/signing';
import type { Image } from '../../../../src/core/api/types';
import type { Credentials } from '../../../../src/core/auth/credentials';

export { collect } from '../testServer';

/** Retries in milliseconds, so retry tests cost nothing; the statuses are the production ones. */
export const FAST_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 50, statuses: new Set([429, 502, 503]) };

export const apiKeyOf = (user: DemoCredentials): Credentials => ({ kind: 'apiKey', apiKey: user.apiKey });
export const hotkeyOf = (user: DemoCredentials): Credentials => ({ kind: 'hotkey', ss58: user.hotkeySs58, seedHex: user.hotkeySeed, userId: user.userId });

export interface FaultRule {
  path: string;
  method?: string;
  host?: string;
  times?: number;
  fault: Record<string, unknown>;
}

export interface Harness {
  emulator: RunningEmulator;
  demo: DemoCredentials;
  alice: DemoCredentials;
  /** demo's admin API key. */
  apiKey: ChutesClient;
  /** demo's hotkey. */
  hotkey: ChutesClient;
  /** No credentials at all. */
  signedOut: ChutesClient;
  /** `${method} ${path}` of every retry the harness clients made, in order. */
  retries: string[];
  /** Another client on the same emulator, closed with the file. */
  client(credentials: Credentials | undefined, config?: Partial<ClientConfig>, options?: ClientOptions): ChutesClient;
  /** Restores the seed and clears faults and rate-limit windows. */
  reset(): Promise<void>;
  /** Registers a fault for the next matching requests (emulator/README.md). */
  fault(rule: FaultRule): Promise<void>;
  /** The fault rules not used up yet. */
  pendingFaults(): Promise<Array<{ path: string; remaining: number }>>;
}

/** Starts one emulator for the calling test file (beforeAll) and stops it with its clients (afterAll). */
export function useEmulator(options: EmulatorOptions = {}): Harness {
  const clients: ChutesClient[] = [];
  const harness = { retries: [] as string[] } as Harness;

  const admin = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${harness.emulator.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`emulator ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };

  harness.client = (credentials, config = {}, clientOptions = {}) => {
    const client = new ChutesClient(
      {
        apiBaseUrl: 'http://api.chutes.ai',
        platformDomain: 'chutes.ai',
        connectTo: `127.0.0.1:${harness.emulator.port}`,
        auth: async () => credentials,
        timeoutMs: 10_000,
        ...config,
      },
      {
        env: {},
        retryPolicy: FAST_RETRY,
        onRetry: (info) => harness.retries.push(`${info.method} ${info.path}`),
        ...clientOptions,
      },
    );
    clients.push(client);
    return client;
  };
  harness.reset = async () => {
    await admin('POST', '/_emulator/reset');
  };
  harness.fault = async (rule) => {
    await admin('POST', '/_emulator/faults', rule);
  };
  harness.pendingFaults = async () => (await admin('GET', '/_emulator/faults')) as Array<{ path: string; remaining: number }>;

  beforeAll(async () => {
    harness.emulator = await startEmulator({ port: 0, seed: 'demo', tokensPerSecond: 0, buildDurationMs: 300, ...options });
    harness.demo = seedCredentials('demo');
    harness.alice = seedCredentials('alice');
    harness.apiKey = harness.client(apiKeyOf(harness.demo));
    harness.hotkey = harness.client(hotkeyOf(harness.demo));
    harness.signedOut = harness.client(undefined);
  });
  afterAll(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await harness.emulator?.close();
  });
  return harness;
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error('expected a rejection, but the call succeeded');
}

/**
 * Asserts a ChutesApiError with this status whose message quotes the server's words; returns it so a
 * test can check more (detail, path, host).
 */
export async function apiError(promise: Promise<unknown>, status: number, words: string | RegExp): Promise<ChutesApiError> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(ChutesApiError);
  expect(error).toMatchObject({ name: 'ChutesApiError', status });
  if (typeof words === 'string') expect(error.message).toContain(words);
  else expect(error.message).toMatch(words);
  return error as ChutesApiError;
}

export interface ImageUpload {
  name: string;
  dockerfile: string;
  tag?: string;
  /** The uploading user (default demo). */
  as?: DemoCredentials;
  /** The SDK version the upload claims (X-Chutes-Version), which the image then records. */
  chutesVersion?: string;
}

/**
 * Starts an image build through the emulator's own multipart route (the client has no upload call),
 * hotkey-signed over the whole multipart body as `chutes build` does. Returns the new image id.
 */
export async function uploadImage(harness: Harness, upload: ImageUpload): Promise<string> {
  const user = upload.as ?? harness.demo;
  const form = new FormData();
  const fields = { username: user.username, name: upload.name, tag: upload.tag ?? '1.0', readme: '', dockerfile: upload.dockerfile, image: 'gASV', public: 'False', logo_id: '__none__', wait: 'False' };
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('build_context', new Blob([new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)])], { type: 'application/zip' }), 'chute.zip');
  // Serialised once, so the signature covers exactly the bytes sent.
  const encoded = new Request(`${harness.emulator.url}/images/`, { method: 'POST', body: form });
  const body = new Uint8Array(await encoded.arrayBuffer());
  const signature = chutesHeaders(await hotkeyFromSeed(user.hotkeySeed), { body });
  const response = await fetch(encoded.url, {
    method: 'POST',
    headers: { ...signature, 'content-type': encoded.headers.get('content-type') ?? '', 'x-chutes-version': upload.chutesVersion ?? '0.6.10' },
    body,
  });
  const image = (await response.json()) as { image_id?: string };
  if (response.status !== 202 || !image.image_id) throw new Error(`upload failed: ${response.status} ${JSON.stringify(image)}`);
  return image.image_id;
}

/** Polls until the image's build is over (the emulator moves builds on with its clock). */
export async function builtImage(client: ChutesClient, imageId: string): Promise<Image> {
  for (;;) {
    const image = await client.getImage(imageId);
    if (image.status === 'built and pushed' || image.status.startsWith('error:')) return image;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
