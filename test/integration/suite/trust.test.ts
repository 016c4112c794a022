// Where credentials may go (docs/trust.md), inside a real extension host: workspace endpoint
// settings are ignored, nothing goes over plain http off loopback, a connect-to never downgrades,
// a tricked domain is refused. A hostile server on loopback records what it gets; the user's key
// is the run's canary (test/harness/canary.ts), searched for everywhere after the run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChutesExtensionApi } from '../../../src/extension';
import { activateExtension } from '../extension';
import { canaryKey, chutesLogShows, refusedAs, startHostileServer, withUserSettings, writeWorkspaceSettings, type HostileServer } from './trustHelpers';

suite('Trust boundary', () => {
  let api: ChutesExtensionApi;
  let hostile: HostileServer;

  suiteSetup(async () => {
    api = await activateExtension();
    hostile = await startHostileServer();
    await vscode.commands.executeCommand('chutes.setApiKey', canaryKey());
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('chutes.clearApiKey');
    await hostile.close();
  });

  setup(() => void hostile.requests.splice(0));

  test('endpoint settings from the workspace are ignored: the server they name gets nothing', async () => {
    const remove = await writeWorkspaceSettings({
      'chutes.apiBaseUrl': `http://127.0.0.1:${hostile.port}`,
      'chutes.connectTo': `127.0.0.1:${hostile.port}`,
      'chutes.platformDomain': 'hostile.test',
    });
    try {
      // VS Code itself drops them (application scope) and the extension reads user settings only.
      assert.equal(vscode.workspace.getConfiguration('chutes').get('apiBaseUrl'), 'http://api.chutes.test');
      const { client, target } = await api.connection.client();
      assert.equal(target.apiBaseUrl, 'http://api.chutes.test');
      // The emulator, not the hostile server, answers: it does not know the canary key.
      await assert.rejects(client.me(), (error: Error & { status?: number }) => error.status === 401);
      assert.deepEqual(hostile.requests, []);
      // The log names what was ignored, once, however often the client is rebuilt.
      const ignored = 'Ignored chutes.apiBaseUrl, chutes.platformDomain, chutes.connectTo from the workspace settings';
      await withUserSettings({ requestTimeoutSeconds: 31 }, async () => void (await api.connection.client()));
      const log = await chutesLogShows((text) => text.includes(ignored));
      assert.equal(log.split(ignored).length - 1, 1, log);
    } finally {
      await remove();
    }
  });

  test('plain http to an address that is not loopback is refused before anything is sent', async () => {
    // 0.0.0.0 is not a loopback address, yet Linux connects it to this machine: had the request
    // gone out, the hostile server would have it.
    await withUserSettings({ apiBaseUrl: `http://0.0.0.0:${hostile.port}`, connectTo: '' }, async () => {
      const { client } = await api.connection.client();
      const error = await refusedAs(client.me(), 'insecure');
      assert.match(error.message, new RegExp(`0\\.0\\.0\\.0:${hostile.port} over plain http`));
      await refusedAs(client.ping(), 'insecure');
    });
    assert.deepEqual(hostile.requests, []);
  });

  test('a connect-to given as http:// does not turn the https platform into plain http', async () => {
    await withUserSettings({ apiBaseUrl: 'https://api.chutes.ai', platformDomain: 'chutes.ai', connectTo: `http://127.0.0.1:${hostile.port}` }, async () => {
      const { client } = await api.connection.client();
      await refusedAs(client.me(), 'insecure');
      await refusedAs(client.chatCompletions({ model: 'm', messages: [] }), 'insecure');
    });
    assert.deepEqual(hostile.requests, []);
  });

  test('a platform domain with a user, port or path is refused: llm. and chute calls go nowhere', async () => {
    for (const domain of [`chutes.test@127.0.0.1:${hostile.port}`, `127.0.0.1:${hostile.port}`, `127.0.0.1:${hostile.port}/x`]) {
      await withUserSettings({ platformDomain: domain }, async () => {
        const { client } = await api.connection.client();
        await refusedAs(client.chatCompletions({ model: 'm', messages: [] }), 'endpoint');
        await refusedAs(client.invokeCord('alice-echo', { public_api_path: '/echo', public_api_method: 'POST', stream: false }, {}), 'endpoint');
      });
    }
    assert.deepEqual(hostile.requests, []);
  });
});
