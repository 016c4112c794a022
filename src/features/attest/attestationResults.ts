import * as vscode from 'vscode';
import type { AttestationReport } from '../../core/attest/report';
import { Disposable } from '../../shared/lifecycle';
import { readSettings } from '../../shared/settings';

/**
 * The latest attestation report per chute, for this window's session. A report counts while it is
 * younger than chutes.attestation.maxAgeMinutes; listeners hear when one is added or runs out.
 */
export class AttestationResults extends Disposable {
  private readonly reports = new Map<string, AttestationReport>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = this._register(new vscode.EventEmitter<string[]>());
  /** Fires with the chute ids whose result changed or expired. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly now: () => number = Date.now) {
    super();
    this._register({ dispose: () => this.timers.forEach((timer) => clearTimeout(timer)) });
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('chutes.attestation.maxAgeMinutes')) this.changed.fire([...this.reports.keys()]);
      }),
    );
  }

  set(report: AttestationReport): void {
    this.reports.set(report.chuteId, report);
    clearTimeout(this.timers.get(report.chuteId));
    // One more event when the result runs out, so the shield disappears on time.
    const left = report.checkedAt + this.maxAgeMs() - this.now();
    this.timers.set(report.chuteId, setTimeout(() => this.changed.fire([report.chuteId]), Math.max(0, Math.min(left + 50, 2 ** 31 - 1))));
    this.changed.fire([report.chuteId]);
  }

  /** The latest report, fresh or not (the report document shows it either way). */
  latest(chuteId: string): AttestationReport | undefined {
    return this.reports.get(chuteId);
  }

  /** The latest report while it is within the maximum age. */
  fresh(chuteId: string): AttestationReport | undefined {
    const report = this.reports.get(chuteId);
    return report && this.now() - report.checkedAt < this.maxAgeMs() ? report : undefined;
  }

  private maxAgeMs(): number {
    const minutes = readSettings()['attestation.maxAgeMinutes'];
    return (Number.isFinite(minutes) && minutes > 0 ? minutes : 60) * 60_000;
  }
}
