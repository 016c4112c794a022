// Check 4: full Intel DCAP verification of one quote with @phala/dcap-qvl (through its lazy door):
// the signature chain to Intel's root CA, the collateral's validity, and the TCB status. The
// library's terse errors become plain words here.
import { X509Certificate } from 'node:crypto';
import { CancelledError } from '../api/errors';
import { CollateralError, type CollateralCache } from './collateral';
import { failed, notChecked, passed, type Check } from './report';
import type { TdxQuote } from './quote';

export type DcapModule = typeof import('../lazy/dcap');

export interface DcapContext {
  pccsUrl: string;
  collateral: CollateralCache;
  dcap: () => Promise<DcapModule>;
  nowMs: number;
  signal?: AbortSignal;
}

const STATUS_WORDS: Record<string, string> = {
  SWHardeningNeeded: 'the platform is patched, but software must add mitigations Intel lists in the advisories',
  ConfigurationNeeded: 'the platform needs a configuration change (e.g. BIOS settings) Intel lists in the advisories',
  ConfigurationAndSWHardeningNeeded: 'the platform needs both a configuration change and software mitigations',
  OutOfDate: 'the platform runs microcode or firmware with known vulnerabilities',
  OutOfDateConfigurationNeeded: 'the platform is out of date and needs a configuration change',
  Revoked: "the platform's keys are revoked by Intel",
};

export async function checkDcap(bytes: Uint8Array, quote: TdxQuote, ctx: DcapContext): Promise<Check> {
  if (!quote.pckChainPem) {
    return notChecked('dcap', 'The quote carries no PCK certificate chain (certification data type 5), which this verifier needs to find its collateral.');
  }
  const dcap = await ctx.dcap();
  let collateral;
  try {
    collateral = await ctx.collateral.get(ctx.pccsUrl, quote.pckChainPem, ctx.nowMs, ctx.signal);
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    if (error instanceof CollateralError) return notChecked('dcap', `${error.message}${/[.!?]$/.test(error.message) ? '' : '.'} Without collateral the quote's signature and TCB status cannot be checked.`);
    throw error;
  }
  try {
    const result = dcap.verify(Buffer.from(bytes), collateral.collateral, Math.floor(ctx.nowMs / 1000));
    const advisories = result.advisory_ids.length ? ` Advisories: ${result.advisory_ids.join(', ')}.` : '';
    if (result.status === 'UpToDate') {
      return passed('dcap', `Signed through Intel's SGX root CA; TCB status UpToDate.${advisories}`);
    }
    const words = STATUS_WORDS[result.status] ?? 'Intel does not rate it up to date';
    return failed('dcap', `The signature chain to Intel's root CA is valid, but the TCB status is ${result.status}: ${words}.${advisories}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const root = foreignRoot(quote.pckChainPem, dcap);
    if (root) {
      return failed('dcap', `The quote is not from Intel TDX hardware: its certificate chain ends at "${root}", not at Intel's SGX Root CA, so Intel's signature cannot be verified (DCAP: ${message}).`);
    }
    return failed('dcap', plainDcapError(message, collateral.collateral));
  }
}

/** The subject CN of the chain's root when it is not Intel's root CA; undefined when it is. */
function foreignRoot(pem: string, dcap: DcapModule): string | undefined {
  try {
    const certs = dcap.utils.extractCerts(Buffer.from(pem));
    const root = certs[certs.length - 1];
    if (!root || Buffer.from(root).equals(Buffer.from(dcap.constants.TRUSTED_ROOT_CA_DER))) return undefined;
    const subject = new X509Certificate(root).subject;
    return /^CN=(.*)$/m.exec(subject)?.[1] ?? subject.replace(/\n/g, ', ');
  } catch {
    return 'an unreadable root certificate';
  }
}

function plainDcapError(message: string, collateral: { tcb_info: string; qe_identity: string }): string {
  const date = (json: string, field: string) => {
    try {
      return String((JSON.parse(json) as Record<string, unknown>)[field]);
    } catch {
      return 'an unknown date';
    }
  };
  if (message === 'TCBInfo expired') {
    return `Intel's TCB information for this platform expired on ${date(collateral.tcb_info, 'nextUpdate')}: the collateral is stale, so the quote cannot be judged against current TCB levels.`;
  }
  if (message === 'TCBInfo issue date is in the future') {
    return `Intel's TCB information is not valid yet (issued ${date(collateral.tcb_info, 'issueDate')}): check this computer's clock.`;
  }
  if (message === 'QE Identity expired') return `Intel's quoting-enclave identity expired on ${date(collateral.qe_identity, 'nextUpdate')}: the collateral is stale.`;
  if (message === 'QE Identity issue date is in the future') return "Intel's quoting-enclave identity is not valid yet: check this computer's clock.";
  if (/ISV enclave report signature is invalid/.test(message)) return "The quote's signature does not match its contents: the quote was altered or corrupted.";
  if (/qe_report/.test(message)) return "The quoting enclave's report is not signed by the quote's PCK certificate.";
  if (/revoked/i.test(message)) return `A certificate in the chain is revoked by Intel (${message}).`;
  if (/Certificate is expired or not yet valid/.test(message)) return 'A certificate in the chain to Intel is expired or not yet valid.';
  if (/chain/i.test(message)) return `The certificate chain does not verify up to Intel's root CA (${message}).`;
  const status = /TCB status is invalid: (\w+)/.exec(message);
  if (status) return `The TCB status is ${status[1]}: ${STATUS_WORDS[status[1]] ?? 'Intel rejects this platform'}.`;
  if (/Debug mode/.test(message)) return 'Intel DCAP rejects the TD because it runs in debug mode.';
  return `Intel DCAP verification failed: ${message}.`;
}

/** The verifier's door (src/core/lazy/dcap.ts), loaded on the first verification. */
export function loadDcap(): Promise<DcapModule> {
  return import('../lazy/dcap');
}
