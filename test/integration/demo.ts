import type { DemoCredentials } from '../../emulator';

/** The emulator's demo-only credentials, handed to the extension host by the harness. */
export function demoCredentials(): DemoCredentials {
  const raw = process.env.CHUTES_TEST_DEMO;
  if (!raw || raw === '{}') throw new Error('the harness did not start the emulator (CHUTES_TEST_DEMO is empty)');
  return JSON.parse(raw);
}
