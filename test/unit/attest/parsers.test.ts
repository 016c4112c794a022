// The attestation parsers take garbage without throwing: quotes, base64, measurement lists,
// certificates; and the report renders as a Markdown table that no reason can break.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../../src/core/attest/certificate';
import { expectedReportData, isNonce, newNonce } from '../../../src/core/attest/binding';
import { matchMeasurements, readMeasurements } from '../../../src/core/attest/measurements';
import { decodeBase64, parseTdxQuote } from '../../../src/core/attest/quote';
import { buildReport, failed, instanceResult, notChecked, passed } from '../../../src/core/attest/report';
import { reportMarkdown } from '../../../src/core/attest/reportMarkdown';
import { SAMPLE_QUOTE } from './support';

describe('TDX quote parser', () => {
  it('never throws on arbitrary bytes, nor on any prefix of a real quote', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => typeof parseTdxQuote(bytes).ok === 'boolean'));
    for (let n = 0; n < 700; n += 7) {
      const parsed = parseTdxQuote(SAMPLE_QUOTE.subarray(0, n));
      expect(parsed.ok).toBe(false);
    }
  });

  it('names what is wrong: short header, version, key type, declared length', () => {
    const reason = (bytes: Uint8Array) => {
      const parsed = parseTdxQuote(bytes);
      return parsed.ok ? 'ok' : parsed.reason;
    };
    expect(reason(new Uint8Array(10))).toBe('The quote is 10 bytes long, shorter than its 48-byte header.');
    const v3 = Buffer.from(SAMPLE_QUOTE);
    v3.writeUInt16LE(3, 0);
    expect(reason(v3)).toBe('The quote is version 3; a TDX quote here is version 4.');
    const keyType = Buffer.from(SAMPLE_QUOTE);
    keyType.writeUInt16LE(3, 2);
    expect(reason(keyType)).toBe("The quote's attestation key type is 3, not 2 (ECDSA P-256).");
    const longer = Buffer.from(SAMPLE_QUOTE);
    longer.writeUInt32LE(100_000, 632);
    expect(reason(longer)).toBe('The quote is truncated: 5006 bytes, but it declares 100636.');
  });

  it('decodes only strict base64', () => {
    expect(decodeBase64('AAEC')).toEqual(new Uint8Array([0, 1, 2]));
    expect(decodeBase64('AAE=\n')).toEqual(new Uint8Array([0, 1]));
    for (const bad of ['', 'A', 'AA*B', 'AAE=A', 42, null, undefined, {}]) expect(decodeBase64(bad)).toBeUndefined();
  });
});

describe('nonce and binding', () => {
  it('makes 64-hex nonces that differ, and binds sha256 over the hex nonce then the base64 key', () => {
    const a = newNonce();
    expect(isNonce(a)).toBe(true);
    expect(newNonce()).not.toBe(a);
    // echo -n "$(printf 'ab%.0s' {1..32})cHVia2V5" | sha256sum
    expect(expectedReportData('ab'.repeat(32), 'cHVia2V5')).toBe('bad7b1993650a61114647add11b23e82ca5f12b25fd7d662f907ea27119fa7bd');
  });
});

describe('accepted measurements', () => {
  const report = { mrTd: 'aa', rtMr0: 'b0', rtMr1: 'b1', rtMr2: 'b2', rtMr3: 'b3' };

  it('reads lists in several shapes and key spellings, ignoring garbage', () => {
    expect(readMeasurements({ measurements: [{ name: 'img', MRTD: '0xAA', rtmr_0: 'B0' }] })).toEqual([{ name: 'img', values: { mrTd: 'aa', rtMr0: 'b0' } }]);
    expect(readMeasurements([{ mr_td: 'aa' }, 'junk', { rtmr1: 'not hex' }, null])).toEqual([{ name: 'entry 1', values: { mrTd: 'aa' } }]);
    for (const junk of [null, 'x', 42, { measurements: 'x' }, {}]) expect(readMeasurements(junk)).toEqual([]);
  });

  it('matches an entry only when every register it lists is equal', () => {
    const accepted = readMeasurements([{ name: 'other', mrtd: 'aa', rtmr3: 'ff' }, { name: 'good', mrtd: 'aa', rtmr0: 'b0', rtmr3: 'b3' }]);
    expect(matchMeasurements(report, accepted)?.name).toBe('good');
    expect(matchMeasurements({ ...report, rtMr0: 'c0' }, accepted)).toBeUndefined();
  });
});

describe('certificate check', () => {
  it('rejects missing, non-base64 and non-X.509 certificates in words', () => {
    expect(checkCertificate(undefined, Date.now())).toEqual({ ok: false, reason: 'The evidence carries no certificate, or it is not base64.' });
    expect(checkCertificate('AAAA', Date.now())).toEqual({ ok: false, reason: 'The certificate is not a valid DER X.509 certificate.' });
  });
});

describe('report', () => {
  it('is verified only when every check of every instance passed', () => {
    const fields = { chuteId: 'id', chuteName: 'c', nonce: 'ab'.repeat(32), checkedAt: 0, pccsUrl: 'https://pccs' };
    const good = instanceResult('i1', [passed('quote', 'ok'), passed('dcap', 'ok')]);
    expect(buildReport({ ...fields, instances: [good] })).toMatchObject({ verified: true, summary: 'Verified: all 1 instance passed every check.' });
    const skipped = instanceResult('i2', [passed('quote', 'ok'), notChecked('gpu', 'no verifier')]);
    expect(buildReport({ ...fields, instances: [good, skipped] })).toMatchObject({ verified: false, summary: 'Not verified: 0 of 2 instances failed a check; 1 check could not run.' });
    expect(buildReport({ ...fields, instances: [] })).toMatchObject({ verified: false, summary: 'Not verified: the platform returned no instance evidence.' });
  });

  it('renders a Markdown table per instance that a reason with pipes, newlines or HTML cannot break', () => {
    const report = buildReport({
      chuteId: 'id-1', chuteName: 'secure|chat', nonce: 'ab'.repeat(32), checkedAt: Date.parse('2026-12-02T04:00:00Z'), pccsUrl: 'https://pccs',
      instances: [instanceResult('inst-1', [failed('dcap', 'a | b\nc <script>')])],
    });
    const text = reportMarkdown(report);
    expect(text).toContain('# TEE attestation: secure\\|chat');
    expect(text).toContain('| Checked at | 2026-12-02 04:00:00 UTC |');
    expect(text).toContain('## Instance `inst-1`: not verified');
    expect(text).toContain("| Intel DCAP signature and TCB status | ✗ failed | a \\| b c &lt;script> |");
    expect(text).not.toContain('<script>');
  });
});
