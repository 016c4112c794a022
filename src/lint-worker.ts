// Entry point of the check worker (bundled as dist/lint-worker.js): runs the engine off the
// extension host's main thread for large documents, so typing never waits for a check
// (docs/editor-performance.md). It keeps the engine's last parsed module, so a hover after a
// check of the same text costs no parsing.
import { parentPort } from 'node:worker_threads';
import { completionsAt, hoverAt, lintManifest, lintPython } from './core/lint';
import type { WorkerRequest, WorkerResponse, WorkerResult } from './core/lint/workerProtocol';

async function answer(request: WorkerRequest): Promise<WorkerResult> {
  switch (request.type) {
    case 'lint':
      return request.kind === 'python' ? lintPython(request.text) : lintManifest(request.text, request.kind);
    case 'hover':
      return hoverAt(request.text, request.position);
    case 'completions':
      return completionsAt(request.text, request.position);
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  answer(request).then(
    (result) => parentPort!.postMessage({ id: request.id, ok: true, result } satisfies WorkerResponse),
    (error: unknown) => parentPort!.postMessage({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerResponse),
  );
});
