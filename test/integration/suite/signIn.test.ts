import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ChutesExtensionApi } from '../../../src/extension';
import { demoCredentials } from '../demo';
import { activateExtension, packageJson } from '../extension';
import { signInDemo, waitFor } from './sidebarHelpers';

suite('Sign in and out', () => {
  let api: ChutesExtensionApi;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('chutes');
  const stored = () => api.apiKeys.get();

  suiteSetup(async () => {
    api = await activateExtension();
    dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-signin-'));
  });

  teardown(async () => {
    await config().update('configPath', undefined, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    rmSync(dir, { recursive: true, force: true });
    await signInDemo();
  });

  test('a good API key is verified, stored in secret storage, and the status bar shows user, balance and platform', async () => {
    await vscode.commands.executeCommand('chutes.signOut');
    const result = await vscode.commands.executeCommand<{ username: string; via: string }>('chutes.signIn', { method: 'apiKey', apiKey: demoCredentials().apiKey });
    assert.deepEqual(result, { username: 'demo', via: 'API key' });
    assert.equal(await stored(), demoCredentials().apiKey);
    assert.equal(api.accountStatus.text, '$(account) demo · $120.50 · api.chutes.test');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('chutes')).includes('cpk_'), 'no key in settings');
  });

  test('a malformed key is refused locally and the stored key stays', async () => {
    await signInDemo();
    const result = await vscode.commands.executeCommand('chutes.signIn', { method: 'apiKey', apiKey: 'cpk_short' });
    assert.equal(result, undefined);
    assert.equal(await stored(), demoCredentials().apiKey);
  });

  test('a well-formed but wrong key is refused by the server and never stored', async () => {
    await signInDemo();
    const wrong = `${demoCredentials().apiKey.slice(0, -4)}zzzz`;
    const result = await vscode.commands.executeCommand('chutes.signIn', { method: 'apiKey', apiKey: wrong });
    assert.equal(result, undefined);
    assert.equal(await stored(), demoCredentials().apiKey);
  });

  test('the CLI config.ini hotkey: verified by a signed GET /users/me, then used instead of any key', async () => {
    const demo = demoCredentials();
    const file = path.join(dir, 'config.ini');
    writeFileSync(file, `[auth]\nusername = demo\nuser_id = ${demo.userId}\nhotkey_seed = ${demo.hotkeySeed}\nhotkey_name = default\nhotkey_ss58address = ${demo.hotkeySs58}\n`);
    await config().update('configPath', file, vscode.ConfigurationTarget.Global);
    const result = await vscode.commands.executeCommand<{ username: string; via: string }>('chutes.signIn', { method: 'config' });
    assert.equal(result?.username, 'demo');
    assert.match(result!.via, /CLI hotkey default/);
    assert.equal(await stored(), process.env.CHUTES_API_KEY?.trim() || undefined, 'the API key is forgotten');
    const credentials = await api.connection.credentials();
    assert.equal(credentials?.kind, 'hotkey');
    const { client } = await api.connection.client();
    assert.equal((await client.me()).username, 'demo');
  });

  test('a broken config.ini is reported and changes nothing', async () => {
    await signInDemo();
    const file = path.join(dir, 'broken.ini');
    writeFileSync(file, '[auth]\nusername = demo\n');
    await config().update('configPath', file, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('chutes.signIn', { method: 'config' }), undefined);
    assert.equal(await stored(), demoCredentials().apiKey);
  });

  test('a wallet hotkey on disk: read when signing, never copied, and Sign Out forgets the choice', async () => {
    const demo = demoCredentials();
    const wallets = path.join(dir, 'wallets');
    mkdirSync(path.join(wallets, 'dev', 'hotkeys'), { recursive: true });
    writeFileSync(path.join(wallets, 'dev', 'hotkeys', 'miner'), JSON.stringify({ secretSeed: `0x${demo.hotkeySeed}`, ss58Address: demo.hotkeySs58 }));
    const result = await vscode.commands.executeCommand<{ username: string; via: string }>('chutes.signIn', { method: 'wallet', walletsDir: wallets, wallet: 'dev', hotkey: 'miner' });
    assert.deepEqual(result, { username: 'demo', via: 'wallet hotkey dev/miner' });
    const credentials = await api.connection.credentials();
    assert.equal(credentials?.kind, 'hotkey');
    assert.equal(credentials?.kind === 'hotkey' && credentials.ss58, demo.hotkeySs58);

    await vscode.commands.executeCommand('chutes.signOut');
    assert.equal(await api.connection.credentials(), undefined);
    await waitFor('the status bar to say signed out', () => api.accountStatus.text.includes('Sign In'));
  });

  test('a wallet hotkey whose seed does not match its address is refused', async () => {
    await signInDemo();
    const demo = demoCredentials();
    const wallets = path.join(dir, 'wallets2');
    mkdirSync(path.join(wallets, 'dev', 'hotkeys'), { recursive: true });
    writeFileSync(path.join(wallets, 'dev', 'hotkeys', 'bad'), JSON.stringify({ secretSeed: `0x${'11'.repeat(32)}`, ss58Address: demo.hotkeySs58 }));
    assert.equal(await vscode.commands.executeCommand('chutes.signIn', { method: 'wallet', walletsDir: wallets, wallet: 'dev', hotkey: 'bad' }), undefined);
    assert.equal(await stored(), demo.apiKey);
  });

  test('without wallets on disk, the wallet path says so and stores nothing', async () => {
    await signInDemo();
    const empty = path.join(dir, 'no-wallets');
    mkdirSync(empty, { recursive: true });
    assert.equal(await vscode.commands.executeCommand('chutes.signIn', { method: 'wallet', walletsDir: empty }), undefined);
    assert.equal(await stored(), demoCredentials().apiKey);
  });

  test('a key changed in secret storage (as another window does) is followed at once', async () => {
    await signInDemo();
    const changed = new Promise<void>((resolve) => {
      const sub = api.connection.onDidChange(() => {
        sub.dispose();
        resolve();
      });
    });
    await api.apiKeys.clear();
    await changed;
    assert.equal(await api.connection.credentials().then((c) => c?.kind === 'apiKey'), false);
  });

  test('the Getting Started steps complete on real events: the signed-in context key and the commands that do the step', async () => {
    const walkthroughs = (packageJson().contributes as unknown as { walkthroughs: Array<{ id: string; steps: Array<{ id: string; completionEvents: string[] }> }> }).walkthroughs;
    const steps = Object.fromEntries(walkthroughs[0].steps.map((step) => [step.id, step.completionEvents]));
    assert.deepEqual(steps, {
      signIn: ['onContext:chutes.signedIn'],
      createChute: ['onCommand:chutes.newChute'],
      deploy: ['onContext:chutes.hasChutes'],
      playground: ['onCommand:chutes.openPlayground'],
    });
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('chutes.newChute') && commands.includes('chutes.signIn'));
  });

  test('New Chute from Template writes a manifest into the workspace from the snippet', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('chutes.newChute', 'manifest');
    try {
      assert.match(uri.path, /my-chute(-\d+)?\.chute\.yaml$/);
      const document = await vscode.workspace.openTextDocument(uri);
      await waitFor('the snippet text', () => document.getText().includes('template: vllm'));
      assert.match(document.getText(), /node_selector:/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });
});
