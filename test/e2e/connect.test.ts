import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { selectors } from './selectors';
import { answerInput, openWorkbench, runCommand, screenshot, step, waitForNotification, type Workbench } from './workbench';

let workbench: Workbench;

before(async () => {
  workbench = await openWorkbench();
});

after(async () => {
  await workbench?.close();
});

test('a person pastes the API key, checks the connection and sees who they are', () =>
  step(workbench.page, 'check-connection', async () => {
  const { page, emulator } = workbench;
  const demo = JSON.parse(emulator.env.CHUTES_TEST_DEMO);
  await runCommand(page, 'Chutes: Set API Key');
  await answerInput(page, 'Chutes API Key', demo.apiKey);
  await waitForNotification(page, 'Chutes API key saved.');

  await runCommand(page, 'Chutes: Check Connection');
  const connected = await waitForNotification(page, 'Connected to http://api.chutes.test as demo');
  assert.match(await connected.innerText(), /balance \$120\.50/);
  const shown = await page.locator(selectors.notification).allInnerTexts();
  assert.ok(!shown.join('\n').includes(demo.apiKey), 'the key is never shown');
  await screenshot(page, 'check-connection');
}));

test('a wrong key gets the server\'s words in an error notification with a way to the log', () =>
  step(workbench.page, 'check-connection-error', async () => {
  const { page, emulator } = workbench;
  const demo = JSON.parse(emulator.env.CHUTES_TEST_DEMO);
  await runCommand(page, 'Chutes: Set API Key');
  await answerInput(page, 'Chutes API Key', `${demo.apiKey.slice(0, -4)}zzzz`);
  await runCommand(page, 'Chutes: Check Connection');
  const failed = await waitForNotification(page, 'Invalid token or user not found');
  assert.match(await failed.innerText(), /connection check failed/);
  await screenshot(page, 'check-connection-error');
}));
