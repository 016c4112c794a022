// The real Intel-signed TDX quote from dcap-qvl's samples, with its collateral served by a local
// PCCS: full DCAP through our own collateral fetch, at fixed times (test/fixtures/tee/README.md).
import { describe, expect, it } from 'vitest';
import { checkDcap, loadDcap } from '../../../src/core/attest/dcap';
import { parseTdxQuote, type TdxQuote } from '../../../src/core/attest/quote';
import { INSIDE_VALIDITY, SAMPLE_COLLATERAL, SAMPLE_QUOTE, loopbackClient, recordingCache, startSamplePccs } from './support';

function sampleQuote(bytes = SAMPLE_QUOTE): TdxQuote {
  const parsed = parseTdxQuote(bytes);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.quote;
}

describe('the real sample quote', () => {
  it('parses as a TDX v4 quote whose debug bit and report_data match the README', () => {
    const quote = sampleQuote();
    expect(SAMPLE_QUOTE.length).toBe(5006);
    expect(quote).toMatchObject({ version: 4, teeType: 0x81, debug: false });
    expect(quote.report.tdAttributes).toBe('0000001000000000');
    expect(quote.report.mrTd.startsWith('91eb2b44d141d4ec')).toBe(true);
    expect(quote.report.reportData.startsWith('9a9d48e7f6799642')).toBe(true);
    // report_data is the 64 bytes at offset 568 of the raw quote (48-byte header + 520).
    expect(quote.report.reportData).toBe(Buffer.from(SAMPLE_QUOTE.subarray(568, 632)).toString('hex'));
    expect(quote.pckChainPem?.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
  });

  it('agrees with dcap-qvl on what the verified report carries', async () => {
    const dcap = await loadDcap();
    const verified = dcap.verify(Buffer.from(SAMPLE_QUOTE), SAMPLE_COLLATERAL as never, INSIDE_VALIDITY / 1000);
    const td = verified.report.asTd10()!;
    const quote = sampleQuote();
    expect(verified.status).toBe('UpToDate');
    expect(Buffer.from(td.tdAttributes).toString('hex')).toBe(quote.report.tdAttributes);
    for (const field of ['mrTd', 'rtMr0', 'rtMr1', 'rtMr2', 'rtMr3', 'reportData'] as const) {
      expect(Buffer.from(td[field]).toString('hex')).toBe(quote.report[field]);
    }
  });

  it('is UpToDate at a time inside its collateral, fetched from a PCCS through ChutesClient and then cached', async () => {
    const pccs = await startSamplePccs();
    const urls: string[] = [];
    const collateral = recordingCache(loopbackClient(), urls);
    const ctx = { pccsUrl: pccs.url, collateral, dcap: loadDcap, nowMs: INSIDE_VALIDITY };
    const first = await checkDcap(SAMPLE_QUOTE, sampleQuote(), ctx);
    expect(first).toEqual({ id: 'dcap', status: 'passed', reason: "Signed through Intel's SGX root CA; TCB status UpToDate." });
    expect(urls.map((u) => new URL(u).pathname + new URL(u).search)).toEqual([
      '/sgx/certification/v4/pckcrl?ca=platform&encoding=der',
      '/tdx/certification/v4/tcb?fmspc=B0C06F000000',
      '/tdx/certification/v4/qe/identity?update=standard',
      '/sgx/certification/v4/rootcacrl',
    ]);
    // Until nextUpdate (2025-07-19) the collateral comes from the cache: no further requests.
    const second = await checkDcap(SAMPLE_QUOTE, sampleQuote(), { ...ctx, nowMs: INSIDE_VALIDITY + 3_600_000 });
    expect(second.status).toBe('passed');
    expect(urls).toHaveLength(4);
    expect(pccs.requests).toHaveLength(4);
  });

  it('fails the signature when one bit of the quote is flipped', async () => {
    const pccs = await startSamplePccs();
    const flipped = new Uint8Array(SAMPLE_QUOTE);
    flipped[200] ^= 0x01;
    const check = await checkDcap(flipped, sampleQuote(flipped), { pccsUrl: pccs.url, collateral: recordingCache(loopbackClient()), dcap: loadDcap, nowMs: INSIDE_VALIDITY });
    expect(check.status).toBe('failed');
    expect(check.reason).toBe("The quote's signature does not match its contents: the quote was altered or corrupted.");
  });

  it('fails with a clear reason when the collateral has expired', async () => {
    const pccs = await startSamplePccs();
    const check = await checkDcap(SAMPLE_QUOTE, sampleQuote(), {
      pccsUrl: pccs.url, collateral: recordingCache(loopbackClient()), dcap: loadDcap, nowMs: Date.parse('2025-08-01T00:00:00Z'),
    });
    expect(check.status).toBe('failed');
    expect(check.reason).toMatch(/^Intel's TCB information for this platform expired on 2025-07-19T10:16:03Z: the collateral is stale/);
  });

  it('says not checked, with the PCCS and the network error, when the PCCS cannot be reached', async () => {
    const pccs = await startSamplePccs();
    const url = pccs.url;
    await pccs.close();
    const check = await checkDcap(SAMPLE_QUOTE, sampleQuote(), { pccsUrl: url, collateral: recordingCache(loopbackClient()), dcap: loadDcap, nowMs: INSIDE_VALIDITY });
    expect(check.status).toBe('not checked');
    expect(check.reason).toContain(`Could not fetch the PCK CRL from the PCCS at ${url}: Could not reach`);
    expect(check.reason).toContain('connection refused');
  });
});
