// The platform's accepted TD measurements (API-latest api/server/router.py; docs/platform.md §8), and a
// PCCS-shaped collateral service (Intel PCCS API v4) so a client's DCAP collateral path runs end to
// end against the emulator. The PCCS is not part of the Chutes API: it answers on any host, at the
// paths Intel's PCS and PCCS use, with collateral signed by the emulator's PKI (pki.ts), not Intel's.
import { HttpError, sendBytes, sendJson, sendText, type Ctx } from '../http';
import { EMULATOR_FMSPC, emulatorPki } from '../pki';
import { ACCEPTED_MEASUREMENTS } from '../tdx';

export async function teeMeasurements(ctx: Ctx): Promise<void> {
  await sendJson(ctx, 200, { tee_type: 'tdx', measurements: ACCEPTED_MEASUREMENTS });
}

const HOUR = 3_600_000;
let collateral: { tcb: string; qe: string } | undefined;

/** TCB info and QE identity, signed once per process; valid from an hour ago for 30 days. */
function signedCollateral(): { tcb: string; qe: string } {
  if (collateral) return collateral;
  const pki = emulatorPki();
  const now = Date.now();
  const issueDate = new Date(now - HOUR).toISOString().replace(/\.\d+Z$/, 'Z');
  const nextUpdate = new Date(now + 30 * 24 * HOUR).toISOString().replace(/\.\d+Z$/, 'Z');
  const tcbInfo = {
    id: 'TDX', version: 3, issueDate, nextUpdate, fmspc: EMULATOR_FMSPC.toLowerCase(), pceId: '0000', tcbType: 0, tcbEvaluationDataNumber: 17,
    tdxModule: { mrsigner: '0'.repeat(96), attributes: '0000000000000000', attributesMask: 'FFFFFFFFFFFFFFFF' },
    tcbLevels: [{
      tcb: {
        sgxtcbcomponents: Array.from({ length: 16 }, () => ({ svn: 2 })),
        pcesvn: 11,
        tdxtcbcomponents: Array.from({ length: 16 }, () => ({ svn: 0 })),
      },
      tcbDate: issueDate,
      tcbStatus: 'UpToDate',
    }],
  };
  const enclaveIdentity = {
    id: 'TD_QE', version: 2, issueDate, nextUpdate, tcbEvaluationDataNumber: 17,
    miscselect: '00000000', miscselectMask: 'FFFFFFFF', attributes: '11000000000000000000000000000000', attributesMask: 'FBFFFFFFFFFFFFFF0000000000000000',
    mrsigner: '0'.repeat(64), isvprodid: 2,
    tcbLevels: [{ tcb: { isvsvn: 4 }, tcbDate: issueDate, tcbStatus: 'UpToDate' }],
  };
  const tcbJson = JSON.stringify(tcbInfo);
  const qeJson = JSON.stringify(enclaveIdentity);
  collateral = {
    tcb: `{"tcbInfo":${tcbJson},"signature":"${pki.signTcb(tcbJson)}"}`,
    qe: `{"enclaveIdentity":${qeJson},"signature":"${pki.signTcb(qeJson)}"}`,
  };
  return collateral;
}

export async function pckCrl(ctx: Ctx): Promise<void> {
  const ca = ctx.query.get('ca');
  if (ca !== 'processor' && ca !== 'platform') throw new HttpError(400, 'ca must be processor or platform');
  const pki = emulatorPki();
  const headers = { 'SGX-PCK-CRL-Issuer-Chain': encodeURIComponent(pki.pckCrlIssuerChain) };
  if (ctx.query.get('encoding') === 'der') return sendBytes(ctx, 200, pki.pckCrl, { 'content-type': 'application/pkix-crl', ...headers });
  await sendText(ctx, 200, pki.pckCrl.toString('hex'), 'text/plain', headers);
}

export async function tcbInfo(ctx: Ctx): Promise<void> {
  const fmspc = ctx.query.get('fmspc') ?? '';
  if (fmspc.toUpperCase() !== EMULATOR_FMSPC) throw new HttpError(404, `No TCB info for FMSPC ${fmspc}`);
  await sendText(ctx, 200, signedCollateral().tcb, 'application/json', { 'TCB-Info-Issuer-Chain': encodeURIComponent(emulatorPki().tcbSigningChain) });
}

export async function qeIdentity(ctx: Ctx): Promise<void> {
  await sendText(ctx, 200, signedCollateral().qe, 'application/json', {
    'SGX-Enclave-Identity-Issuer-Chain': encodeURIComponent(emulatorPki().tcbSigningChain),
  });
}

export async function rootCaCrl(ctx: Ctx): Promise<void> {
  await sendText(ctx, 200, emulatorPki().rootCrl.toString('hex'));
}
