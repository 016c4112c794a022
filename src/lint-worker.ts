// Entry point of the check worker (bundled as dist/lint-worker.js): runs the engine off the
// extension host's main thread for large documents, so typing never waits for a check
// (docs/editor-performance.md). It mirrors each large document from incremental changes and keeps
// the engine's last parsed module, so a hover after a check of the same text costs no parsing.
import { parentPort } from 'node:worker_threads';
import { completionsAt, hoverAt, lintManifest, lintPython } from './core/lint';
import type { WorkerNotification, WorkerRequest, WorkerResponse, WorkerResult } from './core/lint/workerProtocol';

const documents = new Map<string, { version: number; text: string }>();

function accept(message: WorkerNotification): void {
  switch (message.type) {
    case 'open':
      documents.set(message.uri, { version: message.version, text: message.text });
      return;
    case 'change': {
      const document = documents.get(message.uri);
      if (!document) return;
      // Applied in order, as VS Code applies one event's changes to its own copy.
      let { text } = document;
      for (const change of message.changes) text = text.slice(0, change.offset) + change.text + text.slice(change.offset + change.length);
      if (text.length !== message.length) documents.delete(message.uri); // out of step: the next request gets the text again
      else documents.set(message.uri, { version: message.version, text });
      return;
    }
    case 'close':
      documents.delete(message.uri);
  }
}

function answer(request: WorkerRequest, text: string): Promise<WorkerResult> | WorkerResult {
  switch (request.type) {
    case 'lint':
      return request.kind === 'python' ? lintPython(text) : lintManifest(text, request.kind);
    case 'hover':
      return hoverAt(text, request.position);
    case 'completions':
      return completionsAt(text, request.position);
  }
}

parentPort?.on('message', (message: WorkerRequest | WorkerNotification) => {
  if (!('id' in message)) return accept(message);
  const post = (response: WorkerResponse): void => parentPort!.postMessage(response);
  const document = documents.get(message.uri);
  if (document?.version !== message.version) {
    post({ id: message.id, ok: false, stale: true, error: `no copy of ${message.uri} at version ${message.version}` });
    return;
  }
  // The text is taken now: changes that arrive while the check runs do not touch it.
  Promise.resolve(answer(message, document.text)).then(
    (result) => post({ id: message.id, ok: true, result }),
    (error: unknown) => post({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
