// Collateral from a PCCS that answers badly: each case is "not checked" with the PCCS and the
// problem named, never a crash; and a cancelled verification stops with CancelledError.
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/core/api/errors';
import { attestChute } from '../../../src/core/attest/attest';
import { CollateralError, pckIdentity } from '../../../src/core/attest/collateral';
import { checkDcap, loadDcap } from '../../../src/core/attest/dcap';
import { parseTdxQuote, type TdxQuote } from '../../../src/core/attest/quote';
import { startServer } from '../api/testServer';
import { failure } from '../api/emulator/setup';
import { INSIDE_VALIDITY, SAMPLE_QUOTE, loopbackClient, recordingCache } from './support';

const quote = (parseTdxQuote(SAMPLE_QUOTE) as { ok: true; quote: TdxQuote }).quote;

async function dcapAgainst(handler: Parameters<typeof startServer>[0]) {
  const pccs = await startServer(handler);
  return checkDcap(SAMPLE_QUOTE, quote, { pccsUrl: pccs.url, collateral: recordingCache(loopbackClient()), dcap: loadDcap, nowMs: INSIDE_VALIDITY });
}

describe('collateral from a misbehaving PCCS', () => {
  it('a PCK CRL without its issuer chain header', async () => {
    const check = await dcapAgainst((_req, res) => void res.end('crl'));
    expect(check.status).toBe('not checked');
    expect(check.reason).toMatch(/^The PCCS at http:\/\/127\.0\.0\.1:\d+ sent the PCK CRL without its SGX-PCK-CRL-Issuer-Chain header\. Without collateral/);
  });

  it('TCB info that is not JSON', async () => {
    const check = await dcapAgainst((_req, res) => {
      res.writeHead(200, { 'SGX-PCK-CRL-Issuer-Chain': 'x', 'TCB-Info-Issuer-Chain': 'x', 'SGX-Enclave-Identity-Issuer-Chain': 'x' });
      res.end('<html>maintenance</html>');
    });
    expect(check.reason).toMatch(/sent TCB info that is not JSON\./);
  });

  it('a 404 for the FMSPC, in the server\'s words', async () => {
    const check = await dcapAgainst((req, res) => {
      if (req.url?.includes('/tcb')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"detail":"No TCB info for FMSPC"}');
        return;
      }
      res.writeHead(200, { 'SGX-PCK-CRL-Issuer-Chain': 'x' });
      res.end('crl');
    });
    expect(check.reason).toMatch(/^Could not fetch the TCB info from the PCCS at .*: No TCB info for FMSPC \(404 from GET/);
  });

  it('a PCK chain without Intel\'s extension is a CollateralError, not a crash', async () => {
    const { utils } = await loadDcap();
    expect(() => pckIdentity('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', utils)).toThrow(CollateralError);
    expect(() => pckIdentity('garbage', utils)).toThrow('The quote carries no readable PCK certificate.');
  });
});

describe('cancellation', () => {
  it('an aborted signal stops the verification with CancelledError', async () => {
    const abort = new AbortController();
    abort.abort();
    const error = await failure(
      attestChute({ chute_id: 'x', name: 'x', tee: true }, {
        client: loopbackClient(), pccsUrl: 'http://127.0.0.1:1', collateral: recordingCache(loopbackClient()), dcap: loadDcap,
        gpuVerifier: async () => ({ found: false, reason: '' }), signal: abort.signal,
      }),
    );
    expect(error).toBeInstanceOf(CancelledError);
  });
});
