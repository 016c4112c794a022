import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { selectors } from './selectors';
import { typeInput, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

let workbench: Workbench;

before(async () => {
  workbench = await openWorkbench();
});

after(async () => {
  await workbench?.close();
});

test('the Chutes view opens from the activity bar and offers to connect', async () => {
  const { page } = workbench;
  await page.click(selectors.activityBarItem('Chutes'));
  const welcome = page.locator(selectors.welcomeView);
  await welcome.waitFor({ timeout: 20_000 });
  assert.match(await page.locator(selectors.sidebarTitle).innerText(), /CHUTES/i);
  assert.match(await welcome.innerText(), /Connect to Chutes/);
  assert.ok(await welcome.getByRole('button', { name: 'Sign In' }).isVisible());
  await screenshot(page, 'activity-bar-welcome');
});

test('Set API Key from the palette refuses a malformed key with the reason', async () => {
  const { page } = workbench;
  await runCommand(page, 'Chutes: Set API Key');
  await typeInput(page, 'Chutes API Key', 'sk-not-a-chutes-key');
  const message = page.locator(selectors.quickInputMessage);
  await message.filter({ hasText: 'start with "cpk_"' }).waitFor({ timeout: 10_000 });
  await screenshot(page, 'set-api-key-validation');
  await page.keyboard.press('Escape');
});
