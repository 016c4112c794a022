import type * as vscode from 'vscode';
import { SecretEntry } from '../../shared/secretEntry';

/** The API key lives in SecretStorage only; CHUTES_API_KEY in the environment is the fallback. */
export class ApiKeyStore extends SecretEntry {
  constructor(secrets: vscode.SecretStorage) {
    super(secrets, 'chutes.apiKey');
  }

  async get(): Promise<string | undefined> {
    return (await this.read()) || process.env.CHUTES_API_KEY?.trim() || undefined;
  }

  async set(key: string): Promise<void> {
    await this.write(key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(this.key);
  }
}
