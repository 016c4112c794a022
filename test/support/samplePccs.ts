// The real Intel TDX sample (test/fixtures/tee/README.md) and a PCCS on 127.0.0.1 serving its
// collateral the way Intel's PCCS API v4 does, for the unit tests and the bench.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const dir = path.join(__dirname, '..', 'fixtures', 'tee');
export const SAMPLE_QUOTE = new Uint8Array(readFileSync(path.join(dir, 'tdx_quote')));
export const SAMPLE_COLLATERAL = JSON.parse(readFileSync(path.join(dir, 'tdx_quote_collateral.json'), 'utf8')) as Record<string, string>;
/** Inside the sample collateral's validity (TCB info 2025-06-19 -> 2025-07-19). */
export const INSIDE_VALIDITY = Date.parse('2025-07-01T00:00:00Z');

export interface SamplePccs {
  url: string;
  /** Paths with query, in the order asked for. */
  requests: string[];
  close(): Promise<void>;
}

export async function startSamplePccs(): Promise<SamplePccs> {
  const c = SAMPLE_COLLATERAL;
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
