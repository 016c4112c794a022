import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { RunningCodeServer } from '../harness/codeServer';
import type { TestEmulator } from '../harness/emulator';
import { projectRoot } from '../harness/paths';
import { startSession, withLogs } from '../harness/session';
import { selectors } from './selectors';

export const screenshotDir = path.join(projectRoot, 'test', 'e2e', 'screenshots');

/** The packaged extension: `npm test` packages once and passes it in CHUTES_TEST_VSIX. */
function vsix(): string {
  const given = process.env.CHUTES_TEST_VSIX;
  if (given && existsSync(given)) return given;
  execFileSync('npm', ['run', 'package'], { cwd: projectRoot, stdio: 'ignore' });
  return path.join(projectRoot, 'chutes-vscode.vsix');
}

export interface Workbench {
  page: Page;
  server: RunningCodeServer;
  emulator: TestEmulator;
  workspace: string;
  close(): Promise<void>;
}

/**
 * A person's view: the packaged extension installed into code-server, the workbench open in
 * headless Chromium, pointed at the emulator. Resolves when the Chutes icon is in the activity bar.
 */
export async function openWorkbench(settings: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<Workbench> {
  const session = await startSession({ install: [vsix()], settings, env });
  const { page, server, emulator, workspace, close } = session;
  try {
    await page.goto(session.url);
    await page.waitForSelector(selectors.activityBarItem('Chutes'), { timeout: 60_000 });
    return { page, server, emulator, workspace, close };
  } catch (error) {
    const logs = server.logs();
    await close();
    throw withLogs(error, logs, session.browserLog);
  }
}

/** Runs a UI step; when it fails, saves `<name>-failed.png` so the failure can be seen. */
export async function step(page: Page, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    await screenshot(page, `${name}-failed`).catch(() => undefined);
    throw error;
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Runs a command from the Command Palette, as a person would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.waitForSelector(selectors.quickInputBox);
  await page.fill(selectors.quickInputBox, `>${title}`);
  await page.waitForSelector(`${selectors.quickInputRows}[aria-label*="${title}"]`, { timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Opens a workspace file the way a person does: Quick Open, type its name, Enter. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.waitForSelector(selectors.quickInputBox);
  await page.keyboard.type(fileName);
  await page.locator(selectors.quickInputRows).filter({ hasText: fileName }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/**
 * Waits for a notification containing `text` and returns its message element. Toasts are not
 * reliably painted in headless Chromium, so this reads the Notifications center, reopening it
 * until the message arrives.
 */
export async function waitForNotification(page: Page, text: string | RegExp, timeoutMs = 20_000): Promise<Locator> {
  const message = page.locator(selectors.notification).filter({ hasText: text });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await runCommand(page, 'Notifications: Show Notifications');
    try {
      await message.first().waitFor({ timeout: 1_000 });
      return message.first();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no notification matching ${text} within ${timeoutMs} ms: ${error}`);
    }
  }
}

/** Waits until the quick input shows the extension's own prompt (not the palette it came from), then types. */
export async function typeInput(page: Page, title: string, text: string): Promise<void> {
  await page.locator(selectors.quickInputTitle).filter({ hasText: title }).waitFor({ timeout: 15_000 });
  await page.fill(selectors.quickInputBox, text);
}

/** Types into the prompt and submits it, waiting until it has closed (a new palette would cancel it). */
export async function answerInput(page: Page, title: string, text: string): Promise<void> {
  await typeInput(page, title, text);
  await page.keyboard.press('Enter');
  await page.locator(selectors.quickInput).waitFor({ state: 'hidden', timeout: 15_000 });
}
