import * as vscode from 'vscode';
import { reportMarkdown } from '../../core/attest/reportMarkdown';
import { Disposable } from '../../shared/lifecycle';
import type { AttestationResults } from './attestationResults';

const SCHEME = 'chutes-attestation';

/** Read-only Markdown documents `chutes-attestation:/<chute id>/<name> attestation.md`. */
export class ReportDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly open = new Map<string, vscode.Uri>();

  constructor(private readonly results: AttestationResults) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(SCHEME, this));
    this._register(results.onDidChange((ids) => ids.forEach((id) => this.open.has(id) && this.changed.fire(this.open.get(id)!))));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const report = this.results.latest(uri.path.split('/')[1] ?? '');
    return report ? reportMarkdown(report) : '# TEE attestation\n\nNo report for this chute in this window yet: run "Chutes: Verify Attestation".\n';
  }

  async show(chuteId: string): Promise<vscode.TextEditor> {
    const name = (this.results.latest(chuteId)?.chuteName ?? chuteId).replace(/[/\\]/g, '-');
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${chuteId}/${name} attestation.md` });
    this.open.set(chuteId, uri);
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: false });
  }
}
