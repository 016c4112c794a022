// The Chutes view on an account with 5,000+ chutes (emulator --bulk-chutes): refresh to rows
// (PagedSource + the row text the tree shows) against the raw GET /chutes/ of the same page; the
// requests the first page costs, counted at the emulator; and the heap held per loaded page, on a
// large and a small account.
import { request } from 'undici';
import { ChutesClient } from '../src/core/api/client';
import type { Chute } from '../src/core/api/types';
import { chuteDescription, chuteState, chuteTooltip, sortChutes } from '../src/core/explorer/chuteView';
import { PagedSource } from '../src/core/explorer/paging';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { compare } from './measure';

const LIMIT = 25;
const RATIO_LIMIT = 1.5;

function clientFor(emulator: RunningEmulator): ChutesClient {
  const apiKey = emulator.demo!.apiKey;
  return new ChutesClient({
    apiBaseUrl: 'http://api.chutes.test',
    platformDomain: 'chutes.test',
    connectTo: `127.0.0.1:${emulator.port}`,
    auth: async () => ({ kind: 'apiKey', apiKey }),
  });
}

/** What the tree computes per row (everything but the VS Code objects). */
function rows(chutes: readonly Chute[]): string[] {
  const disabled = new Set<string>();
  return sortChutes(chutes, 'invocations').map((chute) => {
    const state = chuteState(chute, disabled);
    return `${chute.name}\n${chuteDescription(chute, state)}\n${chuteTooltip(chute, state).join('\n')}`;
  });
}

async function requestsSeen(emulator: RunningEmulator): Promise<number> {
  const res = await request(`${emulator.url}/_emulator/requests`);
  return ((await res.body.json()) as { count: number }).count;
}

/** Heap bytes retained per PagedSource holding `pages` pages. */
async function heapPerSource(client: ChutesClient, pages: number, copies = 12): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run bench does)');
  gc();
  const before = process.memoryUsage().heapUsed;
  const held: Array<PagedSource<Chute>> = [];
  for (let i = 0; i < copies; i++) {
    const source = new PagedSource<Chute>((query, signal) => client.listChutes(query, signal), LIMIT);
    for (let p = 0; p < pages; p++) await source.loadNext();
    held.push(source);
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  if (held.length !== copies) throw new Error('unreachable');
  return (after - before) / copies;
}

export async function benchExplorer(): Promise<boolean> {
  const big = await startEmulator({ seed: 'demo', bulkChutes: 5000, tokensPerSecond: 0 });
  const small = await startEmulator({ seed: 'demo', tokensPerSecond: 0 });
  const bigClient = clientFor(big);
  const smallClient = clientFor(small);
  try {
    const first = await bigClient.listChutes({ page: 0, limit: LIMIT });
    const apiKey = big.demo!.apiKey;
    const raw = async () => {
      const res = await request(`${big.url}/chutes/?page=0&limit=${LIMIT}`, { headers: { host: 'api.chutes.test', authorization: `Bearer ${apiKey}` } });
      await res.body.text();
    };
    let shown = 0;
    const refreshToRows = async () => {
      const source = new PagedSource<Chute>((query, signal) => bigClient.listChutes(query, signal), LIMIT);
      await source.loadNext();
      shown = rows(source.list.items).length;
    };
    await request(`${big.url}/_emulator/requests`, { method: 'DELETE' }).then((r) => r.body.dump());
    await refreshToRows();
    const requests = await requestsSeen(big);
    const [base, cand] = await compare(41, { name: 'raw GET /chutes/', run: raw }, { name: 'refresh to rows', run: refreshToRows });
    const ratio = cand.seconds / base.seconds;
    console.log(
      `Explorer first page of ${first.total} chutes: ${ratio.toFixed(2)}x the raw request time (limit ${RATIO_LIMIT}x), ${requests} request(s), ${shown} rows  (refresh to rows ${(cand.seconds * 1000).toFixed(1)} ms, raw GET /chutes/ ${(base.seconds * 1000).toFixed(1)} ms)`,
    );

    const onePageBig = await heapPerSource(bigClient, 1);
    const onePageSmall = await heapPerSource(smallClient, 1);
    const fourPagesBig = await heapPerSource(bigClient, 4);
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
    const accountRatio = onePageBig / onePageSmall;
    const pageRatio = fourPagesBig / onePageBig;
    console.log(
      `Explorer memory: one page on 5,033 chutes is ${accountRatio.toFixed(2)}x one page on 33; four pages are ${pageRatio.toFixed(2)}x one page  (${kib(onePageBig)}, ${kib(onePageSmall)}, ${kib(fourPagesBig)} per list)`,
    );
    const ok = requests === 1 && ratio <= RATIO_LIMIT && accountRatio < 1.5 && pageRatio > 2.5;
    if (!ok) console.log('Explorer: a limit is broken (1 request, <= 1.5x the raw time, memory by pages not by account).');
    return ok;
  } finally {
    await Promise.all([bigClient.close(), smallClient.close()]);
    await Promise.all([big.close(), small.close()]);
  }
}
