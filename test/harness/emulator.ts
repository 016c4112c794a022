import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './paths';

export interface TestEmulator {
  url?: string;
  /** User settings that point the extension at the emulator. */
  settings: Record<string, unknown>;
  /** Environment for the extension host (demo credentials for tests). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts the local Chutes emulator with demo data for a test run. */
export async function startTestEmulator(): Promise<TestEmulator> {
  const entry = path.join(projectRoot, 'emulator', 'index.ts');
  if (!existsSync(entry)) return { settings: {}, env: {}, stop: async () => undefined };
  const { startEmulator, seedCredentials } = await import(entry);
  const emulator = await startEmulator({ port: 0, seed: "demo", tokensPerSecond: 0, domain: "chutes.test" });
  const host = new URL(emulator.url).host;
  return {
    url: emulator.url,
    settings: {
      'chutes.apiBaseUrl': 'http://api.chutes.test',
      'chutes.platformDomain': 'chutes.test',
      'chutes.connectTo': host,
    },
    env: {
      CHUTES_TEST_EMULATOR_URL: emulator.url,
      CHUTES_TEST_DEMO: JSON.stringify(emulator.demo ?? {}),
      CHUTES_TEST_ALICE: JSON.stringify(seedCredentials('alice')),
    },
    stop: () => emulator.close(),
  };
}
