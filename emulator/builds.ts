// The fake image forge: `pending build` -> `building` -> `built and pushed` (or `error: ...`) on the
// clock, with a Docker-like log derived from the uploaded Dockerfile. A RUN step that is `false` or
// `exit N` (N > 0) fails the build, so tests can reach the error state on purpose.
import { createHash } from 'node:crypto';
import type { ImageRec, LogLine, LogPayload } from './model';
import { isoUtc } from './pyfmt';
import type { Store } from './store';

const PENDING_SHARE = 0.2;
const FAILING_RUN = /^RUN\s+(false|exit\s+[1-9]\d*)\s*$/i;

const fakeHash = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 12);
const out = (log: string): LogPayload => ({ log, log_type: 'stdout' });

/** Start a build now: fix its timeline and the log lines it will emit while `building`. */
export function planBuild(img: ImageRec, username: string, dockerfile: string, now: number, buildMs: number): void {
  const steps = dockerfile.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const payloads: LogPayload[] = [`Starting build of ${username}/${img.name}:${img.tag} (image_id=${img.image_id})`];
  let error: string | null = null;
  steps.forEach((step, i) => {
    if (error) return;
    payloads.push(out(`Step ${i + 1}/${steps.length} : ${step}`));
    if (/^RUN\s/i.test(step)) {
      payloads.push(out(` ---> Running in ${fakeHash(`${img.image_id}:${i}:run`)}`));
      if (FAILING_RUN.test(step)) {
        const command = step.replace(/^RUN\s+/i, '');
        error = `The command '/bin/sh -c ${command}' returned a non-zero code: 1`;
        payloads.push({ log: error, log_type: 'stderr' });
        return;
      }
    }
    payloads.push(out(` ---> ${fakeHash(`${img.image_id}:${i}`)}`));
  });
  if (!error) {
    payloads.push(out(`Successfully built ${fakeHash(img.image_id)}`));
    payloads.push(out(`Successfully tagged ${username}/${img.name}:${img.tag}`));
    payloads.push(`Pushing ${username}/${img.name}:${img.tag} to the registry ...`);
  }
  const pendingMs = Math.round(buildMs * PENDING_SHARE);
  const span = buildMs - pendingMs;
  img.log = payloads.map((log, k): LogLine => ({ at: now + pendingMs + Math.floor(((k + 1) * span) / (payloads.length + 1)), log }));
  img.build = { startMs: now, pendingMs, totalMs: buildMs, error: error ? `Image build failed: ${error}` : null };
  img.status = 'pending build';
}

/** Move every running build to the state its clock says; returns true when something changed. */
export function advanceBuilds(store: Store, now: number): boolean {
  let changed = false;
  for (const img of store.state.images) {
    const plan = img.build;
    if (!plan) continue;
    let status = 'pending build';
    if (now >= plan.startMs + plan.pendingMs) {
      status = 'building';
      img.build_started_at ??= isoUtc(plan.startMs + plan.pendingMs);
    }
    if (now >= plan.startMs + plan.totalMs) {
      status = plan.error ? `error: ${plan.error}` : 'built and pushed';
      img.build_completed_at = isoUtc(plan.startMs + plan.totalMs);
      img.build = null;
    }
    if (status !== img.status || !img.build) changed = true;
    img.status = status;
  }
  return changed;
}

export const buildFinished = (img: ImageRec): boolean => img.status.startsWith('built and pushed') || img.status.startsWith('error:');

/** Redis-stream-like ids `<ms>-<seq>` for the log lines, in order. */
export function logEntries(img: ImageRec): { id: [number, number]; line: LogLine }[] {
  const sorted = [...img.log].sort((a, b) => a.at - b.at);
  let seq = 0;
  return sorted.map((line, i) => {
    seq = i > 0 && sorted[i - 1].at === line.at ? seq + 1 : 0;
    return { id: [line.at, seq] as [number, number], line };
  });
}

export const logText = (img: ImageRec): string =>
  img.log.map((l) => (typeof l.log === 'string' ? l.log : l.log.log)).join('\n') + (img.log.length ? '\n' : '');
