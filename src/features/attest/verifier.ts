// The heavy half of attestation, loaded on the first verification (docs/architecture.md, "Lazy
// loading"): fetching evidence, the DCAP and GPU checks, the report and the progress notification.
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
import { log } from '../../shared/log';
import { readSettings } from '../../shared/settings';
import type { Connection } from '../account/connection';
import type { AttestationResults } from './attestationResults';
import { chuteIdOf, type RequireVerifiedResult } from './attestFeature';
import { pickTeeChute } from './pickTeeChute';
import type { ReportDocuments } from './reportDocuments';

/** Verifies chutes; one per AttestFeature, created on first use. */
export class Verifier {
  private readonly gpuVerifiers = new Map<string, Promise<VerifierPresence>>();
  /** Collateral stays cached across client rebuilds; every fetch uses the current client. */
  private readonly collateral = new CollateralCache(
    async (url, signal) => (await this.connection.client()).client.fetchExternal(url, signal),
    async () => (await loadDcap()).utils,
  );

  constructor(
    private readonly connection: Connection,
    private readonly results: AttestationResults,
    private readonly documents: ReportDocuments,
  ) {}

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

  async verifyForCaller(chuteId: string, arg: unknown): Promise<RequireVerifiedResult> {
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

