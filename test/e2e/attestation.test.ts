import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { selectors } from './selectors';
import { answerInput, openWorkbench, runCommand, screenshot, step, waitForNotification, type Workbench } from './workbench';

let workbench: Workbench;

before(async () => {
  // The emulator's PCCS-shaped collateral service, reached through connect-to like the API.
  workbench = await openWorkbench({ 'chutes.attestation.pccsUrl': 'http://pccs.chutes.test' });
});

after(async () => {
  await workbench?.close();
});

test('a person picks a TEE chute from the palette and reads its attestation report', () =>
  step(workbench.page, 'attestation-report', async () => {
    const { page, emulator } = workbench;
    const demo = JSON.parse(emulator.env.CHUTES_TEST_DEMO);
    await runCommand(page, 'Chutes: Set API Key');
    await answerInput(page, 'Chutes API Key', demo.apiKey);

    await runCommand(page, 'Chutes: Verify Attestation');
    await page.locator(selectors.quickInputTitle).filter({ hasText: 'Chutes: Verify Attestation' }).waitFor({ timeout: 15_000 });
    const rows = page.locator(selectors.quickInputRows);
    await rows.filter({ hasText: 'secure-chat-TEE' }).waitFor({ timeout: 20_000 });
    await rows.filter({ hasText: 'DeepSeek-R1-TEE' }).waitFor({ timeout: 20_000 });
    const offered = (await rows.allInnerTexts()).join('\n');
    assert.ok(!offered.includes('demo-echo'), `only TEE chutes are offered:\n${offered}`);
    await rows.filter({ hasText: 'secure-chat-TEE' }).first().click();

    const tab = page.locator('.tabs-container .tab').filter({ hasText: 'secure-chat-TEE attestation.md' });
    await tab.waitFor({ timeout: 60_000 });
    const lines = page.locator(selectors.editorLines).first();
    await lines.filter({ hasText: 'TEE attestation: secure-chat-TEE' }).waitFor({ timeout: 15_000 });
    // Monaco renders spaces as no-break spaces.
    const text = (await lines.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /Not verified/);
    assert.match(text, /not from Intel TDX hardware/);
    assert.ok(!text.includes(demo.apiKey), 'the key never appears in the report');
    // The rendered report, as a person reads it (the preview is a webview: iframes in iframes).
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await page.keyboard.press('F1');
    await page.fill(selectors.quickInputBox, '>Markdown: Open Preview');
    // "Open Preview" (in place of the source), not "... to the Side".
    await page.locator(`${selectors.quickInputRows}[aria-label^="Markdown: Open Preview"]:not([aria-label*="Side"])`).first().click();
    const preview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await preview.locator('h1').filter({ hasText: 'TEE attestation: secure-chat-TEE' }).waitFor({ timeout: 30_000 });
    await preview.locator('td').filter({ hasText: 'not from Intel TDX hardware' }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'attestation-report');

    await waitForNotification(page, /secure-chat-TEE: Not verified: 3 of 3 instances failed a check/, 30_000);
  }));
