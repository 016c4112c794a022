import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChutesExtensionApi } from '../../../src/extension';
import { demoCredentials } from '../demo';
import { activateExtension } from '../extension';
import { emulator } from './sidebarHelpers';

const QWEN = 'llm:Qwen/Qwen3-32B';
const TEE = 'llm:deepseek-ai/DeepSeek-R1-TEE';
const chat = (prompt: string) => ({ kind: 'chat' as const, params: { system: '', prompt, stop: [] } });

suite('Playground in the extension host', () => {
  let api: ChutesExtensionApi;

  suiteSetup(async () => {
    api = await activateExtension();
    // Suites before this one disable, delete and warm chutes: start from the seed.
    await emulator('POST', '/_emulator/reset');
    await vscode.commands.executeCommand('chutes.setApiKey', demoCredentials().apiKey);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('chutes.clearApiKey');
  });

  async function openOn(arg: unknown) {
    const panel = await vscode.commands.executeCommand<unknown>('chutes.openPlayground', arg);
    assert.ok(panel, 'the command returns the panel');
    const current = api.playground.current;
    assert.ok(current, 'a playground panel is open');
    await current.ready;
    return current;
  }

  test('opened with a chute id (or a tree item carrying chuteId), it offers that chute\'s cords and runs them', async () => {
    const { client } = await api.connection.client();
    const echo = await client.getChute('demo-echo');
    const panel = await openOn({ chuteId: echo.chute_id });
    // The page may run only its own nonce'd script and reach no network; no credential is in it.
    const html = panel.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; connect-src 'none'; img-src data:;/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && html.includes(`<script nonce="${nonce}" src=`), 'the script carries the nonce');
    assert.ok(!html.includes(demoCredentials().apiKey) && !html.includes('cpk_'), 'no key in the page');

    const targets = await panel.loadTargets();
    const cords = targets.filter((t) => t.kind === 'cord' && t.chuteId === echo.chute_id).map((t) => t.label);
    assert.deepEqual(cords, ['demo-echo POST /echo', 'demo-echo POST /shout', 'demo-echo POST /stream (stream)', 'demo-echo GET /health', 'demo-echo POST /tokens (stream)']);
    assert.ok(targets.some((t) => t.key === QWEN), 'the LLMs of /v1/models are offered too');

    const key = targets.find((t) => t.label === 'demo-echo POST /tokens (stream)')!.key;
    const result = await panel.run('it-1', key, { kind: 'cord', body: { text: 'raw text streams' } });
    assert.equal(result?.text, 'raw text streams', `history: ${JSON.stringify(panel.history(key)[0])}`);
    assert.equal(panel.history(key)[0].reply, 'raw text streams');
  });

  test('a chat run is kept in history with its stats, and a failure keeps the prompt with the server\'s words', async () => {
    const panel = await openOn(QWEN);
    const result = await panel.run('it-2', QWEN, chat('Integration hello'));
    assert.match(result?.text ?? '', /You said: "Integration hello"/);
    const [latest] = panel.history(QWEN, 'integration');
    assert.equal(latest.stats?.fromUsage, true);
    assert.ok((latest.stats?.costUsd ?? 0) > 0, 'cost from the model prices');

    const emulator = process.env.CHUTES_TEST_EMULATOR_URL!;
    await fetch(`${emulator}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ path: '/v1/chat/completions', host: 'llm', fault: { cutAfterEvents: 2 } }) });
    assert.equal(await panel.run('it-3', QWEN, chat('Cut integration')), undefined);
    const [cut] = panel.history(QWEN, 'cut integration');
    assert.ok(cut, `the cut run is in history: ${JSON.stringify(panel.history(QWEN).map((e) => [e.input, e.error]))}`);
    assert.match(cut.error ?? '', /ended before it was complete/);
    assert.ok(cut.reply.length > 0, 'what arrived before the cut is kept');
  });

  test('"attestation required" asks chutes.attest.requireVerified, refuses an unverified chute, and sends X-TEE-Only when verified', async () => {
    // The attestation feature answers from a fresh result: set one per verdict (the emulator's quotes never pass DCAP).
    const verdict = (chuteId: string, verified: boolean, summary: string) =>
      api.attest.results.set({ chuteId, chuteName: chuteId, nonce: '0'.repeat(64), checkedAt: Date.now(), pccsUrl: 'https://pccs.invalid', instances: [], verified, summary });
    const panel = await openOn(TEE);
    const targets = await panel.loadTargets();
    const tee = targets.find((t) => t.key === TEE)!;
    const plain = targets.find((t) => t.key === QWEN)!;
    // The webview would send these when the box is ticked; the host acts on the same call.
    await panel.setAttestation(TEE, true);
    await panel.setAttestation(QWEN, true);

    assert.ok(tee.kind === 'llm' && tee.chuteId && plain.kind === 'llm' && plain.chuteId);
    verdict(tee.chuteId, false, 'quote signature invalid');
    assert.equal(await panel.run('it-4', TEE, chat('secret one')), undefined);
    assert.match(panel.history(TEE, 'secret one')[0].error ?? '', /did not verify: quote signature invalid\. Nothing was sent\./);

    verdict(tee.chuteId, true, 'ok');
    verdict(plain.chuteId, true, 'ok');
    assert.match((await panel.run('it-5', TEE, chat('secret two')))?.text ?? '', /You said/);
    // Counted as verified, but the chute is not TEE: the platform itself refuses it.
    assert.equal(await panel.run('it-6', QWEN, chat('secret three')), undefined);
    assert.match(panel.history(plain.key, 'secret three')[0].error ?? '', /426|does not have TEE enabled/);

    await panel.setAttestation(TEE, false);
    await panel.setAttestation(QWEN, false);
  });
});
