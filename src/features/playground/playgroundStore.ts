import type * as vscode from 'vscode';
import { addEntry, searchHistory } from '../../core/playground/history';
import { restoreState, type HistoryEntry, type PanelState, type Target } from '../../core/playground/protocol';

const KEYS = {
  state: 'chutes.playground.state',
  history: 'chutes.playground.history',
  custom: 'chutes.playground.customTargets',
  judge: 'chutes.playground.judgeCache',
};
/** Whole history across targets; each target keeps at most HISTORY_CAP (history.ts). */
const HISTORY_TOTAL = 1_000;
const JUDGE_CACHE = 500;

/**
 * What the playground keeps in the extension's global state: the panel state with every draft (so
 * nothing typed is lost when the panel closes), history, the user's own targets, and judge replies.
 * Never a credential.
 */
export class PlaygroundStore {
  constructor(private readonly memento: vscode.Memento) {}

  state(): PanelState {
    return restoreState(this.memento.get(KEYS.state));
  }

  hasState(): boolean {
    return this.memento.get(KEYS.state) !== undefined;
  }

  saveState(state: PanelState): Thenable<void> {
    return this.memento.update(KEYS.state, state);
  }

  history(targetKey: string, query = ''): HistoryEntry[] {
    return searchHistory(this.allHistory(), targetKey, query);
  }

  async addHistory(entry: HistoryEntry): Promise<void> {
    await this.memento.update(KEYS.history, addEntry(this.allHistory(), entry).slice(0, HISTORY_TOTAL));
  }

  customTargets(): Target[] {
    const stored = this.memento.get<unknown>(KEYS.custom);
    return Array.isArray(stored) ? (stored as Target[]).filter((t) => t && (t.kind === 'local' || t.kind === 'endpoint')) : [];
  }

  async addCustomTarget(target: Target): Promise<void> {
    await this.memento.update(KEYS.custom, [target, ...this.customTargets().filter((t) => t.key !== target.key)].slice(0, 20));
  }

  judgeReply(key: string): string | undefined {
    return this.judgeCache()[key];
  }

  async rememberJudge(key: string, reply: string): Promise<void> {
    const entries = Object.entries({ ...this.judgeCache(), [key]: reply });
    await this.memento.update(KEYS.judge, Object.fromEntries(entries.slice(-JUDGE_CACHE)));
  }

  private judgeCache(): Record<string, string> {
    const stored = this.memento.get<unknown>(KEYS.judge);
    return stored && typeof stored === 'object' ? (stored as Record<string, string>) : {};
  }

  private allHistory(): HistoryEntry[] {
    const stored = this.memento.get<unknown>(KEYS.history);
    return Array.isArray(stored) ? (stored as HistoryEntry[]) : [];
  }
}
