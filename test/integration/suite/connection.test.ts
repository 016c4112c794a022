import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ChutesExtensionApi } from '../../../src/extension';
import { demoCredentials } from '../demo';
import { activateExtension } from '../extension';

suite('Connection to the emulator', () => {
  let api: ChutesExtensionApi;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('chutes');

  suiteSetup(async () => {
    api = await activateExtension();
    dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-conn-'));
  });

  teardown(async () => {
    await vscode.commands.executeCommand('chutes.clearApiKey');
    await config().update('configPath', undefined, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(() => rmSync(dir, { recursive: true, force: true }));

  test('with the API key from secret storage, users/me answers as the demo user over connect-to', async () => {
    await vscode.commands.executeCommand('chutes.setApiKey', demoCredentials().apiKey);
    const { client, target } = await api.connection.client();
    assert.equal(target.source, 'setting');
    assert.equal(target.apiBaseUrl, 'http://api.chutes.test');
    const me = await client.me();
    assert.equal(me.username, 'demo');
  });

  test('without an API key, the hotkey in the CLI config signs requests and the emulator verifies them', async () => {
    const demo = demoCredentials();
    const file = path.join(dir, 'config.ini');
    writeFileSync(
      file,
      `[api]\nbase_url = http://ignored.example\n[auth]\nusername = demo\nuser_id = ${demo.userId}\nhotkey_seed = ${demo.hotkeySeed}\nhotkey_name = default\nhotkey_ss58address = ${demo.hotkeySs58}\n`,
    );
    await config().update('configPath', file, vscode.ConfigurationTarget.Global);
    const credentials = await api.connection.credentials();
    assert.equal(credentials?.kind, 'hotkey');
    const { client, target } = await api.connection.client();
    // The user set chutes.apiBaseUrl, so config.ini's base_url does not override it.
    assert.equal(target.apiBaseUrl, 'http://api.chutes.test');
    assert.equal((await client.me()).username, 'demo');
  });

  test('a wrong API key gets the server\'s own words', async () => {
    const demo = demoCredentials();
    const wrong = demo.apiKey.slice(0, -4) + 'zzzz';
    await vscode.commands.executeCommand('chutes.setApiKey', wrong);
    const { client } = await api.connection.client();
    // The test bundle has its own copy of the error classes, so check the shape, not instanceof.
    await assert.rejects(client.me(), (error: Error & { status?: number }) => {
      assert.equal(error.name, 'ChutesApiError');
      assert.equal(error.status, 401);
      assert.match(error.message, /Invalid token or user not found/);
      assert.ok(!error.message.includes(wrong), 'the key never appears in the error');
      return true;
    });
  });

  test('a broken config.ini is reported clearly, without the seed', async () => {
    const file = path.join(dir, 'broken.ini');
    writeFileSync(file, '[auth]\nusername = demo\nhotkey_seed = 12345\n');
    await config().update('configPath', file, vscode.ConfigurationTarget.Global);
    await assert.rejects(api.connection.credentials(), /lacks user_id, hotkey_name, hotkey_ss58address/);
  });
});
