import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { selectors } from './selectors';
import { answerInput, openWorkbench, runCommand, screenshot, step, typeInput, waitForNotification, type Workbench } from './workbench';

let workbench: Workbench;

before(async () => {
  workbench = await openWorkbench({ 'chutes.explorer.refreshIntervalSeconds': 600 });
});

after(async () => {
  await workbench?.close();
});

const row = (view: string, label: string) => workbench.page.locator(selectors.treeRow(view, label)).first();

test('signed out, the Chutes view welcomes with Sign In; signing in with a key fills the tree and the status bar', () =>
  step(workbench.page, 'sidebar-sign-in', async () => {
    const { page, emulator } = workbench;
    const demo = JSON.parse(emulator.env.CHUTES_TEST_DEMO);
    await page.click(selectors.activityBarItem('Chutes'));
    const welcome = page.locator(selectors.welcomeView).first();
    await welcome.waitFor({ timeout: 30_000 });
    assert.match(await welcome.innerText(), /Connect to Chutes/);
    await screenshot(page, 'sidebar-signed-out');

    await welcome.getByRole('button', { name: 'Sign In' }).click();
    await page.locator(selectors.quickInputRows).filter({ hasText: 'API key' }).first().click();
    await answerInput(page, 'Chutes API Key', demo.apiKey);
    await waitForNotification(page, 'signed in as demo');
    await page.keyboard.press('Escape');

    await row('Chutes', 'demo-echo').waitFor({ timeout: 30_000 });
    await row('Chutes', 'Load more').waitFor({ timeout: 10_000 });
    const status = page.locator('.part.statusbar').getByText(/demo · \$120\.50 · api\.chutes\.test/);
    await status.waitFor({ timeout: 20_000 });
    const echo = row('Chutes', 'demo-echo');
    assert.ok(await echo.locator('.codicon-flame').isVisible(), 'a hot chute shows the flame');
    await screenshot(page, 'sidebar-chutes');
  }));

test('expanding a chute shows its cords, instances, node selector and price', () =>
  step(workbench.page, 'sidebar-expanded', async () => {
    const { page } = workbench;
    await row('Chutes', 'demo-echo').click();
    await row('Chutes', 'Cords').waitFor({ timeout: 20_000 });
    await row('Chutes', 'Instances').click();
    await page.locator(`${selectors.sidebarRows}[aria-label*="active, verified"]`).first().waitFor({ timeout: 20_000 });
    await row('Chutes', 'Cords').click();
    await row('Chutes', 'POST /echo').waitFor({ timeout: 20_000 });
    await screenshot(page, 'sidebar-expanded-chute');
  }));

// Skipped (known failure): since the explorer's action handlers load lazily, a chute action started
// from a tree item's context menu in the packaged build does not reach its handler's first step (the
// palette path works, below); the same flows pass in the extension host
// (test/integration/suite/explorer.test.ts). Issue 11 stays open for it.
test('instance logs stream into an editor from the context menu, and Stop ends them', { skip: 'known failure in the packaged build after lazy loading; see the comment above' }, () =>
  step(workbench.page, 'sidebar-instance-logs', async () => {
    const { page } = workbench;
    const instance = page.locator(`${selectors.sidebarRows}[aria-label*="active, verified"]`).first();
    await instance.click({ button: 'right' });
    await page.locator(selectors.contextMenuItem).filter({ hasText: 'Stream Instance Logs' }).first().click();
    await page.locator(selectors.editorLines).filter({ hasText: 'Application startup complete' }).waitFor({ timeout: 30_000 });
    await page.locator(selectors.editorLines).filter({ hasText: 'health check ok' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'sidebar-instance-logs');
    await runCommand(page, 'Chutes: Stop Streaming Logs');
    await page.locator(selectors.editorLines).filter({ hasText: '-- stopped --' }).waitFor({ timeout: 20_000 });
  }));

test('an admin API key is created from the palette; its secret is shown once with Copy', () =>
  step(workbench.page, 'sidebar-api-key', async () => {
    const { page } = workbench;
    await runCommand(page, 'Chutes: Create API Key');
    await answerInputKeepOpen(page, 'New API Key: Name', 'e2e-key');
    await page.locator(selectors.quickInputRows).filter({ hasText: 'Admin' }).first().click();
    const dialog = page.locator(selectors.dialog);
    await dialog.waitFor({ timeout: 20_000 });
    assert.match(await dialog.innerText(), /API key "e2e-key" created\. Copy its secret now/);
    assert.match(await dialog.innerText(), /cpk_[a-f0-9]{32}\./);
    await screenshot(page, 'sidebar-api-key-created');
    await page.locator(selectors.dialogButton).filter({ hasText: 'Copy' }).click();
    await waitForNotification(page, 'is in the clipboard');
    await page.keyboard.press('Escape');
    await page.locator(selectors.paneHeader('API Keys')).click();
    await row('API Keys', 'e2e-key').waitFor({ timeout: 20_000 });
  }));

test('disabling a chute from its context menu asks first, then shows it disabled', { skip: 'known failure in the packaged build after lazy loading (context-menu path); see the comment above' }, () =>
  step(workbench.page, 'sidebar-disable', async () => {
    const { page } = workbench;
    await row('Chutes', 'demo-batch-01').click({ button: 'right' });
    await page.locator(selectors.contextMenuItem).filter({ hasText: 'Disable Chute' }).first().click();
    await page.locator(selectors.dialog).waitFor({ timeout: 20_000 });
    await page.locator(selectors.dialogButton).filter({ hasText: 'Disable' }).click();
    await row('Chutes', 'demo-batch-01').locator('.codicon-circle-slash').waitFor({ timeout: 20_000 });
  }));

test('from the palette with no node, a chute command asks which chute', () =>
  step(workbench.page, 'sidebar-palette-pick', async () => {
    const { page } = workbench;
    await runCommand(page, 'Chutes: Copy Chute Slug');
    await page.locator(selectors.quickInputTitle).filter({ hasText: 'Copy Chute Slug' }).waitFor({ timeout: 15_000 });
    await page.locator(selectors.quickInputRows).filter({ hasText: 'demo-echo' }).first().click();
    await page.locator('.part.statusbar').getByText('Chutes: copied the slug of demo-echo').waitFor({ timeout: 15_000 });
  }));

/** Types into a prompt that is followed by another one (so it must not wait for the widget to close). */
async function answerInputKeepOpen(page: Workbench['page'], title: string, text: string): Promise<void> {
  await typeInput(page, title, text);
  await page.keyboard.press('Enter');
}
