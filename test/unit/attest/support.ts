// Shared pieces of the attestation tests: the sample PCCS closed after each test, a loopback client
// and a collateral cache that records what it fetches.
import { afterEach } from 'vitest';
import { CollateralCache } from '../../../src/core/attest/collateral';
import { loadDcap } from '../../../src/core/attest/dcap';
import type { ChutesClient } from '../../../src/core/api/client';
import { startSamplePccs as start, type SamplePccs } from '../../support/samplePccs';
import { testClient } from '../api/testServer';

export { INSIDE_VALIDITY, SAMPLE_COLLATERAL, SAMPLE_QUOTE } from '../../support/samplePccs';

const running: SamplePccs[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((pccs) => pccs.close()));
});

/** The sample PCCS, closed after the test. */
export async function startSamplePccs(): Promise<SamplePccs> {
  const pccs = await start();
  running.push(pccs);
  return pccs;
}

/** A client for loopback servers only (no connect-to), closed after the test. */
export function loopbackClient(): ChutesClient {
  return testClient(
    { apiBaseUrl: 'http://127.0.0.1:1', platformDomain: 'chutes.test', auth: async () => undefined, timeoutMs: 5_000 },
    { env: {}, retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 10, statuses: new Set([429, 502, 503]) } },
  );
}

/** A collateral cache fetching through `client`, recording every URL it asks for. */
export function recordingCache(client: ChutesClient, urls: string[] = []): CollateralCache {
  return new CollateralCache(
    (url, signal) => {
      urls.push(url);
      return client.fetchExternal(url, signal);
    },
    async () => (await loadDcap()).utils,
  );
}
