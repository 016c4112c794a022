// A person deploys a chute from its CodeLens: Build, then Deploy, accepting the fee in the real
// modal, with the real chutes CLI against the emulator. Screenshots: the CodeLens, the fee modal
// and the finished deploy.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { missingPython, venvBin } from '../support/python';
import { selectors } from './selectors';
import type { Page } from 'playwright-core';
import { openWorkbench, quickOpen, runCommand, screenshotDir, step, waitForNotification, type Workbench } from './workbench';

const skip = missingPython('chutes');
if (skip && process.env.CI) throw new Error(skip);

let workbench: Workbench;
let dir: string;

/** A screenshot of one part of the 1400x900 window, small enough for the README and the .vsix. */
async function partShot(page: Page, name: string, clip: { x: number; y: number; width: number; height: number }): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), clip });
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-e2e-deploy-'));
  const configPath = path.join(dir, 'config.ini');
  workbench = await openWorkbench({ 'chutes.cliPath': venvBin('chutes'), 'chutes.configPath': configPath });
  // The CLI signs with the demo hotkey; the extension reads this file only when it deploys.
  const demo = JSON.parse(workbench.emulator.env.CHUTES_TEST_DEMO);
  writeFileSync(
    configPath,
    `[auth]\nusername = demo\nuser_id = ${demo.userId}\nhotkey_seed = ${demo.hotkeySeed}\nhotkey_name = default\nhotkey_ss58address = ${demo.hotkeySs58}\n`,
  );
});

after(async () => {
  await workbench?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Build then Deploy from the CodeLens, accepting the fee in the modal, deploys the chute', { skip, timeout: 600_000 }, () =>
  step(workbench.page, 'deploy-codelens', async () => {
    const { page } = workbench;
    await quickOpen(page, 'echo_chute.py');

    const lens = (title: string) => page.locator(selectors.codeLens).filter({ hasText: new RegExp(`^${title}$`) });
    await lens('Deploy').waitFor({ timeout: 60_000 });
    assert.equal(await lens('Build').count(), 1);
    assert.equal(await lens('Run locally').count(), 1);
    await partShot(page, 'deploy-codelens', { x: 350, y: 60, width: 700, height: 380 });

    await lens('Build').click();
    await waitForNotification(page, /Image of fixture-echo built and pushed/, 240_000);
    await page.keyboard.press('Escape');

    await lens('Deploy').click();
    const dialog = page.locator(selectors.dialog).filter({ hasText: 'deployment fee of $0.75' });
    await dialog.waitFor({ timeout: 120_000 });
    assert.match(await dialog.innerText(), /DEPLOYMENT FEE NOTICE/);
    await partShot(page, 'deploy-fee-modal', { x: 470, y: 285, width: 460, height: 335 });
    await page.locator(selectors.dialogButton).filter({ hasText: 'Accept Fee and Deploy' }).click();

    const done = await waitForNotification(page, /Deployed fixture-echo: chute [0-9a-f-]{36}/, 240_000);
    const chuteId = /chute ([0-9a-f-]{36})/.exec(await done.innerText())![1];
    await partShot(page, 'deploy-finished', { x: 350, y: 580, width: 1050, height: 285 });

    // The platform has it, by the id the notification named.
    const res = await fetch(`${workbench.emulator.url}/chutes/${chuteId}`, { headers: { Authorization: JSON.parse(workbench.emulator.env.CHUTES_TEST_DEMO).apiKey } });
    assert.equal(res.status, 200);
    const chute = await res.json();
    assert.equal(chute.name, 'fixture-echo');
    assert.equal(chute.image.status, 'built and pushed');
    // …and the Chutes view shows it: the deploy revealed the new chute there.
    await page.locator(selectors.treeRow('Chutes', 'fixture-echo')).first().waitFor({ timeout: 60_000 });
  }));

test('the palette offers the workspace\'s chutes, and Build of a template chute says there is nothing to build', { skip, timeout: 120_000 }, () =>
  step(workbench.page, 'deploy-palette', async () => {
    const { page } = workbench;
    await runCommand(page, 'Chutes: Build Chute Image');
    await page.locator(selectors.quickInputTitle).filter({ hasText: 'Chutes: choose a chute' }).waitFor({ timeout: 30_000 });
    const rows = page.locator(selectors.quickInputRows);
    await rows.filter({ hasText: 'fixture-echo' }).first().waitFor({ timeout: 15_000 });
    await page.fill(selectors.quickInputBox, 'Llama');
    await rows.filter({ hasText: 'llama_template.py' }).first().click();
    await waitForNotification(page, /unsloth\/Llama-3\.2-1B-Instruct runs on the build_vllm_chute template's standard image.*nothing to build/, 30_000);
    await page.keyboard.press('Escape');
  }));

test('the Explorer\'s context menu on a Python file has Build, Deploy and Run locally', { skip, timeout: 120_000 }, () =>
  step(workbench.page, 'deploy-explorer-menu', async () => {
    const { page } = workbench;
    // The deploy before revealed its chute in the Chutes view: bring the file Explorer back, and
    // open the file so the Explorer reveals its row.
    await runCommand(page, 'View: Show Explorer');
    await quickOpen(page, 'echo_chute.py');
    await page.locator(selectors.explorerRows).filter({ hasText: 'echo_chute.py' }).first().click({ button: 'right' });
    const items = page.locator(selectors.contextMenuItem);
    await items.filter({ hasText: 'Deploy Chute' }).first().waitFor({ timeout: 15_000 });
    assert.equal(await items.filter({ hasText: 'Build Chute Image' }).count(), 1);
    assert.equal(await items.filter({ hasText: 'Run Chute Locally' }).count(), 1);
    await page.keyboard.press('Escape');
  }));
