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
 * Never a credential. Values are read from the memento once and then kept here: a memento write
 * replaces its whole value, so reading back between overlapping writes could see an older one.
 */
export class PlaygroundStore {
  private readonly values = new Map<string, unknown>();

  constructor(private readonly memento: vscode.Memento) {}

  state(): PanelState {
    return restoreState(this.read(KEYS.state));
  }

  hasState(): boolean {
    return this.read(KEYS.state) !== undefined;
  }

  saveState(state: PanelState): Thenable<void> {
    return this.write(KEYS.state, state);
  }

  history(targetKey: string, query = ''): HistoryEntry[] {
    return searchHistory(this.allHistory(), targetKey, query);
  }

  addHistory(entry: HistoryEntry): Thenable<void> {
    return this.write(KEYS.history, addEntry(this.allHistory(), entry).slice(0, HISTORY_TOTAL));
  }

  customTargets(): Target[] {
    const stored = this.read(KEYS.custom);
    return Array.isArray(stored) ? (stored as Target[]).filter((t) => t && (t.kind === 'local' || t.kind === 'endpoint')) : [];
  }

  addCustomTarget(target: Target): Thenable<void> {
    return this.write(KEYS.custom, [target, ...this.customTargets().filter((t) => t.key !== target.key)].slice(0, 20));
  }

  judgeReply(key: string): string | undefined {
    return this.judgeCache()[key];
  }

  rememberJudge(key: string, reply: string): Thenable<void> {
    const entries = Object.entries({ ...this.judgeCache(), [key]: reply });
    return this.write(KEYS.judge, Object.fromEntries(entries.slice(-JUDGE_CACHE)));
  }

  private judgeCache(): Record<string, string> {
    const stored = this.read(KEYS.judge);
    return stored && typeof stored === 'object' ? (stored as Record<string, string>) : {};
  }

  private allHistory(): HistoryEntry[] {
    const stored = this.read(KEYS.history);
    return Array.isArray(stored) ? (stored as HistoryEntry[]) : [];
  }

  private read(key: string): unknown {
    if (!this.values.has(key)) this.values.set(key, this.memento.get(key));
    return this.values.get(key);
  }

  private write(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return this.memento.update(key, value);
  }
}
