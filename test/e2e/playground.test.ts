import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { runCurlSnippet, runTypeScriptSnippet } from '../support/snippets';
import { chooseTarget, clearFaults, fault, openPlayground, playgroundFrame, sendAndWait, signIn, waitForReply } from './playgroundUi';
import { selectors } from './selectors';
import { openWorkbench, screenshot, step, type Workbench } from './workbench';

let workbench: Workbench;

/** The assistant text of a raw chat event stream. */
function sseContent(stream: string): string {
  return stream
    .split('\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => (JSON.parse(line.slice(6)) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '')
    .join('');
}
let frame: Frame;
const LLAMA = 'unsloth/Llama-3.2-1B-Instruct';
const CHAT = { path: '/v1/chat/completions', host: 'llm' };

before(async () => {
  workbench = await openWorkbench();
  await signIn(workbench);
});

after(async () => {
  await workbench?.close();
});

test('the palette opens the playground on a model picked from the QuickPick, and Enter streams a rendered reply with its stats', () =>
  step(workbench.page, 'playground-chat', async () => {
    frame = await openPlayground(workbench.page, LLAMA);
    assert.equal(await frame.locator('#target').inputValue(), `llm:${LLAMA}`);
    assert.match(await frame.locator('#target-info').innerText(), /per million tokens/);
    await frame.fill('#system', 'You are terse.');
    await frame.fill('#prompt', 'Say **hi** to the `playground`');
    await frame.press('#prompt', 'Enter');
    const { text, status } = await waitForReply(frame);
    assert.match(text, /You said: "Say hi to the playground"/, 'markdown is rendered, not shown raw');
    assert.equal(await frame.locator('#reply strong').innerText(), 'hi');
    assert.equal(await frame.locator('#reply code').innerText(), 'playground');
    assert.match(status, /TTFT \d+ ms/);
    assert.match(status, /\d+ \+ \d+ tokens/);
    assert.match(status, /\$\d/);
    assert.match(await frame.locator('#announcer').innerText(), /You said/);
    await screenshot(workbench.page, 'playground-chat-dark');
  }));

test('Stop cancels a slow stream at once and keeps what arrived', () =>
  step(workbench.page, 'playground-stop', async () => {
    await fault(workbench, { ...CHAT, fault: { dripMs: 300 } });
    await frame.fill('#prompt', 'Tell me a long story');
    await frame.click('#send');
    await frame.locator('#reply[data-chars]').waitFor({ timeout: 15_000 });
    const clicked = Date.now();
    await frame.click('#stop');
    const { text, status } = await waitForReply(frame, 5_000);
    assert.ok(Date.now() - clicked < 3_000, 'stopped within a moment');
    assert.match(status, /^Stopped\./);
    assert.ok(text.length > 0 && !/You said/.test(text), `only the start arrived: ${text}`);
    await clearFaults(workbench);
  }));

test('a cut stream and a mid-stream error object each end with a clear message', () =>
  step(workbench.page, 'playground-stream-errors', async () => {
    await fault(workbench, { ...CHAT, fault: { cutAfterEvents: 3 } });
    await frame.fill('#prompt', 'Cut me off');
    let reply = await sendAndWait(frame);
    assert.match(reply.status, /ended before it was complete/);
    await fault(workbench, { ...CHAT, fault: { streamError: 'CUDA out of memory', streamErrorAfter: 2 } });
    reply = await sendAndWait(frame);
    assert.match(reply.status, /reported an error mid-stream: Unhandled exception during response stream: CUDA out of memory/);
    assert.ok(reply.text.length > 0, 'the text before the error stays');
  }));

test('a 429 is waited out with a visible countdown, then the reply streams', () =>
  step(workbench.page, 'playground-429', async () => {
    await fault(workbench, { ...CHAT, fault: { status: 429, retryAfter: '2' } });
    await frame.fill('#prompt', 'Busy?');
    await frame.click('#send');
    await frame.locator('#reply .reply-status').filter({ hasText: /busy \(429\).*Retrying in \d s/ }).waitFor({ timeout: 10_000 });
    const { text } = await waitForReply(frame);
    assert.match(text, /You said: "Busy\?"/);
  }));

test('cords: a raw-text stream, an SSE stream, a JSON form with typed fields and an image', () =>
  step(workbench.page, 'playground-cords', async () => {
    await chooseTarget(frame, 'demo-echo POST /tokens');
    await frame.fill('[data-field="text"]', 'one two three');
    let reply = await sendAndWait(frame);
    assert.equal(reply.text.trim(), 'one two three');

    await chooseTarget(frame, 'demo-echo POST /stream');
    await frame.fill('[data-field="text"]', 'alpha beta');
    reply = await sendAndWait(frame);
    assert.deepEqual(reply.text.trim().split('\n').map((line) => JSON.parse(line)), [{ word: 'alpha', index: 0 }, { word: 'beta', index: 1 }]);

    await chooseTarget(frame, 'demo-echo POST /echo');
    assert.equal(await frame.locator('[data-field="repeat"]').getAttribute('type'), 'number');
    await frame.fill('[data-field="text"]', 'ab');
    await frame.fill('[data-field="repeat"]', '11');
    await frame.click('#send');
    assert.match(await frame.locator('.form-errors').innerText(), /repeat: At most 10/);
    await frame.fill('[data-field="repeat"]', '3');
    reply = await sendAndWait(frame);
    assert.deepEqual(JSON.parse(reply.text), { echo: 'ab', length: 2 });
    await screenshot(workbench.page, 'playground-cord-form-dark');

    await chooseTarget(frame, 'FLUX.1-schnell POST /generate');
    await frame.fill('[data-field="prompt"]', 'a lighthouse');
    await frame.fill('[data-field="seed"]', '7');
    await sendAndWait(frame);
    const src = await frame.locator('#reply img').getAttribute('src');
    assert.match(src ?? '', /^data:image\/jpeg;base64,\/9j\//);
  }));

test('a cold chute is retried with a countdown, then offers Warm up, after which it answers', () =>
  step(workbench.page, 'playground-warm-up', async () => {
    await chooseTarget(frame, 'stabilityai/sdxl-turbo POST /generate');
    await frame.fill('[data-field="prompt"]', 'a cold start');
    await frame.click('#send');
    await frame.locator('#reply .reply-status').filter({ hasText: /not ready \(503\).*Retrying in \d s/ }).waitFor({ timeout: 15_000 });
    const warmUp = frame.getByRole('button', { name: 'Warm up' });
    await warmUp.waitFor({ timeout: 30_000 });
    assert.match(await frame.locator('#reply .reply-status').innerText(), /No instances available \(yet\)/);
    await warmUp.click();
    // The warmup stream runs until the chute is hot; then the same request succeeds.
    for (let attempt = 0; ; attempt++) {
      await frame.click('#send');
      const { status } = await waitForReply(frame);
      if (await frame.locator('#reply img').count()) break;
      if (attempt > 10 || !/No instances available/.test(status)) assert.fail(`no image after warming up: ${status}`);
    }
  }));

test('copy as curl and as TypeScript gives code that runs against the emulator, the key read from the environment', () =>
  step(workbench.page, 'playground-copy-code', async () => {
    const demo = JSON.parse(workbench.emulator.env.CHUTES_TEST_DEMO) as { apiKey: string };
    const port = Number(new URL(workbench.emulator.url!).port);
    await chooseTarget(frame, LLAMA);
    await frame.fill('#prompt', 'Copy me');
    await frame.click('button[data-language="curl"]');
    await frame.locator('#code[data-language="curl"]').waitFor({ timeout: 10_000 });
    const curl = await frame.locator('#code').innerText();
    assert.ok(curl.includes('$CHUTES_API_KEY') && !curl.includes(demo.apiKey), 'the key is an environment variable, never inlined');
    const streamed = await runCurlSnippet(curl, demo.apiKey);
    assert.match(streamed, /data: \[DONE\]/);
    assert.match(sseContent(streamed), /You said: "Copy me"$/);

    await frame.click('button[data-language="typescript"]');
    await frame.locator('#code[data-language="typescript"]').waitFor({ timeout: 10_000 });
    const typescript = await frame.locator('#code').innerText();
    assert.ok(!typescript.includes(demo.apiKey));
    assert.match(await runTypeScriptSnippet(typescript, port, demo.apiKey), /You said: "Copy me"\n$/);
  }));

test('"Attestation required" refuses to send when the chute cannot be verified, and says why', () =>
  step(workbench.page, 'playground-attestation', async () => {
    await frame.check('#attestation');
    await frame.locator('#attestation-note').filter({ hasText: 'X-TEE-Only: true' }).waitFor({ timeout: 10_000 });
    await frame.fill('#prompt', 'Secret');
    const { text, status } = await sendAndWait(frame);
    assert.equal(text.trim(), '');
    await frame.uncheck('#attestation');
    // The attestation feature checked and refused: the emulator's LLM here is not a TEE chute.
    assert.match(status, /Attestation is required for .* and its evidence did not verify: .* is not a TEE chute .*Nothing was sent\./);
  }));

test('compare sends one prompt to two targets side by side, each with its stats', () =>
  step(workbench.page, 'playground-compare', async () => {
    await frame.click('button[data-mode="compare"]');
    await frame.locator('#compare-view fieldset label').filter({ hasText: LLAMA }).locator('input').check();
    await frame.locator('#compare-view fieldset label').filter({ hasText: 'Qwen/Qwen3-32B' }).locator('input').check();
    await frame.fill('#compare-prompt', 'Which GPU?');
    await frame.click('#compare-send');
    const done = frame.locator('#compare-columns .reply[data-done="true"]');
    await done.nth(1).waitFor({ timeout: 30_000 });
    assert.equal(await done.count(), 2);
    for (const status of await frame.locator('#compare-columns .reply-status').allInnerTexts()) assert.match(status, /TTFT \d+ ms .* tokens/);
    assert.deepEqual(await frame.locator('#compare-columns h3').allInnerTexts(), [LLAMA, 'Qwen/Qwen3-32B']);
    await screenshot(workbench.page, 'playground-compare-dark');
  }));

test('score: an unparseable judge reply is shown as such, a repeated judge call comes from the cache, an edited judge prompt scores', () =>
  step(workbench.page, 'playground-score', async () => {
    await frame.click('button[data-mode="score"]');
    await frame.selectOption('#reference', `llm:${LLAMA}`);
    await frame.locator('#score-view fieldset label').filter({ hasText: 'Qwen/Qwen3-32B' }).locator('input').check();
    await frame.click('#score-run');
    const score = frame.locator('#score-results td.score');
    await score.filter({ hasText: /unparseable|\d/ }).waitFor({ timeout: 30_000 });
    assert.equal(await score.innerText(), 'unparseable');
    assert.match(await frame.locator('#score-prompt').innerText(), /^Test prompt: /);
    await screenshot(workbench.page, 'playground-score-dark');

    await frame.click('#score-run');
    await frame.locator('#score-results td.judge').filter({ hasText: '(cached)' }).waitFor({ timeout: 30_000 });

    await frame.fill('#judge-prompt', 'Score: 8. Judge the reply to {prompt}: {reply}');
    await frame.click('#score-run');
    await score.filter({ hasText: /unparseable|\d/ }).waitFor({ timeout: 30_000 });
    assert.equal(await score.innerText(), '0.80');
  }));

test('after a window reload the panel comes back with the draft, the mode and the history, and a rerun works', () =>
  step(workbench.page, 'playground-reload', async () => {
    const { page } = workbench;
    await frame.click('button[data-mode="chat"]');
    await chooseTarget(frame, LLAMA);
    await frame.fill('#prompt', 'Typed but never sent');
    // The host's copy of the state follows 150 ms after typing; nothing on screen shows it arrived.
    await page.waitForTimeout(500);
    await page.reload();
    await page.waitForSelector('.part.activitybar', { timeout: 60_000 });
    frame = await playgroundFrame(page, 60_000);
    await frame.locator('#prompt').waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('#target').inputValue(), `llm:${LLAMA}`);
    assert.equal(await frame.locator('#prompt').inputValue(), 'Typed but never sent');
    await frame.click('.history-box summary');
    const entries = frame.locator('.history li');
    await entries.filter({ hasText: 'Busy?' }).first().waitFor({ timeout: 10_000 });
    assert.ok(await entries.filter({ hasText: 'Tell me a long story' }).filter({ hasText: 'Stopped.' }).count(), 'a stopped reply is kept');
    await frame.fill('#history-search', 'playground');
    await frame.locator('.history').filter({ hasNotText: 'Busy?' }).waitFor({ timeout: 10_000 });
    assert.match(await entries.first().innerText(), /Say \*\*hi\*\*/, 'search narrows the list');
    await entries.first().locator('button').click();
    const { text } = await waitForReply(frame);
    assert.match(text, /You said: "Say hi to the playground"/);
  }));

test('screenshots in a light theme: chat, cord form, compare and score', () =>
  step(workbench.page, 'playground-light', async () => {
    const { page } = workbench;
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    await page.locator(selectors.quickInputBox).and(page.locator('[placeholder*="Color Theme"]')).waitFor({ timeout: 10_000 });
    await page.fill(selectors.quickInputBox, 'Light Modern');
    await page.locator(selectors.quickInputRows).filter({ hasText: 'Light Modern' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator(selectors.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
    // The panel follows the theme through --vscode-* variables alone.
    await frame.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(255, 255, 255)', undefined, { timeout: 10_000 });
    await screenshot(page, 'playground-chat-light');
    await chooseTarget(frame, 'demo-echo POST /echo');
    await frame.fill('[data-field="text"]', 'hello');
    await screenshot(page, 'playground-cord-form-light');
    await frame.click('button[data-mode="compare"]');
    await frame.fill('#compare-prompt', 'Which GPU?');
    await frame.click('#compare-send');
    await frame.locator('#compare-columns .reply[data-done="true"]').nth(1).waitFor({ timeout: 30_000 });
    await screenshot(page, 'playground-compare-light');
    await frame.click('button[data-mode="score"]');
    await frame.locator('#score-view fieldset label').filter({ hasText: 'Qwen/Qwen3-32B' }).locator('input').check();
    await frame.click('#score-run');
    await frame.locator('#score-results td.score').filter({ hasText: /unparseable|\d/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'playground-score-light');
  }));
