// The platform's accepted TD measurements, from GET /servers/tee/measurements (docs/platform.md §8).
// The reference names the content (MRTD, RTMR values, tee_type, fingerprints) but not the exact
// JSON, so the reader takes a list at the top level or under a common key, and the register names
// in any case with or without underscores (mrtd, mr_td, MRTD, rtmr_0, ...).
import { isRecord } from '../api/responses';

export const MEASURED_REGISTERS = ['mrTd', 'rtMr0', 'rtMr1', 'rtMr2', 'rtMr3'] as const;
export type MeasuredRegister = (typeof MEASURED_REGISTERS)[number];

export interface AcceptedMeasurement {
  name: string;
  /** Lower-case hex per register; a register the platform leaves out is not compared. */
  values: Partial<Record<MeasuredRegister, string>>;
}

const KEY_OF: Record<string, MeasuredRegister> = { mrtd: 'mrTd', rtmr0: 'rtMr0', rtmr1: 'rtMr1', rtmr2: 'rtMr2', rtmr3: 'rtMr3' };

/** Every entry that names at least one register; anything else in the body is ignored. */
export function readMeasurements(body: unknown): AcceptedMeasurement[] {
  const list = Array.isArray(body)
    ? body
    : isRecord(body)
      ? [body.measurements, body.items, body.accepted, body.data].find(Array.isArray) ?? []
      : [];
  const accepted: AcceptedMeasurement[] = [];
  list.forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const values: AcceptedMeasurement['values'] = {};
    for (const [key, value] of Object.entries(entry)) {
      const register = KEY_OF[key.toLowerCase().replace(/[_-]/g, '')];
      if (register && typeof value === 'string' && /^(0x)?[0-9a-f]+$/i.test(value.trim())) {
        values[register] = value.trim().toLowerCase().replace(/^0x/, '');
      }
    }
    if (!Object.keys(values).length) return;
    const label = [entry.name, entry.version, entry.fingerprint, entry.id].find((v) => typeof v === 'string' && v);
    accepted.push({ name: typeof label === 'string' ? label : `entry ${index + 1}`, values });
  });
  return accepted;
}

/** The accepted entry whose every listed register equals the quote's, if any. */
export function matchMeasurements(report: Record<MeasuredRegister, string>, accepted: readonly AcceptedMeasurement[]): AcceptedMeasurement | undefined {
  return accepted.find((entry) => MEASURED_REGISTERS.every((r) => entry.values[r] === undefined || entry.values[r] === report[r].toLowerCase()));
}
