import * as vscode from 'vscode';
import { Disposable } from '../../shared/lifecycle';

const SECRET_KEY = 'chutes.apiKey';

/** The API key lives in SecretStorage only; CHUTES_API_KEY in the environment is the fallback. */
export class ApiKeyStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    this._register(
      secrets.onDidChange((event) => {
        if (event.key === SECRET_KEY) this.changed.fire();
      }),
    );
  }

  async get(): Promise<string | undefined> {
    return (await this.secrets.get(SECRET_KEY)) || process.env.CHUTES_API_KEY?.trim() || undefined;
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(SECRET_KEY, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }
}
