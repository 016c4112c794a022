// Driving the playground webview as a person does. Its DOM lives two iframes deep in the workbench:
// the frame is found by its content, not by VS Code's frame names.
import type { Frame, Page } from 'playwright-core';
import { selectors } from './selectors';
import { answerInput, runCommand, type Workbench } from './workbench';

/** The playground's frame, once its target list has been drawn. */
export async function playgroundFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const found = await frame.locator('#target').count().catch(() => 0);
      if (found) return frame;
    }
    if (Date.now() > deadline) throw new Error('the playground webview did not appear');
    await page.waitForTimeout(200);
  }
}

/** Opens the playground from the palette and picks the first target matching `filter` in its QuickPick. */
export async function openPlayground(page: Page, filter: string): Promise<Frame> {
  await runCommand(page, 'Chutes: Open Playground');
  await page.locator(selectors.quickInputTitle).filter({ hasText: 'Chutes Playground' }).waitFor({ timeout: 15_000 });
  await page.fill(selectors.quickInputBox, filter);
  await page.locator(selectors.quickInputRows).filter({ hasText: filter }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  await page.locator(selectors.quickInput).waitFor({ state: 'hidden', timeout: 15_000 });
  return playgroundFrame(page);
}

export async function signIn(workbench: Workbench): Promise<void> {
  const demo = JSON.parse(workbench.emulator.env.CHUTES_TEST_DEMO) as { apiKey: string };
  await runCommand(workbench.page, 'Chutes: Set API Key');
  await answerInput(workbench.page, 'Chutes API Key', demo.apiKey);
}

/** Registers an emulator fault for the next matching requests (emulator/README.md). */
export async function fault(workbench: Workbench, rule: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${workbench.emulator.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  if (!response.ok) throw new Error(`fault: ${response.status} ${await response.text()}`);
}

export async function clearFaults(workbench: Workbench): Promise<void> {
  await fetch(`${workbench.emulator.url}/_emulator/faults`, { method: 'DELETE' });
}

/** Picks a target in the panel's own list by the start of its label. */
export async function chooseTarget(frame: Frame, label: string): Promise<void> {
  const value = await frame.locator('#target option').filter({ hasText: label }).first().getAttribute('value');
  if (!value) throw new Error(`no target labelled ${label}`);
  await frame.selectOption('#target', value);
}

/** Sends what is typed and waits for the reply to finish; returns the reply text and its status line. */
export async function sendAndWait(frame: Frame, timeoutMs = 30_000): Promise<{ text: string; status: string }> {
  await frame.click('#send');
  return waitForReply(frame, timeoutMs);
}

export async function waitForReply(frame: Frame, timeoutMs = 30_000): Promise<{ text: string; status: string }> {
  await frame.locator('#reply[data-done="true"]').waitFor({ timeout: timeoutMs });
  return { text: await frame.locator('#reply .reply-body').innerText(), status: await frame.locator('#reply .reply-status').innerText() };
}
