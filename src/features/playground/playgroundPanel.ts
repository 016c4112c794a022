import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { CancelledError, ChutesApiError } from '../../core/api/errors';
import { epistulaHeaders, hotkeyFromSeed } from '../../core/auth/signing';
import { ChunkBatcher } from '../../core/playground/batcher';
import { parseWebviewMessage, type ChatParams, type HistoryEntry, type HostMessage, type PanelState, type RunInput, type Target, type WebviewMessage } from '../../core/playground/protocol';
import { runTarget, type RunResult } from '../../core/playground/run';
import { scoreTargets } from '../../core/playground/score';
import { codeSnippet } from '../../core/playground/snippets';
import { chuteOf, endpointTarget, localTarget } from '../../core/playground/targets';
import { redact } from '../../core/redact';
import { Disposable } from '../../shared/lifecycle';
import { log } from '../../shared/log';
import { readSettings } from '../../shared/settings';
import type { Connection } from '../account/connection';
import { playgroundHtml } from './playgroundHtml';
import type { PlaygroundStore } from './playgroundStore';
import { errorText, listTargets } from './targetList';
import type { StreamStatus } from './streamStatus';

/** The attestation feature's internal command: `{ verified, reason, checkedAt }` (docs/playground.md, "Attestation required"). */
const REQUIRE_VERIFIED = 'chutes.attest.requireVerified';
const WARM_UP = 'chutes.warmUp';

export interface PlaygroundDeps {
  connection: Connection;
  store: PlaygroundStore;
  status: StreamStatus;
  extensionUri: vscode.Uri;
}

/**
 * One playground panel. The webview only draws: every request is made here through ChutesClient,
 * and every message from the webview is checked against the protocol before it is acted on.
 */
export class PlaygroundPanel extends Disposable {
  private targets: Target[] = [];
  private targetsError: string | undefined;
  private readonly runs = new Map<string, AbortController>();
  private readonly disposedEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposedEmitter.event;
  /** Resolves once the webview has been sent its first state (tests wait for it). */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private state: PanelState;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: PlaygroundDeps,
    private focusKey?: string,
    restored?: PanelState,
  ) {
    super();
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.state = restored ?? deps.store.state();
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview')] };
    panel.webview.html = playgroundHtml(panel.webview, deps.extensionUri);
    this._register(panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)));
    this._register(
      panel.onDidDispose(() => {
        this.disposedEmitter.fire();
        this.dispose();
      }),
    );
    this._register({ dispose: () => this.runs.forEach((run) => run.abort()) });
  }

  /** Shows the panel on the chute's first target (or the given target key). */
  async focus(chuteIdOrKey: string | undefined): Promise<void> {
    this.panel.reveal();
    if (!chuteIdOrKey) return;
    this.focusKey = chuteIdOrKey;
    await this.loadTargets();
    this.post({ type: 'targets', targets: this.targets, error: this.targetsError, focusKey: this.resolveFocus() });
  }

  /** Targets the panel offers (the QuickPick uses the same list). */
  async loadTargets(): Promise<Target[]> {
    const { targets, error } = await listTargets(this.deps.connection, this.deps.store);
    this.targets = targets;
    this.targetsError = error;
    return targets;
  }

  /** A target's history, newest first (what the History list shows). */
  history(targetKey: string, query = ''): HistoryEntry[] {
    return this.deps.store.history(targetKey, query);
  }

  private resolveFocus(): string | undefined {
    const key = this.focusKey;
    if (!key) return undefined;
    return this.targets.find((t) => t.key === key)?.key ?? this.targets.find((t) => chuteOf(t) === key)?.key;
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      log.warn(`Playground: refused a message from the webview: ${parsed.error}`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      log.error(`Playground: ${parsed.message.type} failed: ${errorText(error)}`);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        await this.loadTargets().catch((error) => (this.targetsError = errorText(error)));
        const focusKey = this.resolveFocus() ?? this.state.targetKey;
        this.post({ type: 'init', state: this.state, targets: this.targets, targetsError: this.targetsError, history: focusKey ? this.deps.store.history(focusKey) : [], focusKey });
        this.markReady();
        return;
      }
      case 'refreshTargets':
        await this.loadTargets().catch((error) => (this.targetsError = errorText(error)));
        return this.post({ type: 'targets', targets: this.targets, error: this.targetsError });
      case 'addTarget':
        return this.addTarget(message);
      case 'state':
        // Attestation choices change only through setAttestation: a state message cannot turn them off.
        this.state = { ...message.state, attestation: this.state.attestation };
        await this.deps.store.saveState(this.state);
        return;
      case 'history':
        return this.post({ type: 'history', targetKey: message.targetKey, entries: this.history(message.targetKey, message.query) });
      case 'run':
        await this.run(message.runId, message.targetKey, message.input);
        return;
      case 'stop':
        this.runs.get(message.runId)?.abort();
        for (const [id, run] of this.runs) if (id.startsWith(`${message.runId}/`)) run.abort();
        return;
      case 'compare':
        await Promise.all(message.targetKeys.map((key, i) => this.run(`${message.runId}/${i}`, key, { kind: 'chat', params: message.params })));
        return;
      case 'score':
        return this.score(message);
      case 'copyCode':
        return this.copyCode(message);
      case 'setAttestation':
        return this.setAttestation(message.targetKey, message.required);
      case 'warmUp':
        return this.warmUp(message.chuteId);
    }
  }

  private addTarget(message: Extract<WebviewMessage, { type: 'addTarget' }>): void {
    let target: Target;
    try {
      target =
        message.kind === 'local'
          ? localTarget(message.origin, message.path || '/', message.stream ?? false)
          : endpointTarget(message.origin, message.model || 'default', message.epistula ?? false);
    } catch (error) {
      return this.post({ type: 'targets', targets: this.targets, error: errorText(error) });
    }
    void this.deps.store.addCustomTarget(target);
    this.targets = [...this.targets.filter((t) => t.key !== target.key), target];
    this.post({ type: 'targets', targets: this.targets, focusKey: target.key });
  }

  /** Runs one target and streams it to the panel; the result also goes to history. */
  async run(runId: string, targetKey: string, input: RunInput): Promise<RunResult | undefined> {
    // A target added or listed since the panel last looked is found after one reload of the list.
    const target = this.targets.find((t) => t.key === targetKey) ?? (await this.loadTargets().catch(() => [])).find((t) => t.key === targetKey);
    if (!target) {
      const why = this.targetsError ? ` ${this.targetsError}` : '';
      this.post({ type: 'failed', runId, message: `Unknown target ${targetKey}: refresh the target list.${why}` });
      log.warn(`Playground: unknown target ${targetKey}.${why}`);
      return undefined;
    }
    const controller = new AbortController();
    this.runs.set(runId, controller);
    const startedAt = Date.now();
    const batcher = new ChunkBatcher((text) => this.post({ type: 'chunk', runId, text }));
    let received = 0;
    const status = this.deps.status.begin(target.label);
    let partial = '';
    try {
      const headers = await this.attestationHeaders(target);
      const { client } = await this.deps.connection.client();
      const result = await runTarget(
        client,
        target,
        input,
        {
          chunk: (text) => {
            partial += text;
            batcher.add(text);
            status.update(++received, Date.now() - startedAt);
          },
          reply: (reply) => this.post({ type: 'reply', runId, reply }),
          waiting: (message, retryInSeconds) => this.post({ type: 'waiting', runId, message: redact(message), retryInSeconds }),
        },
        { signal: controller.signal, headers, sign: target.kind === 'endpoint' && target.epistula ? (body) => this.epistula(body) : undefined },
      );
      batcher.flush();
      const stopped = controller.signal.aborted;
      this.post({ type: 'done', runId, stats: result.stats, stopped });
      await this.remember(target, input, result.text, stopped ? 'Stopped.' : undefined, result.stats);
      return result;
    } catch (error) {
      batcher.flush();
      const stopped = error instanceof CancelledError || controller.signal.aborted;
      if (stopped) {
        this.post({ type: 'done', runId, stats: { totalMs: Date.now() - startedAt, fromUsage: false }, stopped: true });
        await this.remember(target, input, partial, 'Stopped.');
        return undefined;
      }
      const message = errorText(error);
      // A 503 after the retries: the chute has no hot instance, which warming up fixes.
      const cold = error instanceof ChutesApiError && error.status === 503;
      this.post({ type: 'failed', runId, message, warmUpChuteId: cold ? chuteOf(target) : undefined });
      await this.remember(target, input, partial, message);
      return undefined;
    } finally {
      status.end();
      this.runs.delete(runId);
    }
  }

  private remember(target: Target, input: RunInput, reply: string, error?: string, stats?: RunResult['stats']): Thenable<void> {
    return this.deps.store.addHistory({ id: randomUUID(), targetKey: target.key, at: Date.now(), input, reply, error, stats });
  }

  /**
   * `X-TEE-Only: true` for a target whose attestation is required, after the attestation feature
   * says its evidence verifies. Without that feature the chute counts as unverified.
   */
  private async attestationHeaders(target: Target): Promise<Record<string, string> | undefined> {
    if (!this.state.attestation[target.key]) return undefined;
    const chuteId = chuteOf(target);
    if (!chuteId) throw new Error(`Attestation is required for ${target.label}, but it is not a Chutes chute, so there is no evidence to verify.`);
    const commands = await vscode.commands.getCommands(true);
    if (!commands.includes(REQUIRE_VERIFIED)) {
      throw new Error(`Attestation is required for ${target.label}, but attestation checks are not available (${REQUIRE_VERIFIED} is not registered), so the chute counts as unverified.`);
    }
    const verdict = await vscode.commands.executeCommand<{ verified?: boolean; reason?: string } | undefined>(REQUIRE_VERIFIED, chuteId);
    if (!verdict?.verified) throw new Error(`Attestation is required for ${target.label} and its evidence did not verify: ${verdict?.reason ?? 'no verdict'}. Nothing was sent.`);
    return { 'X-TEE-Only': 'true' };
  }

  /** Turns "attestation required" on or off for a target (the webview's checkbox). */
  async setAttestation(targetKey: string, required: boolean): Promise<void> {
    this.state = { ...this.state, attestation: { ...this.state.attestation, [targetKey]: required } };
    await this.deps.store.saveState(this.state);
    const target = this.targets.find((t) => t.key === targetKey);
    const message = !required
      ? 'Attestation not required.'
      : target && chuteOf(target)
        ? `Attestation required: ${target.label} is queried only after its evidence verifies, and every request carries X-TEE-Only: true.`
        : 'Attestation required, but this target is not a Chutes chute: requests will be refused.';
    this.post({ type: 'attestation', targetKey, required, message });
  }

  private async epistula(body: Uint8Array): Promise<Record<string, string>> {
    const credentials = await this.deps.connection.credentials();
    if (credentials?.kind !== 'hotkey') throw new Error('Epistula signing needs a hotkey: set one up with `chutes register` (config.ini) and clear the API key, or turn Epistula off for this endpoint.');
    return epistulaHeaders(await hotkeyFromSeed(credentials.seedHex), body);
  }

  private async copyCode(message: Extract<WebviewMessage, { type: 'copyCode' }>): Promise<void> {
    const target = this.targets.find((t) => t.key === message.targetKey);
    if (!target) return;
    const settings = readSettings();
    const { target: where } = await this.deps.connection.client();
    const code = codeSnippet(message.language, target, message.input, { apiBaseUrl: where.apiBaseUrl, platformDomain: settings.platformDomain, connectTo: settings.connectTo });
    await vscode.env.clipboard.writeText(code);
    this.post({ type: 'code', language: message.language, code });
  }

  private async warmUp(chuteId: string): Promise<void> {
    const commands = await vscode.commands.getCommands(true);
    if (commands.includes(WARM_UP)) {
      await vscode.commands.executeCommand(WARM_UP, chuteId);
      return;
    }
    const { client } = await this.deps.connection.client();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Warming up the chute', cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      for await (const event of client.warmup(chuteId, controller.signal)) progress.report({ message: event.log || event.status });
    });
  }

  private async score(message: Extract<WebviewMessage, { type: 'score' }>): Promise<void> {
    const { runId } = message;
    const chat = async (targetKey: string, params: ChatParams, suffix: string) => {
      const result = await this.run(`${runId}/${suffix}`, targetKey, { kind: 'chat', params });
      if (!result) throw new Error(`${targetKey} gave no answer`);
      return result;
    };
    try {
      await scoreTargets(message.referenceKey, message.targetKeys, message.judgePrompt, message.topic, {
        chat: (targetKey, params, role, index) => chat(targetKey, params, role === 'answer' ? String(index) : `${role}-${index}`),
        cached: (key) => this.deps.store.judgeReply(key),
        remember: (key, reply) => void this.deps.store.rememberJudge(key, reply),
        prompt: (prompt) => this.post({ type: 'scorePrompt', runId, prompt }),
        row: (index, row) => this.post({ type: 'scoreRow', runId: `${runId}/${index}`, row }),
      });
    } catch (error) {
      this.post({ type: 'failed', runId, message: `The reference model could not write a test prompt: ${errorText(error)}` });
    }
  }
}
