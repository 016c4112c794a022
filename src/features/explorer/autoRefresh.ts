import * as vscode from 'vscode';
import { Disposable } from '../../shared/lifecycle';
import { onSettingsChanged, readSettings } from '../../shared/settings';

/** The floor of `chutes.explorer.refreshIntervalSeconds`: never poll the API faster than this. */
export const MIN_REFRESH_SECONDS = 15;

export function refreshIntervalMs(): number {
  const seconds = readSettings()['explorer.refreshIntervalSeconds'];
  return Math.max(MIN_REFRESH_SECONDS, Number.isFinite(seconds) ? seconds : 60) * 1000;
}

/**
 * Refreshes a view on a timer only while it is visible (docs/architecture.md "Trees"): hiding it stops the
 * timer, showing it again starts a new one. The interval follows the setting.
 */
export class AutoRefresh extends Disposable {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly view: vscode.TreeView<unknown>,
    private readonly refresh: () => void,
  ) {
    super();
    this._register(view.onDidChangeVisibility(() => this.schedule()));
    this._register(onSettingsChanged(() => this.schedule()));
    this._register({ dispose: () => clearInterval(this.timer) });
    this.schedule();
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  private schedule(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.view.visible) this.timer = setInterval(() => this.refresh(), refreshIntervalMs());
  }
}
