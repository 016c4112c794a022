// The host question as a person meets it (docs/trust.md): the API base URL points at a server that
// is neither the platform nor loopback; Check Connection asks "Send your Chutes credentials to …?"
// in a modal. Cancel sends nothing; Send Credentials sends them and is remembered. The server is an
// HTTPS recorder on this machine reached as 0.0.0.0 (not a loopback address to the extension, yet
// Linux connects it locally); the extension host trusts its test certificate via NODE_EXTRA_CA_CERTS.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { testCertificate } from '../harness/tls';
import { selectors } from './selectors';
import { answerInput, openWorkbench, runCommand, screenshot, step, waitForNotification, type Workbench } from './workbench';

// Obviously fake key of the real shape; never a real credential.
const KEY = `cpk_${'a'.repeat(32)}.${'b'.repeat(32)}.${'TrustE2e'.repeat(4)}`;

let workbench: Workbench;
let server: https.Server;
let host: string;
const requests: Array<{ url: string; authorization?: string }> = [];
const onRequest: Array<() => void> = [];
let dir: string;

/** Resolves once the server has had `count` requests for `url`. */
function received(url: string, count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (requests.filter((r) => r.url === url).length < count) return false;
      resolve();
      return true;
    };
    if (!check()) onRequest.push(() => void check());
  });
}

before(async () => {
  server = https.createServer(testCertificate(), (req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    onRequest.forEach((notify) => notify());
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/ping' ? { message: 'pong' } : { username: 'recorder', user_id: 'r', balance: 3 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `0.0.0.0:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-e2e-ca-'));
  const ca = path.join(dir, 'ca.pem');
  writeFileSync(ca, testCertificate().cert);
  workbench = await openWorkbench({ 'chutes.apiBaseUrl': `https://${host}`, 'chutes.connectTo': '' }, { NODE_EXTRA_CA_CERTS: ca });
});

after(async () => {
  await workbench?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs Check Connection and answers the modal question with `button`. */
async function checkAndAnswer(button: 'Cancel' | 'Send Credentials'): Promise<void> {
  const { page } = workbench;
  await runCommand(page, 'Chutes: Check Connection');
  const dialog = page.locator(selectors.dialog).filter({ hasText: `Send your Chutes credentials to ${host}?` });
  await dialog.waitFor({ timeout: 30_000 });
  await screenshot(page, `trust-question-${button === 'Cancel' ? 'cancel' : 'send'}`);
  await page.locator(selectors.dialogButton).filter({ hasText: button }).click();
  await dialog.waitFor({ state: 'hidden' });
}

test('declining the question sends no credentials; confirming sends them once and is remembered', () =>
  step(workbench.page, 'trust-question', async () => {
    const { page } = workbench;
    await runCommand(page, 'Chutes: Set API Key');
    await answerInput(page, 'Chutes API Key', KEY);
    await waitForNotification(page, 'Chutes API key saved.');

    await checkAndAnswer('Cancel');
    await waitForNotification(page, `were not sent to ${host}`);
    assert.deepEqual(requests, [{ url: '/ping', authorization: undefined }], 'only the unauthenticated ping went out');

    await checkAndAnswer('Send Credentials');
    await waitForNotification(page, `Connected to https://${host} as recorder`);
    assert.deepEqual(requests.filter((r) => r.url === '/users/me'), [{ url: '/users/me', authorization: `Bearer ${KEY}` }]);

    // Remembered: the next check reaches the server without a question.
    await runCommand(page, 'Chutes: Check Connection');
    await received('/users/me', 2);
    assert.equal(await page.locator(selectors.dialog).count(), 0, 'no second question');
    assert.equal(requests.at(-1)?.authorization, `Bearer ${KEY}`);
    await screenshot(page, 'trust-remembered');
  }));
