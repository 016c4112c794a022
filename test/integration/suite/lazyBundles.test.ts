import * as assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID } from '../extension';

// docs/architecture.md, Lazy loading: lazy bundles take the main bundle's modules from the instance
// VS Code loaded, so that instance must be in Node's module cache, loaded by VS Code itself.
suite('Lazy bundles in the extension host', () => {
  test('dist/extension.js is loaded once, by VS Code; the API client and lint engine bundles load on use and borrow from it', async () => {
    const api = await activateExtension();
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const main = require.cache[path.join(root, 'dist', 'extension.js')];
    assert.ok(main, 'VS Code loads dist/extension.js through Node\'s require, whose cache lazy bundles share');
    const lazyDir = path.join(root, 'dist', 'lazy') + path.sep;
    assert.ok(!main.parent?.filename?.startsWith(lazyDir), `first loaded by ${main.parent?.filename}, not by VS Code`);

    await api.connection.client();
    // A chute definition in an editor makes the diagnostics load the lint engine.
    const folder = vscode.workspace.workspaceFolders![0].uri;
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'chutes', 'miner_selector.py'));
    const loaded = () => Object.keys(require.cache).filter((file) => file.startsWith(lazyDir)).map((file) => path.basename(file));
    const deadline = Date.now() + 30_000;
    while (!loaded().includes('core-lint.js') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    for (const bundle of ['core-api-client.js', 'core-lint.js']) assert.ok(loaded().includes(bundle), `loaded: ${loaded().join(', ')}`);

    // Each borrowed module is the main bundle's own, reached through its registry.
    const registry = (main.exports as { __modules: Record<string, unknown> }).__modules;
    assert.ok(Object.keys(registry).length > 0);
    for (const bundle of ['core-api-client.js', 'core-lint.js']) {
      const lazy = require.cache[path.join(lazyDir, bundle)];
      assert.ok(lazy?.children.some((child) => child === main), `${bundle} requires the very dist/extension.js VS Code loaded`);
    }
  });
});
