import * as vscode from 'vscode';
import { isRecord } from '../../core/api/responses';
import type { AttestationReport } from '../../core/attest/report';
import { Disposable } from '../../shared/lifecycle';
import type { Connection } from '../account/connection';
import { AttestationResults } from './attestationResults';
import { ChuteDecorations } from './chuteDecorations';
import { ReportDocuments } from './reportDocuments';
import type { Verifier } from './verifier';

/** What `chutes.attest.requireVerified` answers (the contract with the playground). */
export interface RequireVerifiedResult {
  verified: boolean;
  reason: string;
  checkedAt: number;
}

/**
 * TEE attestation (docs/attestation.md): `Chutes: Verify Attestation` (palette, tree item, or any
 * caller with a chute id), the internal `chutes.attest.requireVerified`, the report document and
 * the shield on chutes in the tree. Registration and the results only: verifying loads ./verifier.
 */
export class AttestFeature extends Disposable {
  readonly results = this._register(new AttestationResults());
  readonly decorations = this._register(new ChuteDecorations(this.results));
  private readonly documents = this._register(new ReportDocuments(this.results));
  private readonly pending = new Map<string, Promise<RequireVerifiedResult>>();
  private verifier?: Promise<Verifier>;

  constructor(private readonly connection: Connection) {
    super();
    this._register(vscode.commands.registerCommand('chutes.verifyAttestation', (arg?: unknown) => this.verifyCommand(arg)));
    this._register(vscode.commands.registerCommand('chutes.attest.requireVerified', (arg?: unknown) => this.requireVerified(arg)));
  }

  /** Verifies a chute (asking which when none is given) and shows the report. */
  async verifyCommand(arg?: unknown): Promise<AttestationReport | undefined> {
    return (await this.loadVerifier()).verifyCommand(arg);
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
      pending = this.loadVerifier().then((verifier) => verifier.verifyForCaller(chuteId, arg)).finally(() => this.pending.delete(chuteId));
      this.pending.set(chuteId, pending);
    }
    return pending;
  }

  /** Loaded once, with the collateral cache and GPU verifier lookups it keeps. */
  private loadVerifier(): Promise<Verifier> {
    this.verifier ??= import('./verifier').then(({ Verifier }) => new Verifier(this.connection, this.results, this.documents));
    return this.verifier;
  }
}

export function chuteIdOf(arg: unknown): string | undefined {
  return isRecord(arg) && typeof arg.chuteId === 'string' && arg.chuteId ? arg.chuteId : undefined;
}
