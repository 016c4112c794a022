import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { chooseTarget, clearFaults, fault, openPlayground, sendAndWait, signIn, waitForReply } from './playgroundUi';
import { openWorkbench, screenshot, step, type Workbench } from './workbench';

let workbench: Workbench;
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
