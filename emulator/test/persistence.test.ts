import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../index';
import { seedCredentials } from '../seed';
import { loadState, writeJsonAtomic, type PersistFs } from '../store';
import { call, startDemo } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'chutes-emulator-'));
const demo = seedCredentials('demo');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('state persistence', () => {
  it('keeps changes across a restart from the same state file', async () => {
    const path = join(dir, 'state.json');
    const first = await startDemo({ statePath: path });
    const created = await call(first, 'POST', '/api_keys/', { key: demo.apiKey, body: { name: 'persisted', admin: true } });
    const warm = await call(first, 'GET', '/chutes/warmup/demo-batch-05', { key: demo.apiKey });
    expect(warm.text).toContain('"status": "hot"');
    await first.close();

    // A different seed is ignored: the state file wins.
    const second = await startEmulator({ statePath: path, seed: 'empty' });
    const me = await call(second, 'GET', '/users/me', { key: created.json.secret_key });
    expect(me.json.username).toBe('demo');
    expect((await call(second, 'GET', '/chutes/demo-batch-05', { key: demo.apiKey })).json.hot).toBe(true);
    expect(readFileSync(path, 'utf8')).not.toContain(created.json.secret_key); // only a hash is stored
    await second.close();
  });

  it('refuses a state file it did not write, with a clear message', async () => {
    const path = join(dir, 'foreign.json');
    writeFileSync(path, '{"hello": "world"}');
    await expect(startEmulator({ statePath: path })).rejects.toThrow(/was not written by this emulator/);
    writeFileSync(path, '{"version": 1, "users": [');
    expect(() => loadState(path)).toThrow(/is not valid JSON/);
  });

  it('never leaves a torn file: a crash mid-write keeps the previous state', () => {
    const path = join(dir, 'atomic.json');
    writeJsonAtomic(path, { generation: 1 });
    const crashing: PersistFs = {
      ...fs,
      writeFileSync: ((fd: number) => {
        fs.writeFileSync(fd, '{"generation": 2, "trunc'); // half the data reached the disk...
        throw new Error('ENOSPC: no space left on device'); // ...then the write died
      }) as unknown as typeof fs.writeFileSync,
    };
    expect(() => writeJsonAtomic(path, { generation: 2 }, crashing)).toThrow(/ENOSPC/);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ generation: 1 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    writeJsonAtomic(path, { generation: 3 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ generation: 3 });
  });
});

const cli = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', 'emulator/cli.ts', ...args], { cwd: join(__dirname, '..', '..') });

/** Start the CLI and resolve with its URL once the ready line is out. */
function readyUrl(child: ReturnType<typeof cli>, waitFor = ''): Promise<{ url: string; out: () => string }> {
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^Chutes emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m && out.includes(waitFor)) resolve({ url: m[1], out: () => out });
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
}

describe('crash safety', () => {
  it('survives SIGKILL during a burst of writes with a loadable state file', async () => {
    const path = join(dir, 'killed.json');
    const child = cli(['--port', '0', '--seed', 'demo', '--state', path]);
    const { url } = await readyUrl(child);
    const writes = Array.from({ length: 40 }, (_, i) =>
      fetch(`${url}/api_keys/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `burst-${i}`, admin: true }),
      }).catch(() => undefined),
    );
    await new Promise((resolve) => setTimeout(resolve, 15));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await Promise.all([exited, ...writes]);
    const state = loadState(path)!;
    expect(state.users.map((u) => u.username)).toEqual(['chutes', 'demo', 'alice']);
    const restarted = await startEmulator({ statePath: path });
    expect((await call(restarted, 'GET', '/users/me', { key: demo.apiKey })).status).toBe(200);
    await restarted.close();
  });
});

describe('CLI', () => {
  it('prints the ready line and the demo credentials, serves, and exits cleanly on SIGTERM', async () => {
    const child = cli(['--port', '0', '--seed', 'demo', '--tokens-per-second', '0']);
    const { url: ready, out: output } = await readyUrl(child, 'hotkey ss58');
    const out = output();
    expect(out.split('\n')[0]).toBe(`Chutes emulator listening on ${ready}`);
    expect(out).toContain('demo-only, not a real credential');
    expect(out).toContain(`API key:      ${demo.apiKey}`);
    expect(out).toContain(`hotkey seed:  ${demo.hotkeySeed}`);
    expect(out).toContain(`hotkey ss58:  ${demo.hotkeySs58}`);
    const ping = await fetch(`${ready}/ping`);
    expect(await ping.json()).toEqual({ message: 'pong' });
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('exits with code 2 and a clear message on bad arguments', async () => {
    for (const [args, message] of [
      [['--port', 'abc'], '--port expects a non-negative integer, got "abc"'],
      [['--seed', 'full'], '--seed must be "demo" or "empty", got "full"'],
      [['--frobnicate'], 'Unknown option "--frobnicate"'],
    ] as const) {
      const child = cli([...args]);
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code, args.join(' ')).toBe(2);
      expect(err).toContain(message);
      expect(err).toContain('Usage:');
    }
  });
});
