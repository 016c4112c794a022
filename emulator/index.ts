// Public entry point of the local Chutes API emulator.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from './app';
import { adminRouter } from './routes/admin';
import { apiRouter } from './routes';
import { buildSeed, seedCredentials, type DemoCredentials } from './seed';
import { createHandler } from './server';
import { cryptoReady } from './sr25519';
import { Store, loadState } from './store';

export type { DemoCredentials } from './seed';
/** Demo-only credentials of the seeded users (`demo`, `alice`), for tests that need a second user. */
export { seedCredentials } from './seed';

export interface EmulatorOptions {
  port?: number; // 0 or undefined = free port
  seed?: 'demo' | 'empty'; // default 'empty' (no users but the platform user `chutes`)
  statePath?: string; // persist state here (atomic write: temp file + rename); load it at start if present
  tokensPerSecond?: number; // fake LLM token rate, default 50; 0 = as fast as possible
  /**
   * Platform domain, default 'chutes.ai'. Routing reads the first Host label whatever the domain, as the
   * real server does, so this only names the hosts the CLI prints.
   */
  domain?: string;
  /** Emulator extra: time from image upload to `built and pushed`, default 1200 ms. */
  buildDurationMs?: number;
  /** Emulator extra: this many more cold chutes for the demo user (seed `demo` only), for benchmarks. */
  bulkChutes?: number;
}

export interface RunningEmulator {
  url: string; // http://127.0.0.1:<port>
  port: number;
  demo?: DemoCredentials;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  await cryptoReady();
  const seed = options.seed ?? 'empty';
  const loaded = options.statePath ? loadState(options.statePath) : undefined;
  const store = new Store(loaded ?? buildSeed(seed, options.bulkChutes), options.statePath);
  if (!loaded) store.save();
  const app = new App(store, {
    tokensPerSecond: options.tokensPerSecond ?? 50,
    buildMs: options.buildDurationMs ?? 1200,
    warmupStepMs: 250,
    warmupColdEvents: 3,
  });
  const reset = () => {
    store.state = buildSeed(seed, options.bulkChutes);
    app.faults.clear();
    app.resetRateLimits();
    store.save();
  };
  const server = createServer(createHandler(app, apiRouter(), adminRouter(reset)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    // From the state actually served: a loaded state file decides, not the seed option.
    demo: store.userByName('demo') ? seedCredentials('demo') : undefined,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
