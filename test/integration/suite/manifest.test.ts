import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { settingKeys } from '../../../src/shared/settings';
import { activateExtension, packageJson } from '../extension';

suite('Manifest and activation', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('every declared command is registered, and every registered chutes command is declared', async () => {
    const declared = packageJson().contributes.commands.map((c) => c.command).sort();
    // VS Code itself registers <viewId>.focus, .open, ... for each contributed view.
    // (Views' own commands such as chutes.explorer.refresh share that prefix and are declared.)
    const views = Object.values(packageJson().contributes.views).flat().map((v) => v.id);
    const viewCommand = (c: string) => views.some((v) => new RegExp(`^${v.replace(/\./g, '\\.')}\\.(focus|open|resetViewLocation|removeView|toggleVisibility)$`).test(c));
    const registered = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith('chutes.') && !viewCommand(c))
      .sort();
    assert.ok(declared.length > 0);
    assert.deepEqual(registered, declared);
  });

  test('settings read by the code are exactly the ones package.json declares', () => {
    const declared = Object.keys(packageJson().contributes.configuration.properties).sort();
    assert.deepEqual(settingKeys.map((k) => `chutes.${k}`).sort(), declared);
  });

  test('activation is implicit only: no "*" and no onStartupFinished', () => {
    const events = packageJson().activationEvents ?? [];
    assert.ok(!events.includes('*'));
    assert.ok(!events.includes('onStartupFinished'));
  });
});
