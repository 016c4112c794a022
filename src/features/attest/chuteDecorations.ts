import * as vscode from 'vscode';
import { utc } from '../../core/attest/reportMarkdown';
import { Disposable } from '../../shared/lifecycle';
import type { AttestationResults } from './attestationResults';

/** The scheme of chute tree items' resourceUri: `chutes-chute:/<chute id>` (set by the explorer). */
export const CHUTE_SCHEME = 'chutes-chute';

/** The shield on a chute in the tree: its attestation verdict and time, while the result is fresh. */
export class ChuteDecorations extends Disposable implements vscode.FileDecorationProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri[]>());
  readonly onDidChangeFileDecorations = this.changed.event;

  constructor(private readonly results: AttestationResults) {
    super();
    this._register(results.onDidChange((ids) => this.changed.fire(ids.map(chuteUri))));
    this._register(vscode.window.registerFileDecorationProvider(this));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== CHUTE_SCHEME) return undefined;
    const report = this.results.fresh(uri.path.replace(/^\/+/, ''));
    if (!report) return undefined;
    const when = utc(report.checkedAt);
    return report.verified
      ? new vscode.FileDecoration('🛡', `TEE attestation verified at ${when}`, new vscode.ThemeColor('charts.green'))
      : new vscode.FileDecoration('✗', `TEE attestation not verified at ${when}: ${report.summary}`, new vscode.ThemeColor('errorForeground'));
  }
}

export function chuteUri(chuteId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: CHUTE_SCHEME, path: `/${chuteId}` });
}
