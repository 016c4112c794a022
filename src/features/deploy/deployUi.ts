// The questions Build and Deploy ask the user, in one interface so integration tests can answer the
// modal ones. Kept apart from deployContext.ts: DeployFeature needs the default eagerly.
import * as vscode from 'vscode';

export interface DeployUi {
  /** The deployment fee modal; true only on explicit consent. */
  confirmFee(chuteName: string, notice: string, amount: string | undefined): Promise<boolean>;
  /** A question of the CLI's that the extension has no answer for. */
  yesNo(question: string): Promise<boolean>;
}

export const modalUi: DeployUi = {
  async confirmFee(chuteName, notice, amount) {
    const accept = 'Accept Fee and Deploy';
    const choice = await vscode.window.showWarningMessage(
      `Deploying ${chuteName} costs a one-time deployment fee${amount ? ` of $${amount}` : ''}.`,
      { modal: true, detail: `${notice}\n\nNothing is deployed unless you accept.` },
      accept,
    );
    return choice === accept;
  },
  async yesNo(question) {
    return (await vscode.window.showInformationMessage(question, { modal: true }, 'Yes', 'No')) === 'Yes';
  },
};
