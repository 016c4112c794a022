import { X509Certificate, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { chuteIdFor } from '../ids';
import { seedCredentials } from '../seed';
import { call, randomNonce, startDemo } from './helpers';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.close());

const pemCerts = (chain: string) => chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!.map((pem) => new X509Certificate(pem));

describe('accepted measurements and the PCCS', () => {
  it('publishes the MRTD and RTMRs its quotes carry', async () => {
    const r = await call(emu, 'GET', '/servers/tee/measurements');
    expect(r.status).toBe(200);
    expect(r.json.tee_type).toBe('tdx');
    const [current] = r.json.measurements;
    const nonce = randomNonce();
    const evidence = await call(emu, 'GET', `/chutes/${chuteIdFor('demo', 'secure-chat-TEE')}/evidence?nonce=${nonce}`, { key: seedCredentials('demo').apiKey });
    const quote = Buffer.from(evidence.json.evidence[0].quote, 'base64');
    expect(quote.subarray(48 + 136, 48 + 184).toString('hex')).toBe(current.mrtd);
    expect(quote.subarray(48 + 472, 48 + 520).toString('hex')).toBe(current.rtmr3);
  });

  it('serves TCB info and QE identity signed by the key of the chain in their headers, which ends at a root that is not Intel\'s', async () => {
    for (const [path, header, field] of [
      ['/tdx/certification/v4/tcb?fmspc=00EE00000000', 'tcb-info-issuer-chain', 'tcbInfo'],
      ['/tdx/certification/v4/qe/identity?update=standard', 'sgx-enclave-identity-issuer-chain', 'enclaveIdentity'],
    ]) {
      const r = await call(emu, 'GET', path, { headers: { host: 'pccs.chutes.test' } });
      expect(r.status).toBe(200);
      const [signer, root] = pemCerts(decodeURIComponent(String(r.headers[header])));
      expect(root.subject).toContain('Chutes Emulator SGX Root CA (not Intel)');
      expect(signer.verify(root.publicKey)).toBe(true);
      const signed = JSON.stringify(r.json[field]);
      const signature = Buffer.from(r.json.signature, 'hex');
      expect(verify('sha256', Buffer.from(signed), { key: signer.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
      expect(Date.parse(r.json[field].nextUpdate)).toBeGreaterThan(Date.now());
    }
  });

  it('answers unknown FMSPCs with 404 and a bad CA with 400, and the CRLs in DER or hex', async () => {
    expect((await call(emu, 'GET', '/tdx/certification/v4/tcb?fmspc=B0C06F000000')).json).toEqual({ detail: 'No TCB info for FMSPC B0C06F000000' });
    expect((await call(emu, 'GET', '/sgx/certification/v4/pckcrl?ca=nobody')).status).toBe(400);
    const der = await call(emu, 'GET', '/sgx/certification/v4/pckcrl?ca=processor&encoding=der');
    expect(der.body[0]).toBe(0x30);
    expect(pemCerts(decodeURIComponent(String(der.headers['sgx-pck-crl-issuer-chain'])))[0].subject).toContain('PCK Processor CA');
    expect((await call(emu, 'GET', '/sgx/certification/v4/rootcacrl')).text).toMatch(/^30[0-9a-f]+$/);
  });
});
