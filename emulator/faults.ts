// Fault injection for tests, outside the real API's namespace: the X-Emulator-Fault header and rules
// registered with POST /_emulator/faults (format in emulator/README.md).

export interface Fault {
  /** Answer with this status and {"detail": ...} instead of running the route. */
  status?: number;
  /** Retry-After header value for `status` (the real API never sends one; tests can ask for it). */
  retryAfter?: string;
  detail?: unknown;
  /** Wait this long before handling the request. */
  delayMs?: number;
  /** Destroy the socket after this many stream events (or mid-body for plain responses). */
  cutAfterEvents?: number;
  /** Truncate JSON bodies (and the first JSON event of a stream) so they no longer parse. */
  malformed?: boolean;
  /** Wait this long between stream events, or between 16-byte chunks of a plain body. */
  dripMs?: number;
  /** After `streamErrorAfter` events (default 1) write the server's raw mid-stream error object and end. */
  streamError?: string;
  streamErrorAfter?: number;
}

export interface FaultRule { id: number; path: string; method: string | null; host: string | null; remaining: number; fault: Fault }

const DEFAULT_DETAIL: Record<number, string> = {
  429: 'Rate limit exceeded. Try again later.',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
export const defaultFaultDetail = (status: number): string => DEFAULT_DETAIL[status] ?? `Emulated fault ${status}`;

const KEYS: Record<string, keyof Fault> = {
  status: 'status',
  'retry-after': 'retryAfter',
  retryafter: 'retryAfter',
  detail: 'detail',
  delay: 'delayMs',
  delayms: 'delayMs',
  'cut-after': 'cutAfterEvents',
  cutafterevents: 'cutAfterEvents',
  malformed: 'malformed',
  drip: 'dripMs',
  dripms: 'dripMs',
  'stream-error': 'streamError',
  streamerror: 'streamError',
  'stream-error-after': 'streamErrorAfter',
  streamerrorafter: 'streamErrorAfter',
};
const NUMERIC = new Set<keyof Fault>(['status', 'delayMs', 'cutAfterEvents', 'dripMs', 'streamErrorAfter']);

/** Parse a fault from JSON or `key=value;key=value`; returns an error text for bad input. */
export function parseFault(input: unknown): Fault | string {
  let raw: Record<string, unknown>;
  if (typeof input === 'string') {
    const text = input.trim();
    if (text.startsWith('{')) {
      try {
        raw = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return 'not valid JSON';
      }
    } else {
      raw = {};
      for (const part of text.split(/[;,]/).map((p) => p.trim()).filter(Boolean)) {
        const eq = part.indexOf('=');
        raw[(eq < 0 ? part : part.slice(0, eq)).trim()] = eq < 0 ? true : part.slice(eq + 1).trim();
      }
    }
  } else if (input && typeof input === 'object' && !Array.isArray(input)) {
    raw = input as Record<string, unknown>;
  } else {
    return 'expected an object';
  }
  const fault: Fault = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = KEYS[key.toLowerCase()];
    if (!field) return `unknown key ${JSON.stringify(key)}`;
    if (NUMERIC.has(field)) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) return `${key} must be a non-negative integer`;
      (fault as Record<string, unknown>)[field] = n;
    } else if (field === 'malformed') {
      fault.malformed = value === true || value === 'true' || value === '1';
    } else if (field === 'detail') {
      fault.detail = value;
    } else {
      fault[field as 'retryAfter' | 'streamError'] = String(value);
    }
  }
  if (fault.status !== undefined && (fault.status < 400 || fault.status > 599)) return 'status must be 400..599';
  return fault;
}

export class FaultRegistry {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(rule: Omit<FaultRule, 'id'>): FaultRule {
    const full = { ...rule, id: this.nextId++ };
    this.rules.push(full);
    return full;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  /** Consume one use of the first rule matching this request, if any. */
  take(method: string, path: string, hostLabel: string | null): Fault | undefined {
    const rule = this.rules.find(
      (r) => path.startsWith(r.path) && (!r.method || r.method === method) && (!r.host || r.host === hostLabel),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }
}
