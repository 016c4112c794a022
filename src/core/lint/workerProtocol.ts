// Messages between the extension host and the check worker (dist/lint-worker.js): a check, hover
// or completion request for a document's text, answered with the engine's plain results.

import type { ManifestKind } from '../manifest/types';
import type { CompletionItem, Diagnostic, Hover, Position } from './types';

export type WorkerRequest =
  | { id: number; type: 'lint'; kind: 'python' | ManifestKind; text: string }
  | { id: number; type: 'hover'; text: string; position: Position }
  | { id: number; type: 'completions'; text: string; position: Position };

export type WorkerResult = Diagnostic[] | Hover | undefined | CompletionItem[];

export type WorkerResponse = { id: number; ok: true; result: WorkerResult } | { id: number; ok: false; error: string };
