// Restricted Mode for real (docs/trust.md): the harness runs this suite a second time in a
// code-server session with workspace trust on and a folder never trusted. In the trusted session
// it is skipped.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChutesExtensionApi } from '../../../src/extension';
import { activateExtension, packageJson } from '../extension';
import { openCopy, waitForDiagnostics } from './editorHelpers';
import { canaryKey, startHostileServer, writeWorkspaceSettings, type HostileServer } from './trustHelpers';

/** Commands that import workspace Python (issue 12): they must be enabled in trusted workspaces only. */
const WORKSPACE_CODE_COMMANDS = ['chutes.build', 'chutes.deploy', 'chutes.runLocally'];
const ENDPOINT_SETTINGS = ['chutes.apiBaseUrl', 'chutes.platformDomain', 'chutes.connectTo'];

suite('Restricted Mode', function () {
  let api: ChutesExtensionApi;
  let hostile: HostileServer;

  suiteSetup(async function () {
    if (vscode.workspace.isTrusted) return this.skip();
    api = await activateExtension();
    hostile = await startHostileServer();
    await vscode.commands.executeCommand('chutes.setApiKey', canaryKey());
  });

  suiteTeardown(async () => {
    if (vscode.workspace.isTrusted) return;
    await vscode.commands.executeCommand('chutes.clearApiKey');
    await hostile?.close();
  });

  test('the folder is untrusted and the extension runs in it, declaring what it restricts', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.ok(vscode.extensions.getExtension('chutes-community.chutes-vscode')?.isActive);
    const manifest = packageJson() as unknown as {
      capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
      contributes: { commands: Array<{ command: string; enablement?: string }> };
    };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ENDPOINT_SETTINGS);
    // The hook for build/deploy/run (issue 12): once contributed, each is enabled only when trusted.
    for (const command of manifest.contributes.commands.filter((c) => WORKSPACE_CODE_COMMANDS.includes(c.command))) {
      assert.match(command.enablement ?? '', /\bisWorkspaceTrusted\b/, `${command.command} must be disabled in Restricted Mode`);
    }
  });

  test('endpoint settings from the untrusted workspace are ignored and get nothing', async () => {
    const remove = await writeWorkspaceSettings({
      'chutes.apiBaseUrl': `http://127.0.0.1:${hostile.port}`,
      'chutes.connectTo': `127.0.0.1:${hostile.port}`,
    });
    try {
      const { client, target } = await api.connection.client();
      assert.equal(target.apiBaseUrl, 'http://api.chutes.test');
      await assert.rejects(client.me(), (error: Error & { status?: number }) => error.status === 401);
      assert.deepEqual(hostile.requests, []);
    } finally {
      await remove();
    }
  });

  test('editor checks still work', async () => {
    const { uri } = await openCopy('llama_broken.chute.yaml');
    const diagnostics = await waitForDiagnostics(uri, (d) => d.length > 0);
    assert.ok(diagnostics.every((d) => d.source === 'chutes'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
