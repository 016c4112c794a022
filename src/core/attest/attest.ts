// "Verify attestation" for one chute, end to end (docs/platform.md §2.8): a fresh nonce, the E2E
// public keys, the evidence bound to them, the accepted measurements, then every check per instance.
// Failures of the platform itself (not a TEE chute, nonce refused, 429, 502, no instances) end in an
// AttestationError whose message claims nothing about the chute.
import type { ChutesClient } from '../api/client';
import { AuthRequiredError, ChutesApiError, renderDetail } from '../api/errors';
import { isRecord } from '../api/responses';
import type { E2eInstances, TeeChuteEvidence } from '../api/types';
import { checkCertificate } from './certificate';
import type { CollateralCache } from './collateral';
import { checkDcap, type DcapModule } from './dcap';
import { checkGpuEvidence, type VerifierPresence } from './gpu';
import { expectedReportData, isNonce, newNonce } from './binding';
import { MEASURED_REGISTERS, matchMeasurements, readMeasurements, type AcceptedMeasurement } from './measurements';
import { decodeBase64, parseTdxQuote, type TdxQuote } from './quote';
import { buildReport, failed, instanceResult, notChecked, passed, plural, type AttestationReport, type Check, type InstanceResult } from './report';

export type AttestationFailure = 'not-tee' | 'bad-nonce' | 'rate-limited' | 'proxy-down' | 'not-found' | 'auth' | 'request';

export class AttestationError extends Error {
  constructor(
    readonly kind: AttestationFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AttestationError';
  }
}

export interface AttestationDeps {
  client: Pick<ChutesClient, 'e2eInstances' | 'evidence' | 'teeMeasurements'>;
  pccsUrl: string;
  collateral: CollateralCache;
  dcap: () => Promise<DcapModule>;
  gpuVerifier: () => Promise<VerifierPresence>;
  now?: () => number;
  /** Test seam: the nonce to send (default: 32 fresh CSPRNG bytes). */
  nonce?: () => string;
  signal?: AbortSignal;
  progress?: (message: string) => void;
}

export interface ChuteRef {
  chute_id: string;
  name?: string;
  tee?: boolean;
}

export async function attestChute(chute: ChuteRef, deps: AttestationDeps): Promise<AttestationReport> {
  const name = chute.name || chute.chute_id;
  if (chute.tee === false) {
    throw new AttestationError('not-tee', `${name} is not a TEE chute (tee=False), so it has no TDX evidence to verify.`);
  }
  const nonce = (deps.nonce ?? newNonce)();
  const { client, signal } = deps;
  // Evidence first: its errors (not a TEE chute, nonce refused, 429, 502) say the most.
  deps.progress?.('fetching evidence');
  const evidence = await platformCall(name, () => client.evidence(chute.chute_id, nonce, signal));
  deps.progress?.('fetching E2E public keys');
  const keys = await platformCall(name, () => e2eKeys(client, chute.chute_id, signal));
  deps.progress?.('fetching accepted measurements');
  const measurements = await client.teeMeasurements(signal).then(
    (body) => readMeasurements(body),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
  const nowMs = (deps.now ?? Date.now)();
  const pubkeys = new Map(keys.instances.filter((i) => isRecord(i)).map((i) => [i.instance_id, i.e2e_pubkey]));
  const gpu = await deps.gpuVerifier();
  deps.progress?.('verifying quotes');
  const instances = await checkEvidence(evidence, {
    nonce,
    pubkeys,
    measurements,
    nowMs,
    gpu,
    dcap: (bytes, quote) => checkDcap(bytes, quote, { pccsUrl: deps.pccsUrl, collateral: deps.collateral, dcap: deps.dcap, nowMs, signal }),
  });
  return buildReport({ chuteId: chute.chute_id, chuteName: name, nonce, checkedAt: nowMs, pccsUrl: deps.pccsUrl, instances });
}

export interface EvidenceContext {
  nonce: string;
  /** instance_id -> base64 E2E public key, from /e2e/instances. */
  pubkeys: ReadonlyMap<string, string>;
  measurements: AcceptedMeasurement[] | { error: string };
  nowMs: number;
  gpu: VerifierPresence;
  dcap: (bytes: Uint8Array, quote: TdxQuote) => Promise<Check>;
}

/** Every check for every instance of a chute's evidence; failed_instance_ids become failures. */
export async function checkEvidence(evidence: TeeChuteEvidence, ctx: EvidenceContext): Promise<InstanceResult[]> {
  const results: InstanceResult[] = [];
  const entries = Array.isArray(evidence.evidence) ? evidence.evidence : [];
  for (const [index, entry] of entries.entries()) {
    // DCAP is synchronous CPU work (tens of ms per quote): yield between instances so the host
    // stays responsive however many instances there are.
    if (index > 0) await new Promise((resolve) => setImmediate(resolve));
    const id = isRecord(entry) && typeof entry.instance_id === 'string' && entry.instance_id ? entry.instance_id : `(entry ${index + 1} without an instance id)`;
    results.push(instanceResult(id, isRecord(entry) ? await checkInstance(id, entry, ctx) : [failed('evidence', 'The evidence entry is not an object.')]));
  }
  for (const id of Array.isArray(evidence.failed_instance_ids) ? evidence.failed_instance_ids : []) {
    results.push(instanceResult(String(id), [failed('evidence', 'The platform could not fetch this instance\'s evidence (it is listed in failed_instance_ids), so nothing about it can be verified.')]));
  }
  return results;
}

async function checkInstance(id: string, entry: Record<string, unknown>, ctx: EvidenceContext): Promise<Check[]> {
  const certificate = checkCertificate(entry.certificate, ctx.nowMs);
  const tail: Check[] = [
    certificate.ok
      ? passed('certificate', `${certificate.subject}, valid until ${certificate.validTo}; SHA-256 ${certificate.fingerprint}.`)
      : failed('certificate', certificate.reason + (certificate.fingerprint ? ` SHA-256 ${certificate.fingerprint}.` : '')),
    checkGpuEvidence(entry.gpu_evidence, ctx.gpu),
  ];
  const bytes = decodeBase64(entry.quote);
  const parsed = bytes?.length ? parseTdxQuote(bytes) : { ok: false as const, reason: 'The quote is missing or not valid base64.' };
  if (!parsed.ok || !bytes) {
    const skip = (checkId: Check['id']) => notChecked(checkId, 'The quote could not be read.');
    return [failed('quote', parsed.ok ? 'The quote could not be read.' : parsed.reason), skip('binding'), skip('debug'), skip('dcap'), skip('measurements'), ...tail];
  }
  const { quote } = parsed;
  return [
    passed('quote', `TDX quote version ${quote.version}, ${quote.length} bytes as declared.`),
    bindingCheck(id, quote.report.reportData, ctx),
    quote.debug
      ? failed('debug', `The TD runs in debug mode (td_attributes ${quote.report.tdAttributes}, bit 0 set): the host can read its memory.`)
      : passed('debug', `Debug mode is off (td_attributes ${quote.report.tdAttributes}, bit 0 clear).`),
    await ctx.dcap(bytes, quote),
    measurementsCheck(quote.report, ctx.measurements),
    ...tail,
  ];
}

function bindingCheck(id: string, reportData: string, ctx: EvidenceContext): Check {
  if (!isNonce(ctx.nonce)) return failed('binding', 'The request nonce is not 64 hex characters.');
  const pubkey = ctx.pubkeys.get(id);
  if (!pubkey) {
    return failed('binding', 'The platform listed no E2E public key for this instance, so its report_data cannot be tied to this request.');
  }
  const expected = expectedReportData(ctx.nonce, pubkey);
  if (reportData.slice(0, 64).toLowerCase() === expected) {
    return passed('binding', `report_data starts with sha256(nonce + e2e_pubkey) = ${expected.slice(0, 16)}… for this request's fresh nonce.`);
  }
  return failed('binding', `report_data (${reportData.slice(0, 16)}…) is not sha256(nonce + e2e_pubkey) (${expected.slice(0, 16)}…): the evidence was not made for this request and this instance's key (stale, replayed or for another key).`);
}

function measurementsCheck(report: Record<(typeof MEASURED_REGISTERS)[number], string>, accepted: AcceptedMeasurement[] | { error: string }): Check {
  if (!Array.isArray(accepted)) return notChecked('measurements', `Could not fetch the platform's accepted measurements: ${accepted.error}`);
  if (!accepted.length) return notChecked('measurements', 'The platform published no accepted measurements to compare with.');
  const match = matchMeasurements(report, accepted);
  if (match) return passed('measurements', `MRTD and RTMR0-3 match the accepted measurement "${match.name}".`);
  return failed('measurements', `MRTD ${report.mrTd.slice(0, 16)}… with its RTMR0-3 is not among the ${plural(accepted.length, 'measurement')} the platform accepts: the VM does not run an approved image.`);
}

/** The E2E keys; "no E2E-capable instances" (404) leaves every binding check without a key. */
async function e2eKeys(client: AttestationDeps['client'], chuteId: string, signal?: AbortSignal): Promise<Pick<E2eInstances, 'instances'>> {
  try {
    return await client.e2eInstances(chuteId, signal);
  } catch (error) {
    if (error instanceof ChutesApiError && error.status === 404) return { instances: [] };
    throw error;
  }
}

/** A platform call, its failures turned into plain words that claim nothing. */
async function platformCall<T>(name: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw describePlatformError(name, error);
  }
}

function describePlatformError(name: string, error: unknown): unknown {
  if (error instanceof AuthRequiredError) {
    return new AttestationError('auth', `${error.message} Nothing was verified.`, { cause: error });
  }
  if (!(error instanceof ChutesApiError)) return error;
  const detail = renderDetail(error.detail);
  const make = (kind: AttestationFailure, text: string) => new AttestationError(kind, `${text} Nothing was verified.`, { cause: error });
  if (error.status === 400 && /not TEE-enabled/i.test(detail)) return make('not-tee', `${name} is not a TEE chute (the platform says: "${detail}").`);
  if (error.status === 400 && /nonce/i.test(detail)) return make('bad-nonce', `The platform refused the nonce: "${detail}".`);
  if (error.status === 429) return make('rate-limited', `The platform's attestation rate limit is reached (it is shared by everyone, 60 evidence requests a minute): "${detail}". Try again in a minute.`);
  if (error.status === 502) return make('proxy-down', `The platform's attestation service is unavailable (502): "${detail}".`);
  if (error.status === 404) return make('not-found', `${name}: "${detail}".`);
  return make('request', error.message);
}
