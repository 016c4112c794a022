// The playground's message protocol, shared by the extension host and the webview (docs/architecture.md,
// "Webviews"). The webview is untrusted input: every message it posts goes through
// parseWebviewMessage on the host before anything acts on it. Nothing here ever carries a credential.

/** A cord as the playground calls it. */
export interface CordSpec {
  path: string;
  method: 'GET' | 'POST';
  stream: boolean;
  /** The cord's function name, for labels. */
  name: string;
  inputSchema?: unknown;
  outputContentType?: string | null;
}

/** Where a prompt goes. `key` identifies the target in history, drafts and settings. */
export type Target =
  | { kind: 'llm'; key: string; label: string; model: string; chuteId?: string; tee: boolean; pricing?: Pricing }
  | { kind: 'cord'; key: string; label: string; chuteId: string; slug: string; template: string | null; tee: boolean; cord: CordSpec }
  /** A local `chutes run --dev` server: a cord path on a loopback port, no credentials. */
  | { kind: 'local'; key: string; label: string; origin: string; cord: CordSpec }
  /** A custom OpenAI-compatible endpoint (a subnet developer's own miner), optionally Epistula-signed. */
  | { kind: 'endpoint'; key: string; label: string; origin: string; model: string; epistula: boolean };

/** USD per million tokens (GET /v1/models `pricing`, docs/platform.md §2.6). */
export interface Pricing {
  prompt: number;
  completion: number;
}

export interface ChatParams {
  system: string;
  prompt: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop: string[];
}

/** What one run sends: chat parameters, or a cord's JSON body. */
export type RunInput = { kind: 'chat'; params: ChatParams } | { kind: 'cord'; body: Record<string, unknown> };

export interface RunStats {
  /** Time to the first chunk, ms. */
  ttftMs?: number;
  totalMs: number;
  completionTokens?: number;
  promptTokens?: number;
  /** Completion tokens per second after the first one arrived. */
  tokensPerSecond?: number;
  /** From the model's prices, when known. */
  costUsd?: number;
  /** True when token counts come from the server's `usage`, false when counted from chunks. */
  fromUsage: boolean;
}

/** A non-streamed cord answer, shown as what it is. */
export type CordReply =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'image'; contentType: string; base64: string }
  | { kind: 'bytes'; contentType: string; size: number };

export interface HistoryEntry {
  id: string;
  targetKey: string;
  at: number;
  input: RunInput;
  /** The reply text (chat or stream) or a short rendering of a cord reply. */
  reply: string;
  error?: string;
  stats?: RunStats;
}

export interface ScoreRow {
  targetKey: string;
  reply?: string;
  error?: string;
  /** 0..1, or undefined when the judge's answer held no parseable score. */
  score?: number;
  judgeReply?: string;
  cached?: boolean;
  stats?: RunStats;
}

export type CodeLanguage = 'curl' | 'python' | 'typescript';

/** Everything the webview keeps across reloads (vscode.setState and the panel serializer). */
export interface PanelState {
  mode: 'chat' | 'compare' | 'score';
  targetKey?: string;
  compareKeys: string[];
  drafts: Record<string, Draft>;
  judgePrompt?: string;
  referenceKey?: string;
  attestation: Record<string, boolean>;
}

/** What the user typed for one target, kept so nothing is lost (docs/architecture.md, "Bad input"). */
export interface Draft {
  params: ChatParams;
  /** Cord form values, by field name, as typed. */
  fields: Record<string, string>;
  /** Raw JSON body for cords without a usable schema. */
  json?: string;
}

// --- webview -> host -------------------------------------------------------------------------

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'refreshTargets' }
  | { type: 'addTarget'; kind: 'local' | 'endpoint'; origin: string; path?: string; model?: string; stream?: boolean; epistula?: boolean }
  | { type: 'run'; runId: string; targetKey: string; input: RunInput }
  | { type: 'stop'; runId: string }
  | { type: 'compare'; runId: string; targetKeys: string[]; params: ChatParams }
  | { type: 'score'; runId: string; referenceKey: string; targetKeys: string[]; judgePrompt: string; topic: string }
  | { type: 'state'; state: PanelState }
  | { type: 'history'; targetKey: string; query: string }
  | { type: 'copyCode'; language: CodeLanguage; targetKey: string; input: RunInput }
  | { type: 'setAttestation'; targetKey: string; required: boolean }
  | { type: 'warmUp'; chuteId: string };

// --- host -> webview -------------------------------------------------------------------------

export type HostMessage =
  | { type: 'init'; state: PanelState; targets: Target[]; targetsError?: string; history: HistoryEntry[]; focusKey?: string }
  | { type: 'targets'; targets: Target[]; error?: string; focusKey?: string }
  | { type: 'chunk'; runId: string; text: string }
  | { type: 'reply'; runId: string; reply: CordReply }
  | { type: 'waiting'; runId: string; message: string; retryInSeconds?: number }
  | { type: 'done'; runId: string; stats: RunStats; stopped?: boolean }
  | { type: 'failed'; runId: string; message: string; warmUpChuteId?: string; stats?: RunStats }
  | { type: 'history'; targetKey: string; entries: HistoryEntry[] }
  | { type: 'code'; language: CodeLanguage; code: string }
  | { type: 'scoreRow'; runId: string; row: ScoreRow }
  | { type: 'scorePrompt'; runId: string; prompt: string }
  | { type: 'attestation'; targetKey: string; required: boolean; message: string };

// --- validation ------------------------------------------------------------------------------

const LIMIT = { text: 200_000, short: 2_000, list: 16, fields: 200 };

class Invalid extends Error {}

type Check<T> = (value: unknown, at: string) => T;

const record = (value: unknown, at: string): Record<string, unknown> => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Invalid(`${at} must be an object`);
  return value as Record<string, unknown>;
};
const str =
  (max = LIMIT.short): Check<string> =>
  (value, at) => {
    if (typeof value !== 'string') throw new Invalid(`${at} must be a string`);
    if (value.length > max) throw new Invalid(`${at} is longer than ${max} characters`);
    return value;
  };
const bool: Check<boolean> = (value, at) => {
  if (typeof value !== 'boolean') throw new Invalid(`${at} must be true or false`);
  return value;
};
const num =
  (min: number, max: number, integer = false): Check<number> =>
  (value, at) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new Invalid(`${at} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
    }
    return value;
  };
const optional =
  <T>(check: Check<T>): Check<T | undefined> =>
  (value, at) =>
    value === undefined || value === null ? undefined : check(value, at);
const list =
  <T>(check: Check<T>, max = LIMIT.list): Check<T[]> =>
  (value, at) => {
    if (!Array.isArray(value)) throw new Invalid(`${at} must be a list`);
    if (value.length > max) throw new Invalid(`${at} has more than ${max} entries`);
    return value.map((item, i) => check(item, `${at}[${i}]`));
  };
const oneOf =
  <T extends string>(...options: T[]): Check<T> =>
  (value, at) => {
    if (!options.includes(value as T)) throw new Invalid(`${at} must be one of ${options.join(', ')}`);
    return value as T;
  };
const strings = (max: number): Check<Record<string, string>> => (value, at) => {
  const entries = Object.entries(record(value, at));
  if (entries.length > LIMIT.fields) throw new Invalid(`${at} has too many entries`);
  return Object.fromEntries(entries.map(([k, v]) => [str(LIMIT.short)(k, at), str(max)(v, `${at}.${k}`)]));
};

const chatParams: Check<ChatParams> = (value, at) => {
  const v = record(value, at);
  return {
    system: str(LIMIT.text)(v.system ?? '', `${at}.system`),
    prompt: str(LIMIT.text)(v.prompt, `${at}.prompt`),
    temperature: optional(num(0, 2))(v.temperature, `${at}.temperature`),
    maxTokens: optional(num(1, 1_000_000, true))(v.maxTokens, `${at}.maxTokens`),
    topP: optional(num(0, 1))(v.topP, `${at}.topP`),
    stop: list(str(200), 4)(v.stop ?? [], `${at}.stop`),
  };
};

const runInput: Check<RunInput> = (value, at) => {
  const v = record(value, at);
  if (v.kind === 'chat') return { kind: 'chat', params: chatParams(v.params, `${at}.params`) };
  if (v.kind === 'cord') {
    const body = record(v.body, `${at}.body`);
    if (JSON.stringify(body).length > LIMIT.text) throw new Invalid(`${at}.body is too large`);
    return { kind: 'cord', body };
  }
  throw new Invalid(`${at}.kind must be chat or cord`);
};

const draft: Check<Draft> = (value, at) => {
  const v = record(value, at);
  return { params: chatParams(v.params, `${at}.params`), fields: strings(LIMIT.text)(v.fields ?? {}, `${at}.fields`), json: optional(str(LIMIT.text))(v.json, `${at}.json`) };
};

const panelState: Check<PanelState> = (value, at) => {
  const v = record(value, at);
  const drafts = Object.entries(record(v.drafts ?? {}, `${at}.drafts`));
  if (drafts.length > LIMIT.fields) throw new Invalid(`${at}.drafts has too many entries`);
  const attestation = Object.entries(record(v.attestation ?? {}, `${at}.attestation`));
  return {
    mode: oneOf('chat', 'compare', 'score')(v.mode ?? 'chat', `${at}.mode`),
    targetKey: optional(str())(v.targetKey, `${at}.targetKey`),
    compareKeys: list(str(), 4)(v.compareKeys ?? [], `${at}.compareKeys`),
    drafts: Object.fromEntries(drafts.map(([k, d]) => [str()(k, `${at}.drafts`), draft(d, `${at}.drafts.${k}`)])),
    judgePrompt: optional(str(LIMIT.text))(v.judgePrompt, `${at}.judgePrompt`),
    referenceKey: optional(str())(v.referenceKey, `${at}.referenceKey`),
    attestation: Object.fromEntries(attestation.slice(0, LIMIT.fields).map(([k, b]) => [k, bool(b, `${at}.attestation.${k}`)])),
  };
};

const id = str(100);

/** The message, checked field by field, or a reason it was refused. Unknown fields are dropped. */
export function parseWebviewMessage(value: unknown): { ok: true; message: WebviewMessage } | { ok: false; error: string } {
  try {
    return { ok: true, message: parse(record(value, 'message')) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message };
    throw error;
  }
}

function parse(v: Record<string, unknown>): WebviewMessage {
  switch (v.type) {
    case 'ready':
    case 'refreshTargets':
      return { type: v.type };
    case 'addTarget':
      return {
        type: 'addTarget',
        kind: oneOf('local', 'endpoint')(v.kind, 'kind'),
        origin: str(500)(v.origin, 'origin'),
        path: optional(str(500))(v.path, 'path'),
        model: optional(str(500))(v.model, 'model'),
        stream: optional(bool)(v.stream, 'stream'),
        epistula: optional(bool)(v.epistula, 'epistula'),
      };
    case 'run':
      return { type: 'run', runId: id(v.runId, 'runId'), targetKey: str()(v.targetKey, 'targetKey'), input: runInput(v.input, 'input') };
    case 'stop':
      return { type: 'stop', runId: id(v.runId, 'runId') };
    case 'compare': {
      const targetKeys = list(str(), 4)(v.targetKeys, 'targetKeys');
      if (targetKeys.length < 2) throw new Invalid('compare needs 2 to 4 targets');
      return { type: 'compare', runId: id(v.runId, 'runId'), targetKeys, params: chatParams(v.params, 'params') };
    }
    case 'score': {
      const targetKeys = list(str(), 4)(v.targetKeys, 'targetKeys');
      if (targetKeys.length < 1) throw new Invalid('score needs at least one target');
      return {
        type: 'score',
        runId: id(v.runId, 'runId'),
        referenceKey: str()(v.referenceKey, 'referenceKey'),
        targetKeys,
        judgePrompt: str(LIMIT.text)(v.judgePrompt, 'judgePrompt'),
        topic: str(LIMIT.text)(v.topic ?? '', 'topic'),
      };
    }
    case 'state':
      return { type: 'state', state: panelState(v.state, 'state') };
    case 'history':
      return { type: 'history', targetKey: str()(v.targetKey, 'targetKey'), query: str()(v.query ?? '', 'query') };
    case 'copyCode':
      return {
        type: 'copyCode',
        language: oneOf('curl', 'python', 'typescript')(v.language, 'language'),
        targetKey: str()(v.targetKey, 'targetKey'),
        input: runInput(v.input, 'input'),
      };
    case 'setAttestation':
      return { type: 'setAttestation', targetKey: str()(v.targetKey, 'targetKey'), required: bool(v.required, 'required') };
    case 'warmUp':
      return { type: 'warmUp', chuteId: str(100)(v.chuteId, 'chuteId') };
    default:
      throw new Invalid(`unknown message type ${JSON.stringify(v.type)}`);
  }
}

/** A state restored from storage, or a fresh one when it is missing or broken. */
export function restoreState(value: unknown): PanelState {
  try {
    return panelState(value ?? {}, 'state');
  } catch {
    return emptyState();
  }
}

export function emptyState(): PanelState {
  return { mode: 'chat', compareKeys: [], drafts: {}, attestation: {} };
}

export function emptyParams(): ChatParams {
  return { system: '', prompt: '', stop: [] };
}
