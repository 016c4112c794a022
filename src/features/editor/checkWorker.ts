// The worker thread that checks large documents off the extension host's main thread
// (docs/editor-performance.md). Started on first use, one request at a time; a check still waiting
// for the worker is dropped when a newer one for the same document arrives. Notifications (the
// documents' text and changes) are posted at once, in order.

import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { WorkerNotification, WorkerRequest, WorkerResponse, WorkerResult } from '../../core/lint/workerProtocol';
import { log } from '../../shared/log';

type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

interface Job {
  request: Request;
  /** Jobs with a key replace a waiting job with the same key (one check per document). */
  key?: string;
  resolve(result: WorkerResult): void;
  reject(error: Error): void;
}

/** The rejection of a check that a newer version of its document replaced before it ran. */
export class SupersededError extends Error {
  constructor() {
    super('a newer version of the document is being checked');
    this.name = 'SupersededError';
  }
}

/** The worker has no copy of the document at the requested version: it needs the text again. */
export class StaleCopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaleCopyError';
  }
}

export class CheckWorker implements vscode.Disposable {
  /** Counts started workers: the document copies of an earlier one are gone. */
  generation = 0;
  private worker: Worker | undefined;
  private running: { id: number; job: Job } | undefined;
  private readonly waiting: Job[] = [];
  private nextId = 1;

  /** `script`: dist/lint-worker.js, from the extension's path (this module may sit in dist/lazy/). */
  constructor(private readonly script: string) {}

  run(request: Request, key?: string): Promise<WorkerResult> {
    return new Promise((resolve, reject) => {
      if (key !== undefined) {
        const index = this.waiting.findIndex((job) => job.key === key);
        if (index >= 0) this.waiting.splice(index, 1)[0]!.reject(new SupersededError());
      }
      this.waiting.push({ request, ...(key !== undefined ? { key } : {}), resolve, reject });
      this.next();
    });
  }

  /** Only `open` starts the worker: changes and closes matter only to the worker holding the copy. */
  notify(message: WorkerNotification): void {
    (message.type === 'open' ? this.start() : this.worker)?.postMessage(message);
  }

  private next(): void {
    if (this.running || !this.waiting.length) return;
    const job = this.waiting.shift()!;
    const id = this.nextId++;
    this.running = { id, job };
    this.start().postMessage({ ...job.request, id });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    this.generation++;
    worker.unref(); // never keeps the extension host alive
    worker.on('message', (response: WorkerResponse) => {
      const running = this.running;
      if (running?.id !== response.id) return;
      this.running = undefined;
      if (response.ok) running.job.resolve(response.result);
      else running.job.reject(response.stale ? new StaleCopyError(response.error) : new Error(response.error));
      this.next();
    });
    worker.on('error', (error) => log.error(`The check worker failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const running = this.running;
      this.running = undefined;
      running?.job.reject(new Error(`the check worker stopped (exit code ${code})`));
      this.next(); // a new worker takes the remaining jobs
    });
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    const jobs = [...this.waiting, ...(this.running ? [this.running.job] : [])];
    this.waiting.length = 0;
    this.running = undefined;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const job of jobs) job.reject(new Error('the editor checks were disposed'));
  }
}
