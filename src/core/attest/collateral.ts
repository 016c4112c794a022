// DCAP collateral from a PCCS (Intel's PCS by default), fetched through ChutesClient so proxy,
// connect-to, timeouts and retries are the extension's own (docs/architecture.md: one network path). The
// requests are those of dcap-qvl's getCollateral (PCCS API v4): PCK CRL, TCB info and QE identity
// with their issuer chains in headers, and the root CA CRL from the PCCS or, for Intel's PCS, from
// the root certificate's CRL distribution point. Results are kept until their nextUpdate.
import { X509Certificate } from 'node:crypto';
import { CancelledError } from '../api/errors';
import { isRecord } from '../api/responses';

export const INTEL_PCS_URL = 'https://api.trustedservices.intel.com';

/** What dcap-qvl's verify() takes; hex strings for the binary parts. */
export interface Collateral {
  pck_crl_issuer_chain: string;
  root_ca_crl: string;
  pck_crl: string;
  tcb_info_issuer_chain: string;
  tcb_info: string;
  tcb_info_signature: string;
  qe_identity_issuer_chain: string;
  qe_identity: string;
  qe_identity_signature: string;
  pck_certificate_chain: string;
}

export interface FetchedCollateral {
  collateral: Collateral;
  /** The earlier nextUpdate of the TCB info and the QE identity (ms). */
  nextUpdateMs: number;
  fromCache: boolean;
}

export type ExternalFetch = (url: string, signal?: AbortSignal) => Promise<{ header(name: string): string | undefined; bytes: Uint8Array }>;

/** The PCCS could not give usable collateral; the message says which request and why. */
export class CollateralError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CollateralError';
  }
}

/** The parts of dcap-qvl the fetch needs (passed in so this module stays free of the heavy import). */
export interface PckTools {
  extractCerts(chain: Buffer): Buffer[];
  getIntelExtension(cert: Buffer): unknown;
  getFmspc(extension: unknown): Uint8Array;
  extractCrlUrl(cert: Buffer): string | null;
}

export class CollateralCache {
  private readonly entries = new Map<string, { collateral: Omit<Collateral, 'pck_certificate_chain'>; nextUpdateMs: number }>();

  constructor(
    private readonly fetch: ExternalFetch,
    private readonly tools: () => Promise<PckTools>,
  ) {}

  clear(): void {
    this.entries.clear();
  }

  /** Collateral for the quote's PCK chain, from the cache while it is still valid at `nowMs`. */
  async get(pccsUrl: string, pckChainPem: string, nowMs: number, signal?: AbortSignal): Promise<FetchedCollateral> {
    const tools = await this.tools();
    const { fmspc, ca } = pckIdentity(pckChainPem, tools);
    const base = normaliseBase(pccsUrl);
    const key = `${base}|tdx|${fmspc}|${ca}`;
    const cached = this.entries.get(key);
    if (cached && nowMs < cached.nextUpdateMs) {
      return { collateral: { ...cached.collateral, pck_certificate_chain: pckChainPem }, nextUpdateMs: cached.nextUpdateMs, fromCache: true };
    }
    const fetched = await this.download(base, fmspc, ca, tools, signal);
    if (nowMs < fetched.nextUpdateMs) this.entries.set(key, fetched);
    return { collateral: { ...fetched.collateral, pck_certificate_chain: pckChainPem }, nextUpdateMs: fetched.nextUpdateMs, fromCache: false };
  }

  private async download(base: string, fmspc: string, ca: string, tools: PckTools, signal?: AbortSignal) {
    const get = async (what: string, url: string) => {
      try {
        return await this.fetch(url, signal);
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        throw new CollateralError(`Could not fetch the ${what} from the PCCS at ${base}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    };
    const chainHeader = (what: string, res: { header(name: string): string | undefined }, ...names: string[]) => {
      const value = names.map((name) => res.header(name)).find(Boolean);
      if (!value) throw new CollateralError(`The PCCS at ${base} sent the ${what} without its ${names[0]} header.`);
      try {
        return decodeURIComponent(value);
      } catch {
        throw new CollateralError(`The PCCS at ${base} sent a ${names[0]} header that is not URL-encoded PEM.`);
      }
    };
    const signedJson = (what: string, bytes: Uint8Array, field: string) => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.from(bytes).toString('utf8'));
      } catch {
        throw new CollateralError(`The PCCS at ${base} sent ${what} that is not JSON.`);
      }
      if (!isRecord(body) || !isRecord(body[field]) || typeof body.signature !== 'string') {
        throw new CollateralError(`The PCCS at ${base} sent ${what} without "${field}" and "signature".`);
      }
      const inner = body[field] as Record<string, unknown>;
      return { json: JSON.stringify(inner), signature: body.signature, nextUpdate: Date.parse(String(inner.nextUpdate)) };
    };

    // Each answer is checked as it arrives, so the first bad one is the one named.
    const pckCrl = await get('PCK CRL', `${base}/sgx/certification/v4/pckcrl?ca=${ca}&encoding=der`);
    const pckCrlChain = chainHeader('PCK CRL', pckCrl, 'SGX-PCK-CRL-Issuer-Chain');
    const tcb = await get('TCB info', `${base}/tdx/certification/v4/tcb?fmspc=${fmspc}`);
    const tcbInfo = signedJson('TCB info', tcb.bytes, 'tcbInfo');
    const tcbChain = chainHeader('TCB info', tcb, 'SGX-TCB-Info-Issuer-Chain', 'TCB-Info-Issuer-Chain');
    const qe = await get('QE identity', `${base}/tdx/certification/v4/qe/identity?update=standard`);
    const qeIdentity = signedJson('QE identity', qe.bytes, 'enclaveIdentity');
    const qeChain = chainHeader('QE identity', qe, 'SGX-Enclave-Identity-Issuer-Chain');
    const collateral = {
      pck_crl_issuer_chain: pckCrlChain,
      pck_crl: Buffer.from(pckCrl.bytes).toString('hex'),
      tcb_info_issuer_chain: tcbChain,
      tcb_info: tcbInfo.json,
      tcb_info_signature: tcbInfo.signature,
      qe_identity_issuer_chain: qeChain,
      qe_identity: qeIdentity.json,
      qe_identity_signature: qeIdentity.signature,
      root_ca_crl: await this.rootCaCrl(base, qeChain, tools, get),
    };
    const nextUpdateMs = Math.min(tcbInfo.nextUpdate, qeIdentity.nextUpdate);
    return { collateral, nextUpdateMs: Number.isNaN(nextUpdateMs) ? 0 : nextUpdateMs };
  }

  /** A PCCS serves the root CA CRL as hex; Intel's PCS does not, so it comes from the root's CRL URL. */
  private async rootCaCrl(base: string, qeChain: string, tools: PckTools, get: (what: string, url: string) => Promise<{ bytes: Uint8Array }>): Promise<string> {
    if (!base.startsWith(INTEL_PCS_URL)) {
      try {
        const text = Buffer.from((await get('root CA CRL', `${base}/sgx/certification/v4/rootcacrl`)).bytes).toString('utf8').trim();
        if (/^([0-9a-f]{2})+$/i.test(text)) return text;
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        // Not every PCCS has it: fall through to the CRL distribution point, as dcap-qvl does.
      }
    }
    const certs = tools.extractCerts(Buffer.from(qeChain));
    const url = certs.length ? tools.extractCrlUrl(certs[certs.length - 1]) : null;
    if (!url) throw new CollateralError(`The root certificate from the PCCS at ${base} names no CRL distribution point.`);
    return Buffer.from((await get('root CA CRL', url)).bytes).toString('hex');
  }
}

/** FMSPC (hex) from the PCK certificate's Intel extension, and which PCK CA issued it. */
export function pckIdentity(pem: string, tools: PckTools): { fmspc: string; ca: 'processor' | 'platform' } {
  let leaf: Buffer | undefined;
  try {
    leaf = tools.extractCerts(Buffer.from(pem))[0];
  } catch {
    leaf = undefined;
  }
  if (!leaf) throw new CollateralError('The quote carries no readable PCK certificate.');
  let fmspc: string;
  let issuer: string;
  try {
    fmspc = Buffer.from(tools.getFmspc(tools.getIntelExtension(leaf))).toString('hex').toUpperCase();
    issuer = new X509Certificate(leaf).issuer;
  } catch {
    throw new CollateralError('The PCK certificate in the quote has no Intel SGX extension with an FMSPC.');
  }
  return { fmspc, ca: /Platform CA/i.test(issuer) ? 'platform' : 'processor' };
}

function normaliseBase(url: string): string {
  return url.trim().replace(/\/+$/, '').replace(/\/(sgx|tdx)\/certification\/v4$/, '');
}
