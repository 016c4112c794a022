// The playground webview: draws targets, forms, replies and stats. It has no network access (CSP
// connect-src 'none') and never sees a credential; it asks the extension host by message
// (src/core/playground/protocol.ts) and shows what comes back.
import { formBody, formFields, type FormField } from '../../src/core/playground/form';
import { DEFAULT_JUDGE_PROMPT } from '../../src/core/playground/judge';
import {
  emptyParams,
  emptyState,
  type ChatParams,
  type CodeLanguage,
  type CordReply,
  type Draft,
  type HistoryEntry,
  type HostMessage,
  type PanelState,
  type RunInput,
  type ScoreRow,
  type Target,
  type WebviewMessage,
} from '../../src/core/playground/protocol';
import { formatStats } from '../../src/core/playground/stats';
import { clear, h, labelled, uid } from './dom';
import { ReplyView } from './reply';
import './style.css';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const send = (message: WebviewMessage) => vscode.postMessage(message);

let state: PanelState = emptyState();
let targets: Target[] = [];
/** Runs in flight: runId → its reply view. */
const replies = new Map<string, ReplyView>();
let activeRun: string | undefined;

const app = document.getElementById('app')!;
const announcer = h('div', { class: 'sr-only', 'aria-live': 'polite', id: 'announcer' });

// --- state -----------------------------------------------------------------------------------

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Keeps the state in the webview (reload) and, shortly after, on the host (panel closed). */
function saveState(): void {
  vscode.setState(state);
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => send({ type: 'state', state }), 150);
}

const currentTarget = (): Target | undefined => targets.find((t) => t.key === state.targetKey);
const isChat = (t: Target | undefined) => t?.kind === 'llm' || t?.kind === 'endpoint';

function draftFor(key: string): Draft {
  state.drafts[key] ??= { params: emptyParams(), fields: {} };
  return state.drafts[key];
}

// --- layout ----------------------------------------------------------------------------------

const targetSelect = h('select', { id: 'target', onchange: () => selectTarget(targetSelect.value) });
const targetInfo = h('div', { class: 'target-info', id: 'target-info' });
const attestation = h('input', { type: 'checkbox', id: 'attestation', onchange: () => setAttestation(attestation.checked) });
const attestationNote = h('div', { class: 'hint', id: 'attestation-note', role: 'status' });
const targetsProblem = h('div', { class: 'problem', role: 'alert' });
const modeButtons = (['chat', 'compare', 'score'] as const).map((mode) =>
  h('button', { class: 'mode secondary', 'data-mode': mode, 'aria-pressed': 'false', onclick: () => setMode(mode) }, mode[0].toUpperCase() + mode.slice(1)),
);
const chatView = h('div', { class: 'view', id: 'chat-view' });
const compareView = h('div', { class: 'view', id: 'compare-view' });
const scoreView = h('div', { class: 'view', id: 'score-view' });

function layout(): void {
  clear(
    app,
    h(
      'header',
      {},
      h('div', { class: 'row' }, labelled('Target', targetSelect), h('button', { class: 'secondary', title: 'Reload the list of models and chutes', onclick: () => send({ type: 'refreshTargets' }) }, 'Refresh')),
      targetInfo,
      h('div', { class: 'row' }, h('label', { class: 'check' }, attestation, ' Attestation required'), attestationNote),
      h('nav', { 'aria-label': 'Mode', class: 'modes' }, ...modeButtons),
      targetsProblem,
    ),
    chatView,
    compareView,
    scoreView,
    addTargetForm(),
    announcer,
  );
  app.removeAttribute('aria-busy');
}

function renderTargets(): void {
  const groups: Record<string, Target[]> = {};
  for (const t of targets) (groups[groupName(t)] ??= []).push(t);
  clear(
    targetSelect,
    h('option', { value: '' }, 'Choose a target…'),
    ...Object.entries(groups).map(([name, list]) => h('optgroup', { label: name }, ...list.map((t) => h('option', { value: t.key }, t.label)))),
  );
  targetSelect.value = state.targetKey ?? '';
}

function groupName(t: Target): string {
  return { llm: 'LLMs (llm. host)', cord: 'Chute cords', local: 'Local chutes (chutes run --dev)', endpoint: 'Custom endpoints' }[t.kind];
}

function selectTarget(key: string): void {
  state.targetKey = key || undefined;
  saveState();
  renderHeader();
  renderChat();
  if (key) send({ type: 'history', targetKey: key, query: '' });
}

function renderHeader(): void {
  const t = currentTarget();
  targetSelect.value = state.targetKey ?? '';
  attestation.checked = !!(t && state.attestation[t.key]);
  attestation.disabled = !t;
  if (!t) return clear(targetInfo, 'Pick a model, a chute cord, a local chute or a custom endpoint.');
  const facts: string[] = [];
  if (t.kind === 'llm') {
    if (t.pricing) facts.push(`$${t.pricing.prompt} in / $${t.pricing.completion} out per million tokens`);
    facts.push(t.tee ? 'confidential compute (TEE)' : 'not TEE');
  } else if (t.kind === 'cord') {
    facts.push(`${t.cord.method} ${t.cord.path}${t.cord.stream ? ', streams' : ''}`, t.tee ? 'TEE chute' : 'not TEE');
  } else if (t.kind === 'local') {
    facts.push(`${t.origin}${t.cord.path}, no credentials sent`);
  } else {
    facts.push(`${t.origin}, ${t.epistula ? 'Epistula-signed with your hotkey' : 'unsigned'}; no Chutes key is sent`);
  }
  clear(targetInfo, facts.join(' · '));
}

function setMode(mode: PanelState['mode']): void {
  state.mode = mode;
  saveState();
  renderMode();
}

function renderMode(): void {
  for (const button of modeButtons) button.setAttribute('aria-pressed', String(button.dataset.mode === state.mode));
  chatView.hidden = state.mode !== 'chat';
  compareView.hidden = state.mode !== 'compare';
  scoreView.hidden = state.mode !== 'score';
  if (state.mode === 'compare') renderCompare();
  if (state.mode === 'score') renderScore();
}

function setAttestation(required: boolean): void {
  const t = currentTarget();
  if (!t) return;
  state.attestation[t.key] = required;
  saveState();
  send({ type: 'setAttestation', targetKey: t.key, required });
}

// --- chat and cords --------------------------------------------------------------------------

let chatReply: ReplyView | undefined;
const sendButton = h('button', { id: 'send', onclick: () => runCurrent() }, 'Send');
const stopButton = h('button', { id: 'stop', class: 'secondary', disabled: true, onclick: () => stop() }, 'Stop');
const historyList = h('ol', { class: 'history', 'aria-label': 'History' });
const historySearch = h('input', { type: 'search', id: 'history-search', placeholder: 'Search history', oninput: () => searchHistory() });
const codeOut = h('pre', { class: 'code', id: 'code', tabindex: 0, hidden: true });
const replySlot = h('div', { class: 'reply-slot' });
let fieldsShown: FormField[] | undefined;

function paramsEditor(params: ChatParams, onChange: () => void): HTMLElement {
  const num = (value: number | undefined, step: string, min: string, max: string, set: (v: number | undefined) => void) =>
    h('input', {
      type: 'number',
      step,
      min,
      max,
      value: value ?? '',
      oninput: (e: Event) => {
        const text = (e.target as HTMLInputElement).value;
        set(text === '' ? undefined : Number(text));
        onChange();
      },
    });
  return h(
    'details',
    { class: 'params', open: true },
    h('summary', {}, 'Parameters'),
    labelled('System prompt', h('textarea', { id: 'system', rows: 2, value: params.system, oninput: (e: Event) => ((params.system = (e.target as HTMLTextAreaElement).value), onChange()) })),
    h(
      'div',
      { class: 'row' },
      labelled('Temperature', num(params.temperature, '0.1', '0', '2', (v) => (params.temperature = v))),
      labelled('Max tokens', num(params.maxTokens, '1', '1', '1000000', (v) => (params.maxTokens = v))),
      labelled('Top p', num(params.topP, '0.05', '0', '1', (v) => (params.topP = v))),
      labelled(
        'Stop',
        h('input', {
          type: 'text',
          value: params.stop.join(', '),
          oninput: (e: Event) => {
            params.stop = (e.target as HTMLInputElement).value.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 4);
            onChange();
          },
        }),
        'Up to four, separated by commas',
      ),
    ),
  );
}

function renderChat(): void {
  const t = currentTarget();
  if (!t) return clear(chatView, h('p', {}, 'Choose a target above to start.'));
  const draft = draftFor(t.key);
  let input: HTMLElement;
  fieldsShown = undefined;
  if (!activeRun) clear(replySlot);
  codeOut.hidden = true;
  if (isChat(t)) {
    const prompt = h('textarea', {
      id: 'prompt',
      rows: 4,
      'aria-label': 'Prompt',
      placeholder: 'Ask something. Enter sends, Shift+Enter adds a line, Escape stops.',
      value: draft.params.prompt,
      oninput: () => ((draft.params.prompt = prompt.value), saveState()),
      onkeydown: (e: Event) => promptKeys(e as KeyboardEvent),
    });
    input = h('div', {}, paramsEditor(draft.params, saveState), labelled('Prompt', prompt));
  } else {
    input = cordForm(t, draft);
  }
  clear(
    chatView,
    input,
    h('div', { class: 'row actions' }, sendButton, stopButton, h('span', { class: 'spacer' }), ...copyButtons()),
    codeOut,
    replySlot,
    h('details', { class: 'history-box' }, h('summary', {}, 'History'), historySearch, historyList),
  );
}

function promptKeys(e: KeyboardEvent): void {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    runCurrent();
  } else if (e.key === 'Escape' && activeRun) {
    e.preventDefault();
    stop();
  }
}

function cordForm(t: Extract<Target, { kind: 'cord' | 'local' }>, draft: Draft): HTMLElement {
  const fields = t.kind === 'cord' ? formFields(t.cord.inputSchema) : undefined;
  const form = h('form', { class: 'cord-form', 'aria-label': `Input of ${t.cord.name}`, onsubmit: (e: Event) => (e.preventDefault(), runCurrent()) });
  if (t.cord.method === 'GET') {
    form.append(h('p', {}, 'This cord takes no input (GET).'));
  } else if (fields) {
    fieldsShown = fields;
    for (const f of fields) form.append(fieldControl(f, draft));
  } else {
    const json = h('textarea', { id: 'json-body', rows: 6, value: draft.json ?? '{}', oninput: () => ((draft.json = json.value), saveState()) });
    form.append(labelled('JSON body', json, 'This cord declares no input fields: write the JSON object it takes.'));
  }
  form.append(h('div', { class: 'form-errors', role: 'alert' }));
  return form;
}

function fieldControl(f: FormField, draft: Draft): HTMLElement {
  const value = draft.fields[f.name] ?? f.initial;
  const update = (v: string) => {
    draft.fields[f.name] = v;
    saveState();
  };
  const common = { name: f.name, 'data-field': f.name, required: f.required, 'aria-required': f.required ? 'true' : undefined };
  let control: HTMLElement;
  switch (f.kind) {
    case 'boolean':
      control = h('input', { ...common, type: 'checkbox', checked: value === 'true', onchange: (e: Event) => update(String((e.target as HTMLInputElement).checked)) });
      break;
    case 'enum':
      control = h('select', { ...common, onchange: (e: Event) => update((e.target as HTMLSelectElement).value) }, h('option', { value: '' }, '—'), ...(f.options ?? []).map((o) => h('option', { value: o }, o)));
      (control as HTMLSelectElement).value = value;
      break;
    case 'integer':
    case 'number':
      control = h('input', { ...common, type: 'number', step: f.kind === 'integer' ? '1' : 'any', min: f.minimum, max: f.maximum, value, oninput: (e: Event) => update((e.target as HTMLInputElement).value) });
      break;
    case 'json':
      control = h('textarea', { ...common, rows: 3, value, oninput: (e: Event) => update((e.target as HTMLTextAreaElement).value) });
      break;
    default:
      control = h('textarea', { ...common, rows: 2, value, oninput: (e: Event) => update((e.target as HTMLTextAreaElement).value), onkeydown: (e: Event) => promptKeys(e as KeyboardEvent) });
  }
  const hint = [f.kind === 'json' ? 'JSON' : f.kind, f.required ? 'required' : 'optional', f.description].filter(Boolean).join(' · ');
  return labelled(f.title, control, hint);
}

/** What the current target would be sent, or undefined (with the problem shown) when the input is invalid. */
function currentInput(t: Target): RunInput | undefined {
  const draft = draftFor(t.key);
  if (isChat(t)) return draft.params.prompt.trim() ? { kind: 'chat', params: { ...draft.params } } : undefined;
  const errors = chatView.querySelector('.form-errors');
  if (t.kind !== 'cord' && t.kind !== 'local') return undefined;
  if (t.cord.method === 'GET') return { kind: 'cord', body: {} };
  if (fieldsShown) {
    const result = formBody(fieldsShown, draft.fields);
    if ('errors' in result) {
      if (errors) errors.textContent = Object.entries(result.errors).map(([name, problem]) => `${name}: ${problem}`).join(' ');
      return undefined;
    }
    if (errors) errors.textContent = '';
    return { kind: 'cord', body: result.body };
  }
  try {
    const body = JSON.parse(draft.json ?? '{}') as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('The body must be a JSON object.');
    if (errors) errors.textContent = '';
    return { kind: 'cord', body: body as Record<string, unknown> };
  } catch (error) {
    if (errors) errors.textContent = `JSON body: ${(error as Error).message}`;
    return undefined;
  }
}

function runCurrent(rerun?: RunInput): void {
  const t = currentTarget();
  if (!t || activeRun) return;
  const input = rerun ?? currentInput(t);
  if (!input) return;
  const runId = uid('run');
  activeRun = runId;
  chatReply = new ReplyView(announcer, isChat(t), `Reply from ${t.label}`);
  chatReply.element.id = 'reply';
  replies.set(runId, chatReply);
  clear(replySlot, chatReply.element);
  chatReply.setStatus('Waiting for the first token…');
  sendButton.disabled = true;
  stopButton.disabled = false;
  send({ type: 'run', runId, targetKey: t.key, input });
}

function stop(): void {
  if (activeRun) send({ type: 'stop', runId: activeRun });
  for (const id of replies.keys()) send({ type: 'stop', runId: id });
}

function copyButtons(): HTMLElement[] {
  const languages: Array<[CodeLanguage, string]> = [['curl', 'curl'], ['python', 'Python'], ['typescript', 'TypeScript']];
  return [
    h('span', { class: 'hint' }, 'Copy as'),
    ...languages.map(([language, name]) =>
      h('button', {
        class: 'secondary copy',
        'data-language': language,
        title: `Copy this request as ${name}; the key is read from CHUTES_API_KEY`,
        onclick: () => {
          const t = currentTarget();
          const input = t && currentInput(t);
          if (t && input) send({ type: 'copyCode', language, targetKey: t.key, input });
        },
      }, name),
    ),
  ];
}

function searchHistory(): void {
  if (state.targetKey) send({ type: 'history', targetKey: state.targetKey, query: historySearch.value });
}

function renderHistory(entries: HistoryEntry[]): void {
  clear(
    historyList,
    ...entries.map((e) => {
      const prompt = e.input.kind === 'chat' ? e.input.params.prompt : JSON.stringify(e.input.body);
      return h(
        'li',
        {},
        h('div', { class: 'history-prompt' }, prompt),
        h('div', { class: 'history-reply' }, e.error ? `${e.reply ? `${e.reply.slice(0, 200)} ` : ''}(${e.error})` : e.reply.slice(0, 300)),
        h('div', { class: 'hint' }, `${new Date(e.at).toLocaleString()}${e.stats ? ` · ${formatStats(e.stats)}` : ''}`),
        h('button', { class: 'secondary', onclick: () => rerunEntry(e) }, 'Rerun'),
      );
    }),
  );
  if (!entries.length) historyList.append(h('li', { class: 'hint' }, 'Nothing yet.'));
}

function rerunEntry(entry: HistoryEntry): void {
  const t = currentTarget();
  if (!t) return;
  const draft = draftFor(t.key);
  if (entry.input.kind === 'chat') draft.params = { ...entry.input.params };
  else draft.json = JSON.stringify(entry.input.body);
  saveState();
  renderChat();
  runCurrent(entry.input);
}

// --- compare ---------------------------------------------------------------------------------

const compareColumns = h('div', { class: 'columns', id: 'compare-columns' });

function chatTargets(): Target[] {
  return targets.filter(isChat);
}

function targetChecks(selected: string[], max: number, onChange: (keys: string[]) => void, name: string): HTMLElement {
  const box = h('fieldset', { class: 'target-checks' }, h('legend', {}, name));
  for (const t of chatTargets()) {
    const check = h('input', {
      type: 'checkbox',
      value: t.key,
      checked: selected.includes(t.key),
      onchange: () => {
        const keys = Array.from(box.querySelectorAll<HTMLInputElement>('input:checked')).map((c) => c.value);
        if (keys.length > max) {
          check.checked = false;
          return;
        }
        onChange(keys);
      },
    });
    box.append(h('label', { class: 'check' }, check, ` ${t.label}`));
  }
  return box;
}

function renderCompare(): void {
  const params = draftFor('compare').params;
  const prompt = h('textarea', {
    id: 'compare-prompt',
    rows: 3,
    value: params.prompt,
    oninput: () => ((params.prompt = prompt.value), saveState()),
    onkeydown: (e: Event) => {
      const k = e as KeyboardEvent;
      if (k.key === 'Enter' && !k.shiftKey) {
        k.preventDefault();
        runCompare();
      }
    },
  });
  clear(
    compareView,
    targetChecks(state.compareKeys, 4, (keys) => ((state.compareKeys = keys), saveState()), 'Targets to compare (2 to 4)'),
    paramsEditor(params, saveState),
    labelled('Prompt', prompt),
    h('div', { class: 'row actions' }, h('button', { id: 'compare-send', onclick: () => runCompare() }, 'Compare'), h('button', { class: 'secondary', onclick: () => stop() }, 'Stop')),
    compareColumns,
  );
}

function runCompare(): void {
  const params = draftFor('compare').params;
  const problem = state.compareKeys.length < 2 ? 'Choose 2 to 4 targets.' : !params.prompt.trim() ? 'Write a prompt.' : '';
  if (problem) return clear(compareColumns, h('p', { role: 'alert' }, problem));
  const runId = uid('compare');
  clear(compareColumns);
  state.compareKeys.forEach((key, i) => {
    const label = targets.find((t) => t.key === key)?.label ?? key;
    const view = new ReplyView(announcer, true, `Reply from ${label}`);
    replies.set(`${runId}/${i}`, view);
    compareColumns.append(h('div', { class: 'column' }, h('h3', {}, label), view.element));
    view.setStatus('Waiting…');
  });
  send({ type: 'compare', runId, targetKeys: state.compareKeys, params: { ...params } });
}

// --- score -----------------------------------------------------------------------------------

const scoreTable = h('div', { id: 'score-results' });
let scoreTargets: string[] = [];

function renderScore(): void {
  const reference = h('select', { id: 'reference', onchange: () => ((state.referenceKey = reference.value), saveState()) }, h('option', { value: '' }, 'Choose…'), ...chatTargets().map((t) => h('option', { value: t.key }, t.label)));
  reference.value = state.referenceKey ?? '';
  const judge = h('textarea', { id: 'judge-prompt', rows: 8, value: state.judgePrompt ?? DEFAULT_JUDGE_PROMPT, oninput: () => ((state.judgePrompt = judge.value), saveState()) });
  const topic = h('input', { type: 'text', id: 'score-topic', value: draftFor('score').params.prompt, oninput: () => ((draftFor('score').params.prompt = topic.value), saveState()) });
  clear(
    scoreView,
    labelled('Reference model', reference, 'Writes the test prompt and judges each reply at temperature 0.'),
    targetChecks(scoreTargets, 4, (keys) => (scoreTargets = keys), 'Targets to score'),
    labelled('Topic', topic, 'Optional: what the test prompt should be about.'),
    labelled('Judge prompt', judge, '{prompt} and {reply} are filled in. The judge answers "Score: N" from 0 to 10.'),
    h('div', { class: 'row actions' }, h('button', { id: 'score-run', onclick: () => runScore() }, 'Score'), h('button', { class: 'secondary', onclick: () => (state.judgePrompt = undefined, saveState(), renderScore()) }, 'Reset judge prompt')),
    scoreTable,
  );
}

function runScore(): void {
  if (!state.referenceKey || !scoreTargets.length) return clear(scoreTable, h('p', { role: 'alert' }, 'Choose a reference model and at least one target.'));
  const runId = uid('score');
  clear(scoreTable, h('p', { id: 'score-prompt', role: 'status' }, 'The reference model is writing a test prompt…'));
  const rows = h('table', { class: 'score-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'Target'), h('th', {}, 'Reply'), h('th', {}, 'Judge'), h('th', {}, 'Score'))));
  const body = h('tbody', {});
  rows.append(body);
  scoreTargets.forEach((key, i) => {
    const label = targets.find((t) => t.key === key)?.label ?? key;
    const view = new ReplyView(announcer, true, `Reply from ${label}`);
    replies.set(`${runId}/${i}`, view);
    body.append(h('tr', { 'data-row': String(i) }, h('th', { scope: 'row' }, label), h('td', {}, view.element), h('td', { class: 'judge' }, '…'), h('td', { class: 'score' }, '…')));
  });
  scoreTable.append(rows);
  send({ type: 'score', runId, referenceKey: state.referenceKey, targetKeys: scoreTargets, judgePrompt: state.judgePrompt ?? DEFAULT_JUDGE_PROMPT, topic: draftFor('score').params.prompt });
}

function showScoreRow(runId: string, row: ScoreRow): void {
  const index = runId.split('/').pop();
  const tr = scoreTable.querySelector(`tr[data-row="${index}"]`);
  if (!tr) return;
  const [, , judge, score] = Array.from(tr.children);
  judge.textContent = row.error ? `Failed: ${row.error}` : `${row.judgeReply ?? ''}${row.cached ? ' (cached)' : ''}`;
  score.textContent = row.error ? '—' : row.score === undefined ? 'unparseable' : row.score.toFixed(2);
  score.className = row.score === undefined ? 'score unparseable' : 'score';
}

// --- add a local chute or endpoint ------------------------------------------------------------

function addTargetForm(): HTMLElement {
  const kind = h('select', {}, h('option', { value: 'local' }, 'Local chute (chutes run --dev)'), h('option', { value: 'endpoint' }, 'OpenAI-compatible endpoint'));
  const origin = h('input', { type: 'url', placeholder: 'http://127.0.0.1:8000' });
  const path = h('input', { type: 'text', placeholder: '/echo (local) or model name (endpoint)' });
  const stream = h('input', { type: 'checkbox' });
  const epistula = h('input', { type: 'checkbox' });
  return h(
    'details',
    { class: 'add-target' },
    h('summary', {}, 'Add a local chute or a custom endpoint'),
    h('div', { class: 'row' }, labelled('Kind', kind), labelled('URL', origin), labelled('Path or model', path)),
    h('div', { class: 'row' }, h('label', { class: 'check' }, stream, ' Streams (local)'), h('label', { class: 'check' }, epistula, ' Sign with Epistula (endpoint)')),
    h('button', {
      class: 'secondary',
      onclick: () =>
        send({
          type: 'addTarget',
          kind: kind.value as 'local' | 'endpoint',
          origin: origin.value,
          path: kind.value === 'local' ? path.value : undefined,
          model: kind.value === 'endpoint' ? path.value : undefined,
          stream: stream.checked,
          epistula: epistula.checked,
        }),
    }, 'Add'),
  );
}

// --- messages from the host ------------------------------------------------------------------

function showReply(view: ReplyView, reply: CordReply): void {
  const holder = view.element.querySelector('.reply-body')!;
  switch (reply.kind) {
    case 'json':
      holder.replaceChildren(h('pre', { class: 'json' }, JSON.stringify(reply.value, null, 2)));
      break;
    case 'text':
      holder.replaceChildren(h('pre', { class: 'text' }, reply.text));
      break;
    case 'image':
      holder.replaceChildren(h('img', { src: `data:${reply.contentType};base64,${reply.base64}`, alt: 'Image returned by the cord' }));
      break;
    case 'bytes':
      holder.replaceChildren(h('p', {}, `${reply.size} bytes of ${reply.contentType}`));
  }
}

function runEnded(runId: string): void {
  replies.delete(runId);
  if (runId === activeRun) {
    activeRun = undefined;
    sendButton.disabled = false;
    stopButton.disabled = true;
    searchHistory();
  }
}

let countdown: ReturnType<typeof setInterval> | undefined;

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      // The host's state is the newest: it is saved on every change, the webview's only until a reload.
      state = { ...emptyState(), ...message.state };
      if (message.focusKey) state.targetKey = message.focusKey;
      targets = message.targets;
      layout();
      renderTargets();
      renderHeader();
      renderChat();
      renderMode();
      renderHistory(message.history);
      targetsProblem.textContent = message.targetsError ?? '';
      saveState();
      break;
    case 'targets':
      targets = message.targets;
      if (message.focusKey) state.targetKey = message.focusKey;
      targetsProblem.textContent = message.error ?? '';
      renderTargets();
      renderHeader();
      if (message.focusKey) selectTarget(message.focusKey);
      renderMode();
      break;
    case 'chunk':
      replies.get(message.runId)?.append(message.text);
      if (replies.has(message.runId)) replies.get(message.runId)!.setStatus('Streaming…');
      break;
    case 'reply': {
      const view = replies.get(message.runId);
      if (view) showReply(view, message.reply);
      break;
    }
    case 'waiting': {
      const view = replies.get(message.runId);
      if (!view) break;
      let left = message.retryInSeconds ?? 0;
      const tick = () => view.setStatus(`${message.message} Retrying in ${left} s…`);
      clearInterval(countdown);
      tick();
      countdown = setInterval(() => {
        left = Math.max(0, left - 1);
        tick();
        if (!left) clearInterval(countdown);
      }, 1000);
      break;
    }
    case 'done': {
      clearInterval(countdown);
      const view = replies.get(message.runId);
      const summary = `${message.stopped ? 'Stopped. ' : ''}${formatStats(message.stats)}`;
      view?.finish(summary);
      view?.setStatus(summary, 'done');
      runEnded(message.runId);
      break;
    }
    case 'failed': {
      clearInterval(countdown);
      const view = replies.get(message.runId);
      if (view) {
        view.finish(`Failed: ${message.message}`);
        view.setStatus(message.message, 'error');
        if (message.warmUpChuteId) {
          const chuteId = message.warmUpChuteId;
          view.statusElement().append(' ', h('button', { class: 'secondary', onclick: () => send({ type: 'warmUp', chuteId }) }, 'Warm up'));
        }
      } else {
        scoreTable.prepend(h('p', { role: 'alert', class: 'reply-status error' }, message.message));
      }
      runEnded(message.runId);
      break;
    }
    case 'history':
      if (message.targetKey === state.targetKey) renderHistory(message.entries);
      break;
    case 'code':
      codeOut.hidden = false;
      codeOut.dataset.language = message.language;
      codeOut.textContent = message.code;
      announcer.append(h('p', {}, `Copied as ${message.language}.`));
      break;
    case 'scorePrompt': {
      const shown = scoreTable.querySelector('#score-prompt');
      if (shown) shown.textContent = `Test prompt: ${message.prompt}`;
      break;
    }
    case 'scoreRow':
      showScoreRow(message.runId, message.row);
      break;
    case 'attestation':
      // The host's word is final (a command may have changed it); keep the saved state in step.
      state.attestation[message.targetKey] = message.required;
      saveState();
      if (message.targetKey === state.targetKey) {
        attestation.checked = message.required;
        attestationNote.textContent = message.message;
      }
      break;
  }
});

send({ type: 'ready' });
