import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import * as vscode from 'vscode';
import type { ChutesExtensionApi } from '../../../src/extension';
import { activateExtension } from '../extension';
import { emulator, showView, signInDemo, waitFor } from './sidebarHelpers';

type Item = vscode.TreeItem & { imageId?: string; apiKeyId?: string; kind?: string };

suite('Images and API keys views against the emulator', () => {
  let api: ChutesExtensionApi;
  const images = async () => (await api.explorer.images.getChildren()) as Item[];
  const keys = async () => (await api.explorer.apiKeys.getChildren()) as Item[];
  const image = async (name: string) => (await images()).find((i) => i.label === name)!;

  suiteSetup(async () => {
    api = await activateExtension();
    await emulator('POST', '/_emulator/reset');
    await signInDemo();
    await showView(api, 'chutes.images');
  });

  test('images show state, tag and build time, with icons by state', async () => {
    await waitFor('images', async () => (await images()).length > 0);
    const echo = await image('echo-image');
    assert.equal(echo.contextValue, 'image.built');
    assert.equal(echo.description, '0.1 · built and pushed · built in 11 min 55 s');
    assert.equal((await image('broken-image')).contextValue, 'image.error');
    assert.equal((await image('pending-image')).contextValue, 'image.pending');
  });

  test('build logs of a finished build come whole; a running build streams until stopped', async () => {
    const finished = await vscode.commands.executeCommand<string>('chutes.images.viewBuildLogs', await image('echo-image'));
    const text = (uri: string) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.getText() ?? '';
    await waitFor('the whole log', () => text(finished).includes('-- end of the build log --'));
    assert.match(text(finished), /Successfully tagged demo\/echo-image:0\.1/);
    // A running build streams (with keep-alives) until it ends or is stopped.
    const running = await vscode.commands.executeCommand<string>('chutes.images.viewBuildLogs', (await image('building-image')).imageId);
    await waitFor('the streamed log', () => text(running).includes('Step 2/3 : RUN pip install torch'));
    assert.equal(await vscode.commands.executeCommand('chutes.stopInstanceLogs', running), 1);
    await waitFor('the stream to stop', () => text(running).endsWith('-- stopped --'));
  });

  test('deleting an image in use is refused with the reason; an unused one goes', async () => {
    const inUse = await image('echo-image');
    assert.equal(await vscode.commands.executeCommand('chutes.images.delete', inUse, { skipConfirm: true }), undefined);
    const { client } = await api.connection.client();
    assert.equal((await client.getImage(inUse.imageId!)).name, 'echo-image');
    const unused = await image('pending-image');
    assert.equal(await vscode.commands.executeCommand('chutes.images.delete', unused, { skipConfirm: true }), true);
    await assert.rejects(client.getImage(unused.imageId!), /not found/i);
    await waitFor('the image gone from the view', async () => !(await images()).some((i) => i.label === 'pending-image'));
  });

  test('API keys: list, create a scoped key (its secret works once copied), delete it', async () => {
    await showView(api, 'chutes.apiKeys');
    await waitFor('keys', async () => (await keys()).some((k) => k.label === 'default'));
    assert.equal((await keys()).find((k) => k.label === 'default')?.contextValue, 'apiKey.admin');
    const { client } = await api.connection.client();
    const echo = (await client.getChute('demo-echo')).chute_id;
    const created = await vscode.commands.executeCommand<{ api_key_id: string; name: string }>('chutes.apiKeys.create', {
      name: 'ci-invoke',
      admin: false,
      scopes: [{ object_type: 'chutes', object_id: echo, action: 'invoke' }],
      deliver: 'clipboard',
    });
    assert.equal(created.name, 'ci-invoke');
    const secret = await vscode.env.clipboard.readText();
    assert.match(secret, /^cpk_[a-f0-9]{32}\.[a-f0-9]{32}\.[A-Za-z0-9]{32}$/);
    assert.equal(await invokeEcho(secret), 200, 'the scoped key invokes the chute it names');
    const item = await waitFor('the new key in the view', async () => (await keys()).find((k) => k.label === 'ci-invoke'));
    assert.equal(item.contextValue, 'apiKey.scoped');
    assert.match(String(item.description), /1 scope · never used/);
    assert.equal(await vscode.commands.executeCommand('chutes.apiKeys.delete', item, { skipConfirm: true }), true);
    await assert.rejects(client.getApiKey(created.api_key_id), /not found/i);
    await waitFor('the key gone from the view', async () => !(await keys()).some((k) => k.label === 'ci-invoke'));
  });

  test('a duplicate key name is refused in the server\'s words and nothing is created', async () => {
    const before = (await api.connection.client()).client.listApiKeys();
    assert.equal(await vscode.commands.executeCommand('chutes.apiKeys.create', { name: 'default', admin: true, deliver: 'clipboard' }), undefined);
    assert.equal((await (await api.connection.client()).client.listApiKeys()).total, (await before).total);
  });
});

/** POST /echo on demo-echo's own host with a key (node:http, since fetch will not set Host). */
function invokeEcho(key: string): Promise<number> {
  const { hostname, port } = new URL(process.env.CHUTES_TEST_EMULATOR_URL!);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, method: 'POST', path: '/echo', headers: { host: 'demo-demo-echo.chutes.test', authorization: `Bearer ${key}`, 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end('{"text":"hi"}');
  });
}
