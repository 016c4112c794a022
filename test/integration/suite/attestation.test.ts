import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Chute } from '../../../src/core/api/types';
import type { AttestationReport } from '../../../src/core/attest/report';
import type { ChutesExtensionApi } from '../../../src/extension';
import { demoCredentials } from '../demo';
import { activateExtension } from '../extension';

suite('Attestation against the emulator', () => {
  let api: ChutesExtensionApi;
  let tee: Chute;
  const config = () => vscode.workspace.getConfiguration('chutes');

  suiteSetup(async () => {
    api = await activateExtension();
    await vscode.commands.executeCommand('chutes.setApiKey', demoCredentials().apiKey);
    // The emulator's PCCS-shaped service, reached through connect-to like every other host.
    await config().update('attestation.pccsUrl', 'http://pccs.chutes.test', vscode.ConfigurationTarget.Global);
    tee = await (await api.connection.client()).client.getChute('secure-chat-TEE');
  });

  suiteTeardown(async () => {
    await config().update('attestation.pccsUrl', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('chutes.clearApiKey');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Verify Attestation on a chute id opens a read-only report naming the failing instance and saying DCAP failed for lack of Intel hardware', async () => {
    const report = await vscode.commands.executeCommand<AttestationReport>('chutes.verifyAttestation', tee.chute_id);
    assert.ok(report, 'the command returns the report');
    assert.equal(report.verified, false);
    const failedInstance = report.instances.find((i) => i.checks.some((c) => c.id === 'evidence'));
    assert.ok(failedInstance, 'the instance from failed_instance_ids is in the report');

    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the report is shown');
    assert.equal(editor.document.uri.scheme, 'chutes-attestation');
    assert.equal(editor.document.languageId, 'markdown');
    const text = editor.document.getText();
    assert.match(text, /^# TEE attestation: secure-chat-TEE/);
    assert.ok(text.includes(`## Instance \`${failedInstance.instanceId}\`: not verified`), text);
    assert.match(text, /Evidence fetched \| ✗ failed \| The platform could not fetch this instance's evidence \(it is listed in failed_instance_ids\)/);
    assert.match(text, /Intel DCAP signature and TCB status \| ✗ failed \| The quote is not from Intel TDX hardware: its certificate chain ends at "Chutes Emulator SGX Root CA \(not Intel\)"/);
    assert.match(text, /Fresh and bound to this instance \(report_data\) \| ✓ passed/);
    assert.match(text, /\*\*⚠ Not verified\.\*\*/);
    // Read-only: the document belongs to a content provider, not the file system.
    assert.equal(editor.document.isUntitled, false);
    assert.equal(await vscode.workspace.fs.stat(editor.document.uri).then(() => 'writable', () => 'virtual'), 'virtual');
  });

  test('a tree item (an object with chuteId and chute) is verified without asking which chute', async () => {
    const report = await vscode.commands.executeCommand<AttestationReport>('chutes.verifyAttestation', { chuteId: tee.chute_id, chute: tee });
    assert.equal(report?.chuteId, tee.chute_id);
    assert.equal(report?.instances.length, 3);
    assert.equal(api.attest.results.fresh(tee.chute_id)?.nonce, report?.nonce);
  });

  test('the shield decoration shows the verdict and time for chutes-chute URIs while the result is fresh', async () => {
    const uri = vscode.Uri.from({ scheme: 'chutes-chute', path: `/${tee.chute_id}` });
    const latest = api.attest.results.fresh(tee.chute_id);
    assert.ok(latest, 'the previous test left a fresh result');
    const failedShield = api.attest.decorations.provideFileDecoration(uri);
    assert.equal(failedShield?.badge, '✗');
    assert.match(failedShield?.tooltip ?? '', /^TEE attestation not verified at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: Not verified: 3 of 3 instances failed a check/);

    const changed = new Promise<vscode.Uri[]>((resolve) => {
      const sub = api.attest.decorations.onDidChangeFileDecorations((uris) => {
        sub.dispose();
        resolve([uris].flat());
      });
    });
    api.attest.results.set({ ...latest, verified: true, summary: 'Verified: all 2 instances passed every check.', checkedAt: Date.now() });
    assert.deepEqual((await changed).map(String), [uri.toString()]);
    const shield = api.attest.decorations.provideFileDecoration(uri);
    assert.equal(shield?.badge, '🛡');
    assert.match(shield?.tooltip ?? '', /^TEE attestation verified at /);
    assert.equal(api.attest.decorations.provideFileDecoration(vscode.Uri.from({ scheme: 'chutes-chute', path: '/unknown-chute' })), undefined);
    assert.equal(api.attest.decorations.provideFileDecoration(vscode.Uri.file('/tmp/x')), undefined);

    // Older than chutes.attestation.maxAgeMinutes (60 by default): no shield, and an event says so.
    const expired = new Promise<void>((resolve) => {
      const sub = api.attest.decorations.onDidChangeFileDecorations(() => {
        if (api.attest.results.fresh(tee.chute_id)) return;
        sub.dispose();
        resolve();
      });
    });
    api.attest.results.set({ ...latest, checkedAt: Date.now() - 61 * 60_000 });
    await expired;
    assert.equal(api.attest.decorations.provideFileDecoration(uri), undefined);
    api.attest.results.set(latest);
  });

  test('chutes.attest.requireVerified answers from a fresh result, and verifies when there is none', async () => {
    const cached = api.attest.results.fresh(tee.chute_id)!;
    const answer = await vscode.commands.executeCommand<{ verified: boolean; reason: string; checkedAt: number }>('chutes.attest.requireVerified', tee.chute_id);
    assert.deepEqual(answer, { verified: false, reason: cached.summary, checkedAt: cached.checkedAt });
    const viaItem = await vscode.commands.executeCommand<{ verified: boolean }>('chutes.attest.requireVerified', { chuteId: tee.chute_id });
    assert.equal(viaItem.verified, false);

    const hot = await (await api.connection.client()).client.getChute('deepseek-ai/DeepSeek-R1-TEE');
    assert.equal(api.attest.results.fresh(hot.chute_id), undefined);
    const ask = () => vscode.commands.executeCommand<{ verified: boolean; reason: string; checkedAt: number }>('chutes.attest.requireVerified', hot.chute_id);
    // Two callers at once share one verification (one nonce, one time).
    const [fresh, twin] = await Promise.all([ask(), ask()]);
    assert.deepEqual(twin, fresh);
    assert.equal(fresh.verified, false);
    assert.match(fresh.reason, /^Not verified: /);
    assert.equal(api.attest.results.fresh(hot.chute_id)?.checkedAt, fresh.checkedAt);
  });

  test('a non-TEE chute and an unknown one get a clear refusal, and nothing is claimed', async () => {
    const echo = await (await api.connection.client()).client.getChute('demo-echo');
    const refused = await vscode.commands.executeCommand<{ verified: boolean; reason: string }>('chutes.attest.requireVerified', echo.chute_id);
    assert.deepEqual({ ...refused, checkedAt: 0 }, { verified: false, reason: 'demo-echo is not a TEE chute (tee=False), so it has no TDX evidence to verify.', checkedAt: 0 });
    assert.equal(await vscode.commands.executeCommand('chutes.verifyAttestation', echo.chute_id), undefined);
    assert.equal(api.attest.results.latest(echo.chute_id), undefined);
    const unknown = await vscode.commands.executeCommand<{ verified: boolean; reason: string }>('chutes.attest.requireVerified', 'no-such-chute');
    assert.equal(unknown.verified, false);
    assert.match(unknown.reason, /404|not found/i);
  });
});
