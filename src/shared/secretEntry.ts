import * as vscode from 'vscode';
import { Disposable } from './lifecycle';

/**
 * One key of SecretStorage with a change event. SecretStorage.onDidChange fires in every window, so
 * a change made in another window is followed at once.
 */
export abstract class SecretEntry extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    protected readonly secrets: vscode.SecretStorage,
    protected readonly key: string,
  ) {
    super();
    this._register(
      secrets.onDidChange((event) => {
        if (event.key === key) this.changed.fire();
      }),
    );
  }

  protected read(): Thenable<string | undefined> {
    return this.secrets.get(this.key);
  }

  protected write(value: string): Thenable<void> {
    return this.secrets.store(this.key, value);
  }
}
