// The attestation report: per instance, per check, passed / failed / not checked with a reason in
// plain words. The verdict is "verified" only when every check of every instance ran and passed.

export type CheckStatus = 'passed' | 'failed' | 'not checked';

export type CheckId = 'evidence' | 'quote' | 'binding' | 'debug' | 'dcap' | 'measurements' | 'certificate' | 'gpu';

export const CHECK_TITLES: Record<CheckId, string> = {
  evidence: 'Evidence fetched',
  quote: 'Quote format (TDX v4)',
  binding: 'Fresh and bound to this instance (report_data)',
  debug: 'Debug mode off',
  dcap: 'Intel DCAP signature and TCB status',
  measurements: 'Accepted measurements (MRTD, RTMR0-3)',
  certificate: 'Instance certificate',
  gpu: 'GPU evidence (NVIDIA)',
};

export interface Check {
  id: CheckId;
  status: CheckStatus;
  reason: string;
}

export interface InstanceResult {
  instanceId: string;
  checks: Check[];
  verified: boolean;
}

export interface AttestationReport {
  chuteId: string;
  chuteName: string;
  /** The nonce this request used (64 hex). */
  nonce: string;
  /** ms since the epoch. */
  checkedAt: number;
  pccsUrl: string;
  instances: InstanceResult[];
  verified: boolean;
  /** One line for messages and tooltips. */
  summary: string;
}

export const passed = (id: CheckId, reason: string): Check => ({ id, status: 'passed', reason });
export const failed = (id: CheckId, reason: string): Check => ({ id, status: 'failed', reason });
export const notChecked = (id: CheckId, reason: string): Check => ({ id, status: 'not checked', reason });

export function instanceResult(instanceId: string, checks: Check[]): InstanceResult {
  return { instanceId, checks, verified: checks.length > 0 && checks.every((c) => c.status === 'passed') };
}

export function buildReport(fields: Omit<AttestationReport, 'verified' | 'summary'>): AttestationReport {
  const { instances } = fields;
  const verified = instances.length > 0 && instances.every((i) => i.verified);
  return { ...fields, verified, summary: summarise(instances, verified) };
}

function summarise(instances: readonly InstanceResult[], verified: boolean): string {
  if (!instances.length) return 'Not verified: the platform returned no instance evidence.';
  if (verified) return `Verified: all ${plural(instances.length, 'instance')} passed every check.`;
  const all = instances.flatMap((i) => i.checks);
  const failedInstances = instances.filter((i) => i.checks.some((c) => c.status === 'failed')).length;
  const skipped = all.filter((c) => c.status === 'not checked').length;
  const parts = [`${failedInstances} of ${plural(instances.length, 'instance')} failed a check`];
  if (skipped) parts.push(`${plural(skipped, 'check')} could not run`);
  return `Not verified: ${parts.join('; ')}.`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
