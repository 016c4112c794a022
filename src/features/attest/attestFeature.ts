import * as vscode from 'vscode';
import type { Chute } from '../../core/api/types';
import { CancelledError } from '../../core/api/errors';
import { isRecord } from '../../core/api/responses';
import { AttestationError, attestChute } from '../../core/attest/attest';
import { CollateralCache } from '../../core/attest/collateral';
import { loadDcap } from '../../core/attest/dcap';
import { findGpuVerifier, type VerifierPresence } from '../../core/attest/gpu';
import type { AttestationReport } from '../../core/attest/report';
import { showError } from '../../shared/errors';
import { Disposable } from '../../shared/lifecycle';
import { log } from '../../shared/log';
import { readSettings } from '../../shared/settings';
import type { Connection } from '../account/connection';
import { AttestationResults } from './attestationResults';
import { ChuteDecorations } from './chuteDecorations';
import { pickTeeChute } from './pickTeeChute';
import { ReportDocuments } from './reportDocuments';

/** What `chutes.attest.requireVerified` answers (the contract with the playground). */
export interface RequireVerifiedResult {
  verified: boolean;
  reason: string;
  checkedAt: number;
}

/**
 * TEE attestation (docs/attestation.md): `Chutes: Verify Attestation` (palette, tree item, or any
 * caller with a chute id), the internal `chutes.attest.requireVerified`, the report document and
 * the shield on chutes in the tree.
 */
export class AttestFeature extends Disposable {
  readonly results = this._register(new AttestationResults());
  readonly decorations = this._register(new ChuteDecorations(this.results));
  private readonly documents = this._register(new ReportDocuments(this.results));
  private readonly gpuVerifiers = new Map<string, Promise<VerifierPresence>>();
  private readonly pending = new Map<string, Promise<RequireVerifiedResult>>();
  /** Collateral stays cached across client rebuilds; every fetch uses the current client. */
  readonly collateral = new CollateralCache(
    async (url, signal) => (await this.connection.client()).client.fetchExternal(url, signal),
    async () => (await loadDcap()).utils,
  );

  constructor(private readonly connection: Connection) {
    super();
    this._register(vscode.commands.registerCommand('chutes.verifyAttestation', (arg?: unknown) => this.verifyCommand(arg)));
    this._register(vscode.commands.registerCommand('chutes.attest.requireVerified', (arg?: unknown) => this.requireVerified(arg)));
  }

  /** Verifies a chute (asking which when none is given) and shows the report. */
  async verifyCommand(arg?: unknown): Promise<AttestationReport | undefined> {
    try {
      const chute = await this.resolveChute(arg);
      if (!chute) return undefined;
      const report = await this.verifyWithProgress(chute);
      if (!report) return undefined;
      await this.documents.show(report.chuteId);
      const message = `Chutes: ${report.chuteName}: ${report.summary}`;
      if (report.verified) void vscode.window.showInformationMessage(message);
      else void vscode.window.showWarningMessage(message);
      return report;
    } catch (error) {
      // Not awaited: the error notification stays until dismissed, and callers wait for the command.
      void showError('Chutes: attestation not verified', error);
      return undefined;
    }
  }

  /** The contract of `chutes.attest.requireVerified`: a fresh result, or a new verification. Never throws. */
  async requireVerified(arg?: unknown): Promise<RequireVerifiedResult> {
    const chuteId = typeof arg === 'string' ? arg : chuteIdOf(arg);
    if (!chuteId) return { verified: false, reason: 'No chute was named to check.', checkedAt: Date.now() };
    const fresh = this.results.fresh(chuteId);
    if (fresh) return { verified: fresh.verified, reason: fresh.summary, checkedAt: fresh.checkedAt };
    // Callers asking together (a playground sending twice) share one verification.
    let pending = this.pending.get(chuteId);
    if (!pending) {
      pending = this.verifyForCaller(chuteId, arg).finally(() => this.pending.delete(chuteId));
      this.pending.set(chuteId, pending);
    }
    return pending;
  }

  private async verifyForCaller(chuteId: string, arg: unknown): Promise<RequireVerifiedResult> {
    try {
      const chute = await this.resolveChute(arg);
      const report = chute && (await this.verifyWithProgress(chute));
      if (!report) return { verified: false, reason: 'The attestation check was cancelled.', checkedAt: Date.now() };
      return { verified: report.verified, reason: report.summary, checkedAt: report.checkedAt };
    } catch (error) {
      log.warn(`Attestation of ${chuteId} not verified: ${error instanceof Error ? error.message : String(error)}`);
      return { verified: false, reason: error instanceof Error ? error.message : String(error), checkedAt: Date.now() };
    }
  }

  /** Runs every check in a cancellable notification; undefined when cancelled. */
  private verifyWithProgress(chute: Chute): Thenable<AttestationReport | undefined> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Chutes: verifying the attestation of ${chute.name}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          const settings = readSettings();
          const { client } = await this.connection.client();
          const report = await attestChute(chute, {
            client,
            pccsUrl: settings['attestation.pccsUrl'] || 'https://api.trustedservices.intel.com',
            collateral: this.collateral,
            dcap: loadDcap,
            gpuVerifier: () => this.gpuVerifier(settings['attestation.pythonPath'], abort.signal),
            signal: abort.signal,
            progress: (message) => progress.report({ message }),
          });
          this.results.set(report);
          log.info(`Attestation of ${report.chuteName} (${report.chuteId}): ${report.summary}`);
          return report;
        } catch (error) {
          if (error instanceof CancelledError || token.isCancellationRequested) return undefined;
          if (error instanceof AttestationError) log.warn(`Attestation of ${chute.name}: ${error.message}`);
          throw error;
        } finally {
          sub.dispose();
        }
      },
    );
  }

  /** A string is a chute id or name; an object carries `chute` or `chuteId` (explorer items); nothing asks. */
  private async resolveChute(arg: unknown): Promise<Chute | undefined> {
    if (isRecord(arg) && isRecord(arg.chute) && typeof arg.chute.chute_id === 'string') return arg.chute as Chute;
    const id = typeof arg === 'string' ? arg : chuteIdOf(arg);
    const { client } = await this.connection.client();
    if (id) return client.getChute(id);
    return pickTeeChute(client);
  }

  private gpuVerifier(pythonPath: string, signal: AbortSignal): Promise<VerifierPresence> {
    const python = pythonPath || (process.platform === 'win32' ? 'python' : 'python3');
    let presence = this.gpuVerifiers.get(python);
    if (!presence) {
      // Only a found verifier is remembered: one installed later is seen at the next check.
      presence = findGpuVerifier(python, signal).then((found) => {
        if (!found.found) this.gpuVerifiers.delete(python);
        return found;
      });
      this.gpuVerifiers.set(python, presence);
    }
    return presence;
  }
}

function chuteIdOf(arg: unknown): string | undefined {
  return isRecord(arg) && typeof arg.chuteId === 'string' && arg.chuteId ? arg.chuteId : undefined;
}
