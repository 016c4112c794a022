// TEE evidence and E2E instance discovery (API api/chute/router.py, api/instance/router.py,
// api/server/service.py, api/e2e/router.py; docs/platform.md §2.8).
import { randomBytes } from 'node:crypto';
import { currentUser } from '../auth';
import { HttpError, sendJson, type Ctx } from '../http';
import type { ChuteRec, InstanceRec } from '../model';
import { semcomp } from '../pyfmt';
import { bindingDigest, fakeGpuEvidence, fakeTdxQuote, instanceCertificate } from '../tdx';
import { validateParams } from '../validation';

/** Python's int(x, 16): whitespace, a sign, an optional 0x prefix and single underscores between digits. */
const PY_HEX_INT = /^\s*[+-]?(?:0[xX]_?)?[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*\s*$/;

/** The required `nonce` query parameter: FastAPI answers 422 before the handler runs when it is absent. */
const nonceParam = (ctx: Ctx): string =>
  validateParams<{ nonce: string }>({ nonce: { spec: { t: 'str' }, required: true } }, ctx.query).nonce;

/** validate_user_nonce (api/server/util.py), run by the evidence service after the access checks. */
function checkNonce(nonce: string): void {
  if (!nonce) throw new HttpError(400, 'Nonce is required');
  if (nonce.length !== 64) throw new HttpError(400, `Nonce must be exactly 64 hex characters (32 bytes), got ${nonce.length}`);
  if (!PY_HEX_INT.test(nonce)) throw new HttpError(400, 'Nonce must be a valid hexadecimal string');
}

function requireTee(chute: ChuteRec): void {
  if (!chute.tee) throw new HttpError(400, `Chute ${chute.chute_id} is not TEE-enabled`);
  if (semcomp(chute.chutes_version || '0.0.0', '0.6.0') < 0) {
    throw new HttpError(400, 'Instances requires chutes_version >= 0.6.0 to retrieve evidence.');
  }
}

/** report_data binds the caller's nonce to the instance's E2E key: sha256(nonce + e2e_pubkey). */
function instanceEvidence(chute: ChuteRec, instance: InstanceRec, nonce: string) {
  return {
    quote: fakeTdxQuote(instance.instance_id, bindingDigest(nonce, instance.e2e_pubkey ?? '')),
    gpu_evidence: fakeGpuEvidence(instance.instance_id, nonce, chute.node_selector.gpu_count),
    instance_id: instance.instance_id,
    certificate: instanceCertificate(instance.instance_id),
  };
}

export async function chuteEvidence(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'chutes', required: false });
  ctx.app.rateLimit('tee_evidence', 60);
  const nonce = nonceParam(ctx);
  const chute = ctx.app.store.getOne(ctx.params.chute);
  if (!chute) throw new HttpError(404, 'Chute not found');
  if (!ctx.app.store.canSee(chute, user)) throw new HttpError(404, 'Chute not found, or does not belong to you');
  checkNonce(nonce);
  requireTee(chute);
  const live = chute.instances.filter((i) => i.active && i.verified);
  await sendJson(ctx, 200, {
    evidence: live.filter((i) => !i.evidence_fails).map((i) => instanceEvidence(chute, i, nonce)),
    failed_instance_ids: live.filter((i) => i.evidence_fails).map((i) => i.instance_id),
  });
}

export async function singleInstanceEvidence(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'chutes' });
  ctx.app.rateLimit('tee_evidence', 60);
  const nonce = nonceParam(ctx);
  const { store } = ctx.app;
  const id = ctx.params.instance_id;
  const chute = store.state.chutes.find((c) => c.instances.some((i) => i.instance_id === id));
  const instance = chute?.instances.find((i) => i.instance_id === id);
  if (!chute || !instance) throw new HttpError(404, `Instance ${id} not found`);
  if (!store.canSee(chute, user)) throw new HttpError(403, 'You do not have access to this instance');
  checkNonce(nonce);
  // Guess: the server's message for an instance of a non-TEE chute was not found; the chute one is reused.
  requireTee(chute);
  if (instance.evidence_fails) {
    throw new HttpError(502, 'Attestation service unavailable. The attestation proxy could not be reached or returned an error.');
  }
  await sendJson(ctx, 200, instanceEvidence(chute, instance, nonce));
}

const NONCES_PER_INSTANCE = 10;
const NONCE_CLIENT_TTL = 60;
const MAX_INSTANCES_RETURNED = 5;

export async function e2eInstances(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx);
  ctx.app.rateLimit('e2e_instances', 10);
  const chute = ctx.app.store.getOne(ctx.params.chute_id);
  if (!chute || !ctx.app.store.canSee(chute, user)) throw new HttpError(404, 'Chute not found');
  const active = chute.instances.filter((i) => i.active && i.verified);
  if (!active.length) throw new HttpError(404, 'No active instances found for this chute');
  const eligible = active.filter((i) => i.e2e_pubkey);
  if (!eligible.length) throw new HttpError(404, 'No E2E-capable instances available');
  const now = Math.floor(Date.now() / 1000);
  await sendJson(ctx, 200, {
    // The server picks a random sample; the first five keep the emulator deterministic.
    instances: eligible.slice(0, MAX_INSTANCES_RETURNED).map((i) => ({
      instance_id: i.instance_id,
      e2e_pubkey: i.e2e_pubkey,
      nonces: Array.from({ length: NONCES_PER_INSTANCE }, () => randomBytes(24).toString('base64url')),
    })),
    nonce_expires_in: NONCE_CLIENT_TTL,
    nonce_expires_at: now + NONCE_CLIENT_TTL,
  });
}
