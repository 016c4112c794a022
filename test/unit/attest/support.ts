// Shared pieces of the attestation tests: the real Intel sample (test/fixtures/tee/README.md) and a
// PCCS on loopback that serves its collateral the way Intel's PCCS API v4 does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CollateralCache } from '../../../src/core/attest/collateral';
import { loadDcap } from '../../../src/core/attest/dcap';
import type { ChutesClient } from '../../../src/core/api/client';
import { startServer, testClient, type TestServer } from '../api/testServer';

const dir = path.join(__dirname, '..', '..', 'fixtures', 'tee');
export const SAMPLE_QUOTE = new Uint8Array(readFileSync(path.join(dir, 'tdx_quote')));
export const SAMPLE_COLLATERAL = JSON.parse(readFileSync(path.join(dir, 'tdx_quote_collateral.json'), 'utf8')) as Record<string, string>;
/** Inside the sample collateral's validity (TCB info 2025-06-19 -> 2025-07-19). */
export const INSIDE_VALIDITY = Date.parse('2025-07-01T00:00:00Z');

/** A PCCS on 127.0.0.1 serving the sample's collateral; `requests` lists the paths asked for. */
export function startSamplePccs(): Promise<TestServer> {
  const c = SAMPLE_COLLATERAL;
  return startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://pccs');
    const send = (body: string | Buffer, headers: Record<string, string>) => {
      res.writeHead(200, headers);
      res.end(body);
    };
    if (url.pathname === '/sgx/certification/v4/pckcrl') return send(Buffer.from(c.pck_crl, 'hex'), { 'SGX-PCK-CRL-Issuer-Chain': encodeURIComponent(c.pck_crl_issuer_chain) });
    if (url.pathname === '/tdx/certification/v4/tcb') {
      return send(`{"tcbInfo":${c.tcb_info},"signature":"${c.tcb_info_signature}"}`, { 'TCB-Info-Issuer-Chain': encodeURIComponent(c.tcb_info_issuer_chain) });
    }
    if (url.pathname === '/tdx/certification/v4/qe/identity') {
      return send(`{"enclaveIdentity":${c.qe_identity},"signature":"${c.qe_identity_signature}"}`, { 'SGX-Enclave-Identity-Issuer-Chain': encodeURIComponent(c.qe_identity_issuer_chain) });
    }
    if (url.pathname === '/sgx/certification/v4/rootcacrl') return send(c.root_ca_crl, { 'content-type': 'text/plain' });
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"detail":"Not Found"}');
  });
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
