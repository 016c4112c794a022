import * as vscode from 'vscode';
import type { ChutesExtensionApi } from '../../../src/extension';
import { demoCredentials } from '../demo';

/** The emulator's own controls (faults, request counts, reset), over loopback. */
export async function emulator(method: string, path: string, body?: unknown): Promise<{ count?: number; requests?: Array<{ method: string; path: string }> }> {
  const base = process.env.CHUTES_TEST_EMULATOR_URL;
  if (!base) throw new Error('CHUTES_TEST_EMULATOR_URL is not set: the harness did not start the emulator');
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ count?: number }>;
}

/** Waits for a condition to hold (the machine is slow: no fixed sleeps). */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function signInDemo(): Promise<void> {
  const result = await vscode.commands.executeCommand<{ username: string } | undefined>('chutes.signIn', { method: 'apiKey', apiKey: demoCredentials().apiKey });
  if (result?.username !== 'demo') throw new Error('sign-in with the demo key failed');
}

/** Shows the Chutes container with the given view and waits for its rows. */
export async function showView(api: ChutesExtensionApi, viewId: string): Promise<void> {
  await vscode.commands.executeCommand(`${viewId}.focus`);
  const tree = api.explorer.trees.find((t) => t.viewId === viewId)!;
  await waitFor(`${viewId} to be visible`, () => tree.view.visible);
}

/** A request count at the emulator for GET paths starting with `prefix`. */
export async function requestCount(prefix: string): Promise<number> {
  const seen = await emulator('GET', '/_emulator/requests');
  return (seen.requests ?? []).filter((r) => r.method === 'GET' && r.path.startsWith(prefix)).length;
}
