// The playground's render rate against its receive rate, side by side on one stream: the host
// (runTarget through ChutesClient, batched as the panel batches) reads the emulator's raw-text
// `/tokens` cord at 50 and 2,000 tokens/s and hands each batch to the real webview bundle in headless
// Chromium, which renders it as a chat reply (markdown on). Tokens per second on screen over tokens
// per second received should stay near 1. Then the webview's heap after a 20,000-token reply.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { seedCredentials, startEmulator } from '../emulator/index';
import { ChutesClient } from '../src/core/api/client';
import { ChunkBatcher } from '../src/core/playground/batcher';
import type { HostMessage, Target, WebviewMessage } from '../src/core/playground/protocol';
import { runTarget } from '../src/core/playground/run';
import { cordTargets } from '../src/core/playground/targets';
import { chromiumPath, projectRoot } from '../test/harness/paths';

const SHOWN: Target = { kind: 'llm', key: 'llm:bench', label: 'bench', model: 'bench', tee: false };
const WORDS = 'chutes stream tokens from decentralised GPUs and the panel renders them as **markdown** with `code` too'.split(' ');
const text = (n: number) => Array.from({ length: n }, (_, i) => WORDS[i % WORDS.length]).join(' ');

interface Webview {
  page: Page;
  /** Runs `stream` when the webview asks to send, posting its batches as the panel does. */
  onRun(stream: (post: (message: HostMessage) => Promise<void>, runId: string) => Promise<void>): void;
  close(): Promise<void>;
}

async function openWebview(): Promise<Webview> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-bench-webview-'));
  const dist = path.join(projectRoot, 'dist', 'webview');
  writeFileSync(
    path.join(dir, 'index.html'),
    `<!DOCTYPE html><html><head><link rel="stylesheet" href="file://${dist}/playground.css"></head><body><main id="app"></main>` +
      `<script>window.acquireVsCodeApi = () => ({ postMessage: (m) => window.toHost(m), setState() {} });</script>` +
      `<script src="file://${dist}/playground.js"></script></body></html>`,
  );
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--js-flags=--expose-gc'] });
  const page = await browser.newPage();
  let handler: Parameters<Webview['onRun']>[0] | undefined;
  const post = (message: HostMessage) => page.evaluate((m) => window.postMessage(m, '*'), message as never);
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  await page.exposeFunction('toHost', (message: WebviewMessage) => {
    if (message.type === 'ready') ready();
    if (message.type === 'run' && handler) void handler(post, message.runId);
  });
  await page.goto(`file://${dir}/index.html`);
  await isReady;
  await post({
    type: 'init',
    targets: [SHOWN],
    history: [],
    focusKey: SHOWN.key,
    state: { mode: 'chat', targetKey: SHOWN.key, compareKeys: [], attestation: {}, drafts: { [SHOWN.key]: { params: { system: '', prompt: 'go', stop: [] }, fields: {} } } },
  });
  return {
    page,
    onRun: (h) => (handler = h),
    close: async () => {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Streams `words` words from the emulator's /tokens cord into the webview; returns both rates. */
async function renderRun(webview: Webview, tokensPerSecond: number, words: number): Promise<{ host: number; shown: number }> {
  const emulator = await startEmulator({ port: 0, seed: 'demo', tokensPerSecond });
  const client = new ChutesClient({
    apiBaseUrl: 'http://api.chutes.ai',
    platformDomain: 'chutes.ai',
    connectTo: `127.0.0.1:${emulator.port}`,
    auth: async () => ({ kind: 'apiKey', apiKey: seedCredentials('demo').apiKey }),
  });
  try {
    const target = cordTargets(await client.getChute('demo-echo')).find((t) => t.label.endsWith('POST /tokens (stream)'))!;
    let first = 0;
    let last = 0;
    const finished = new Promise<void>((resolve) => {
      webview.onRun(async (post, runId) => {
        const batcher = new ChunkBatcher((piece) => void post({ type: 'chunk', runId, text: piece }));
        const result = await runTarget(client, target, { kind: 'cord', body: { text: text(words) } }, {
          chunk: (piece) => {
            first ||= performance.now();
            last = performance.now();
            batcher.add(piece);
          },
          reply: () => undefined,
          waiting: () => undefined,
        }, { signal: new AbortController().signal });
        batcher.flush();
        await post({ type: 'done', runId, stats: result.stats });
        resolve();
      });
    });
    await webview.page.click('#send');
    await finished;
    const reply = webview.page.locator('#reply[data-done="true"]');
    await reply.waitFor();
    const shownSpan = Number(await reply.getAttribute('data-rendered-at')) - Number(await reply.getAttribute('data-first-at'));
    return { host: (words * 1000) / (last - first), shown: (words * 1000) / shownSpan };
  } finally {
    await client.close();
    await emulator.close();
  }
}

async function heapMb(page: Page): Promise<{ heap: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { heap: get('JSHeapUsedSize') / 1024 / 1024, nodes: get('Nodes') };
}

export async function benchPlaygroundRender(): Promise<boolean> {
  let ok = true;
  for (const [rate, words] of [[50, 150], [2000, 4000]] as const) {
    const webview = await openWebview();
    try {
      const { host, shown } = await renderRun(webview, rate, words);
      const ratio = shown / host;
      ok &&= ratio >= 0.95;
      console.log(
        `Playground render, emulator paced at ${rate} tokens/s: ${ratio.toFixed(2)}x the rate received (webview ${shown.toFixed(0)} tokens/s rendered with markdown, host ${host.toFixed(0)} tokens/s received; ${words} tokens; target >= 0.95)`,
      );
    } finally {
      await webview.close();
    }
  }
  const webview = await openWebview();
  try {
    const before = await heapMb(webview.page);
    await renderRun(webview, 0, 20_000);
    const after = await heapMb(webview.page);
    console.log(
      `Playground webview memory for a 20,000-token reply: ${(after.heap - before.heap).toFixed(1)} MB more JS heap (${after.heap.toFixed(1)} MB in all), ${after.nodes - before.nodes} more DOM nodes`,
    );
  } finally {
    await webview.close();
  }
  return ok;
}
