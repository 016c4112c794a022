// Messages between the extension host and the check worker (dist/lint-worker.js). The worker keeps
// its own copy of each large document: opened once with the full text, then kept up to date with
// the editor's incremental changes, so the extension host never copies a large text per edit.
// Requests name a document and the version they are for; answers are the engine's plain results.

import type { ManifestKind } from '../manifest/types';
import type { CompletionItem, Diagnostic, Hover, Position } from './types';

export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

/** Notifications: no answer. `length` after a change lets the worker detect a copy out of step. */
export type WorkerNotification =
  | { type: 'open'; uri: string; version: number; text: string }
  | { type: 'change'; uri: string; version: number; changes: TextChange[]; length: number }
  | { type: 'close'; uri: string };

export type WorkerRequest =
  | { id: number; type: 'lint'; uri: string; version: number; kind: 'python' | ManifestKind }
  | { id: number; type: 'hover'; uri: string; version: number; position: Position }
  | { id: number; type: 'completions'; uri: string; version: number; position: Position };

export type WorkerResult = Diagnostic[] | Hover | undefined | CompletionItem[];

/** `stale`: the worker's copy is not at the requested version (or was lost): send the text again. */
export type WorkerResponse = { id: number; ok: true; result: WorkerResult } | { id: number; ok: false; stale?: boolean; error: string };
