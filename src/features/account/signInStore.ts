import type * as vscode from 'vscode';
import { SecretEntry } from '../../shared/secretEntry';

/**
 * How the user signed in, when not with an API key: the CLI config's hotkey, a wallet hotkey file
 * (its path only: seeds stay in the user's own files), or signed out on purpose (so a config.ini on
 * disk is no longer used). Kept in SecretStorage so that other windows follow a change
 * (SecretStorage.onDidChange fires across windows; Memento does not).
 */
export type SignInChoice = { kind: 'apiKey' } | { kind: 'config' } | { kind: 'wallet'; file: string; label: string } | { kind: 'signedOut' };

export class SignInStore extends SecretEntry {
  constructor(secrets: vscode.SecretStorage) {
    super(secrets, 'chutes.signIn');
  }

  /** Undefined when the user never chose: the API key, else the CLI config, as before sign-in existed. */
  async get(): Promise<SignInChoice | undefined> {
    const raw = await this.read();
    if (!raw) return undefined;
    try {
      const value = JSON.parse(raw) as SignInChoice;
      if (value.kind === 'wallet' && typeof value.file === 'string') return value;
      if (value.kind === 'apiKey' || value.kind === 'config' || value.kind === 'signedOut') return { kind: value.kind };
    } catch {
      // A value we cannot read counts as no choice: the default order applies.
    }
    return undefined;
  }

  async set(choice: SignInChoice): Promise<void> {
    await this.write(JSON.stringify(choice));
  }
}
