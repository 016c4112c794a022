// One test session: a copy of the fixture workspace, the emulator with demo data, code-server
// pointed at it, and a Chromium page not yet navigated (so callers can expose functions first).
// Whatever fails half-way is torn down again, and the error carries the server and browser logs.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type RunningBrowser } from './browser';
import { startCodeServer, type RunningCodeServer } from './codeServer';
import { SetupFailedError, type CodeServerVersion } from './paths';
import { startTestEmulator, type TestEmulator } from './emulator';
import { projectRoot } from './paths';

export interface SessionOptions {
  /** VSIX files installed into code-server. */
  install?: string[];
  /** User settings over the emulator's. */
  settings?: Record<string, unknown>;
  /** Environment over the emulator's. */
  env?: Record<string, string>;
  /** Open the workspace untrusted, in Restricted Mode (codeServer.ts). */
  restricted?: boolean;
  /** Which tested VS Code to run (default: the latest). */
  version?: CodeServerVersion;
}

export interface Session {
  workspace: string;
  emulator: TestEmulator;
  server: RunningCodeServer;
  page: Page;
  /** The page's console, as `[type] text` lines. */
  browserLog: string[];
  /** The workbench URL for the workspace, before any payload. */
  url: string;
  close(): Promise<void>;
}

export async function startSession(options: SessionOptions = {}): Promise<Session> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'chutes-ws-'));
  cpSync(path.join(projectRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  let emulator: TestEmulator | undefined;
  let server: RunningCodeServer | undefined;
  let browser: RunningBrowser | undefined;
  const browserLog: string[] = [];
  const close = async () => {
    await browser?.close();
    await server?.stop();
    await emulator?.stop();
    rmSync(workspace, { recursive: true, force: true });
  };
  try {
    emulator = await startTestEmulator();
    server = await startCodeServer({
      workspace,
      install: options.install,
      settings: { ...emulator.settings, ...options.settings },
      env: { ...emulator.env, ...options.env },
      restricted: options.restricted,
      version: options.version,
    });
    browser = await launchChromium();
    const page = await browser.context.newPage();
    page.on('console', (message) => browserLog.push(`[${message.type()}] ${message.text()}`));
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
    return { workspace, emulator, server, page, browserLog, url, close };
  } catch (error) {
    const logs = server?.logs() ?? '';
    await close();
    if (error instanceof SetupFailedError) throw error;
    throw withLogs(error, logs, browserLog);
  }
}

/** The error, with what the server and the browser said appended. */
export function withLogs(error: unknown, serverLog: string, browserLog: readonly string[]): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message}\n--- code-server log ---\n${serverLog}\n--- browser console ---\n${browserLog.join('\n')}`);
}
