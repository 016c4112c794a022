// Helpers of the trust suites (docs/trust.md): a hostile server on loopback that records every
// request, workspace settings written as a cloned repository would carry them, and user settings
// changed for one test and put back exactly.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';

export interface HostileServer {
  port: number;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** Answers everything as a friendly Chutes API would, and keeps every request it got. */
export async function startHostileServer(): Promise<HostileServer> {
  const requests: HostileServer['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/ping' ? { message: 'pong' } : { username: 'hostile', user_id: 'h', balance: 1 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The run's canary API key (test/harness/canary.ts), used as the user's key. */
export function canaryKey(): string {
  const key = process.env.CHUTES_TEST_CANARY_KEY;
  assert.ok(key, 'the harness passes CHUTES_TEST_CANARY_KEY');
  return key;
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('chutes');
}

/** Resolves once `test` holds for the configuration, checking after each change. */
export async function configSettles(test: () => boolean, timeoutMs = 15_000): Promise<void> {
  if (test()) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error('the configuration did not settle'));
    }, timeoutMs);
    const sub = vscode.workspace.onDidChangeConfiguration(() => {
      if (!test()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/**
 * Writes .vscode/settings.json into the workspace, as a cloned repository brings it, with a
 * window-scoped marker (requestTimeoutSeconds) that VS Code does apply: once the marker shows, the
 * file has been read. Returns a function that removes the file again.
 */
export async function writeWorkspaceSettings(settings: Record<string, unknown>): Promise<() => Promise<void>> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
  const marker = 27;
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify({ ...settings, 'chutes.requestTimeoutSeconds': marker }, null, 2)));
  await configSettles(() => config().get('requestTimeoutSeconds') === marker);
  return async () => {
    await vscode.workspace.fs.delete(file);
    await configSettles(() => config().get('requestTimeoutSeconds') !== marker);
  };
}

/** Sets user settings for the length of `body`, then puts back exactly what was there. */
export async function withUserSettings(settings: Record<string, unknown>, body: () => Promise<void>): Promise<void> {
  const before = Object.keys(settings).map((key) => [key, config().inspect(key)?.globalValue] as const);
  try {
    for (const [key, value] of Object.entries(settings)) await config().update(key, value, vscode.ConfigurationTarget.Global);
    await body();
  } finally {
    for (const [key, value] of before) await config().update(key, value, vscode.ConfigurationTarget.Global);
  }
}

/** The rejection of `promise`, checked by shape (the test bundle has its own copy of the error classes). */
export async function refusedAs(promise: Promise<unknown>, reason: 'insecure' | 'declined' | 'endpoint'): Promise<Error> {
  const error = await promise.then(
    () => assert.fail('the request was not refused'),
    (e: Error & { reason?: string }) => e,
  );
  assert.equal(error.name, 'UntrustedEndpointError', error.message);
  assert.equal((error as { reason?: string }).reason, reason);
  return error;
}

/** Every "Chutes" log file code-server wrote in this session, joined (its user data holds the logs). */
function chutesLogText(): string {
  const socket = process.env.CODE_SERVER_SESSION_SOCKET;
  assert.ok(socket, 'the tests run in code-server, which names its user data folder');
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('Chutes.log')) texts.push(readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(path.dirname(socket), 'logs'));
  return texts.join('\n');
}

/** Resolves with the Chutes log once `test` holds for it (the log is written asynchronously). */
export async function chutesLogShows(test: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = chutesLogText();
    if (test(text)) return text;
    if (Date.now() > deadline) assert.fail(`the Chutes log did not show what was expected:\n${text.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
