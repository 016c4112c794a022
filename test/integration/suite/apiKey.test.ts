import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChutesExtensionApi } from '../../../src/extension';
import { activateExtension } from '../extension';

// Obviously fake key of the real shape; never a real credential.
const FAKE_KEY = `cpk_${'0'.repeat(32)}.${'1'.repeat(32)}.${'Fake'.repeat(8)}`;

suite('API key in secret storage', () => {
  let api: ChutesExtensionApi;
  suiteSetup(async () => {
    api = await activateExtension();
  });

  test('Set API Key stores a valid key and fires a change; Clear removes it', async () => {
    const changed = new Promise<void>((resolve) => {
      const sub = api.apiKeys.onDidChange(() => {
        sub.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('chutes.setApiKey', FAKE_KEY);
    await changed;
    assert.equal(await api.apiKeys.get(), FAKE_KEY);
    const inSettings = JSON.stringify(vscode.workspace.getConfiguration('chutes'));
    assert.ok(!inSettings.includes(FAKE_KEY), 'the key must never reach settings');

    await vscode.commands.executeCommand('chutes.clearApiKey');
    assert.equal(await api.apiKeys.get(), process.env.CHUTES_API_KEY?.trim() || undefined);
  });

  test('a malformed key is refused and nothing is stored', async () => {
    await vscode.commands.executeCommand('chutes.clearApiKey');
    await vscode.commands.executeCommand('chutes.setApiKey', 'sk-not-a-chutes-key');
    assert.equal(await api.apiKeys.get(), process.env.CHUTES_API_KEY?.trim() || undefined);
  });
});
