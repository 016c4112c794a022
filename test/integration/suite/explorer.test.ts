import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChutesExtensionApi } from '../../../src/extension';
import { demoCredentials } from '../demo';
import { activateExtension } from '../extension';
import { emulator, requestCount, showView, signInDemo, waitFor } from './sidebarHelpers';

type Item = vscode.TreeItem & { chuteId?: string; kind?: string; chute?: { name: string }; instanceId?: string; row?: { children?: unknown[] } };

suite('Chutes explorer against the emulator', () => {
  let api: ChutesExtensionApi;
  const roots = async () => (await api.explorer.chutes.getChildren()) as Item[];
  /** Every own chute: loads the remaining pages first. */
  const allRoots = async () => {
    while ((await roots()).some((i) => i.kind === 'loadMore')) await vscode.commands.executeCommand('chutes.explorer.loadMore', 'chutes.explorer');
    return roots();
  };
  const byName = async (name: string) => (await allRoots()).find((item) => item.label === name);
  const demoEcho = async () => (await byName('demo-echo'))!;

  suiteSetup(async () => {
    api = await activateExtension();
    await emulator('POST', '/_emulator/reset');
    await signInDemo();
    await vscode.workspace.getConfiguration('chutes').update('explorer.refreshIntervalSeconds', 600, vscode.ConfigurationTarget.Global);
    await showView(api, 'chutes.explorer');
    await api.explorer.state.setFilter('');
    await api.explorer.state.setSort('invocations');
    api.explorer.chutes.reset();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('chutes').update('explorer.refreshIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await emulator('DELETE', '/_emulator/faults');
  });

  test('the first page comes from one request: 25 of 33 own chutes with state, icons and a Load more node', async () => {
    await roots();
    await emulator('DELETE', '/_emulator/requests');
    api.explorer.chutes.reset();
    const items = await roots();
    assert.equal(await requestCount('/chutes'), 1);
    assert.equal(items.length, 26);
    assert.equal(items.at(-1)?.label, 'Load more…');
    assert.equal(items.at(-1)?.description, '25 of 33');
    const echo = items.find((i) => i.label === 'demo-echo')!;
    assert.equal(echo.contextValue, 'chute.hot.private');
    assert.equal((echo.iconPath as vscode.ThemeIcon).id, 'flame');
    assert.equal(echo.resourceUri?.toString(), `chutes-chute:/${echo.chuteId}`);
    assert.match(String(echo.description), /hot · custom · 1 GPU — Echo, shout and stream words back/);
    assert.ok(!items.some((i) => i.label === 'alice-notes' || i.label === 'Qwen/Qwen3-32B'), 'only own chutes');
  });

  test('Load more brings the rest (TEE badge, cold icon), and the node goes away', async () => {
    await vscode.commands.executeCommand('chutes.explorer.loadMore', 'chutes.explorer');
    const items = await roots();
    assert.equal(items.length, 33);
    assert.ok(!items.some((i) => i.label === 'Load more…'));
    const tee = items.find((i) => i.label === 'secure-chat-TEE')!;
    assert.match(String(tee.description), /vllm · 1 GPU · TEE/);
    assert.equal(tee.contextValue, 'chute.hot.private.tee');
    const cold = items.find((i) => i.label === 'stabilityai/sdxl-turbo')!;
    assert.equal((cold.iconPath as vscode.ThemeIcon).id, 'circle-large-outline');
    assert.equal(cold.contextValue, 'chute.cold.private');
  });

  test('the name filter asks the server, is kept per workspace, and clears', async () => {
    await vscode.commands.executeCommand('chutes.explorer.filter', 'batch-0');
    const items = await roots();
    assert.deepEqual(items.map((i) => i.label), Array.from({ length: 9 }, (_, n) => `demo-batch-0${n + 1}`));
    assert.equal(api.explorer.state.filter, 'batch-0');
    assert.equal(api.explorer.chutes.view.description, 'name contains "batch-0"');
    await vscode.commands.executeCommand('chutes.explorer.filter', 'no-such-chute');
    const none = await roots();
    assert.equal(none.length, 1);
    assert.match(String(none[0].label), /No chutes match "no-such-chute"/);
    await vscode.commands.executeCommand('chutes.explorer.clearFilter');
    assert.equal((await roots()).length, 26);
  });

  test('sort by name and by update time reorders the loaded rows without a request', async () => {
    await roots();
    await emulator('DELETE', '/_emulator/requests');
    await vscode.commands.executeCommand('chutes.explorer.sort', 'name');
    const names = (await roots()).filter((i) => i.kind === 'chute').map((i) => String(i.label));
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
    assert.equal(await requestCount('/chutes'), 0);
    await vscode.commands.executeCommand('chutes.explorer.sort', 'invocations');
    assert.equal((await roots())[0].label, 'demo-echo');
  });

  test('expanding a chute fetches it: cords, instances, node selector and price', async () => {
    const echo = await demoEcho();
    const groups = (await api.explorer.chutes.getChildren(echo as never)) as Item[];
    assert.deepEqual(groups.map((g) => g.label), ['Cords', 'Instances', 'Node selector', 'Price']);
    const cords = (await api.explorer.chutes.getChildren(groups[0] as never)) as Item[];
    assert.deepEqual(cords.map((c) => c.label), ['POST /echo', 'POST /shout', 'POST /stream', 'GET /health', 'POST /tokens']);
    assert.match(String(cords[2].description), /streaming/);
    const instances = (await api.explorer.chutes.getChildren(groups[1] as never)) as Item[];
    assert.equal(instances.length, 1);
    assert.equal(instances[0].contextValue, 'instance.private');
    assert.match(String(instances[0].description), /active, verified/);
  });

  test('edit tagline and README change the emulator and redraw only that chute', async () => {
    const echo = await demoEcho();
    await vscode.commands.executeCommand('chutes.editTagline', echo, 'Echoes, now with tests');
    await vscode.commands.executeCommand('chutes.editReadme', echo.chuteId, '# Echo\n\nEdited from VS Code.');
    const { client } = await api.connection.client();
    const server = await client.getChute(echo.chuteId!);
    assert.equal(server.tagline, 'Echoes, now with tests');
    assert.equal(server.readme, '# Echo\n\nEdited from VS Code.');
    assert.match(String((await demoEcho()).description), /Echoes, now with tests/);
  });

  test('instance logs stream into a read-only document until stopped', async () => {
    const echo = await demoEcho();
    const groups = (await api.explorer.chutes.getChildren(echo as never)) as Item[];
    const [instance] = (await api.explorer.chutes.getChildren(groups[1] as never)) as Item[];
    const uri = await vscode.commands.executeCommand<string>('chutes.streamInstanceLogs', instance);
    const text = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.getText() ?? '';
    await waitFor('live log lines', () => text().includes('health check ok'));
    assert.match(text(), /-- connected \(current\) --/);
    assert.equal(await vscode.commands.executeCommand('chutes.stopInstanceLogs', uri), 1);
    await waitFor('the stream to stop', () => text().includes('-- stopped --'));
  });

  test('disable and enable: the state follows, and the server refuses to invoke a disabled chute', async () => {
    const echo = await demoEcho();
    await vscode.commands.executeCommand('chutes.disableChute', echo, { skipConfirm: true });
    assert.equal((await demoEcho()).contextValue, 'chute.disabled.private');
    const { client } = await api.connection.client();
    await assert.rejects(client.invokeCord('demo-demo-echo', { public_api_path: '/echo', public_api_method: 'POST', stream: false }, { text: 'x' }), /currently disabled/);
    await vscode.commands.executeCommand('chutes.enableChute', echo.chuteId);
    assert.match(String((await demoEcho()).contextValue), /^chute\.(hot|cold)\.private$/);
  });

  test('warm up streams progress until the chute is hot, then its node shows hot', async () => {
    const cold = (await byName('stabilityai/sdxl-turbo'))!;
    const status = await vscode.commands.executeCommand('chutes.warmUp', cold.chuteId);
    assert.equal(status, 'hot');
    assert.equal((await byName('stabilityai/sdxl-turbo'))?.contextValue, 'chute.hot.private');
  });

  test('share and unshare with alice change what alice can see', async () => {
    const echo = await demoEcho();
    const aliceSees = async () => {
      const res = await fetch(`${process.env.CHUTES_TEST_EMULATOR_URL}/chutes/${echo.chuteId}`, { headers: { authorization: `Bearer ${aliceKey()}` } });
      return res.status;
    };
    assert.equal(await aliceSees(), 404);
    assert.match(String(await vscode.commands.executeCommand('chutes.shareChute', echo, 'alice')), /Successfully shared/);
    assert.equal(await aliceSees(), 200);
    await vscode.commands.executeCommand('chutes.unshareChute', echo, 'alice');
    assert.equal(await aliceSees(), 404);
  });

  test('copy id, slug, invoke URL and a curl example that reads the key from the environment', async () => {
    const echo = await demoEcho();
    await vscode.commands.executeCommand('chutes.copyChuteId', echo);
    assert.equal(await vscode.env.clipboard.readText(), echo.chuteId);
    await vscode.commands.executeCommand('chutes.copySlug', echo);
    assert.equal(await vscode.env.clipboard.readText(), 'demo-demo-echo');
    await vscode.commands.executeCommand('chutes.copyInvokeUrl', echo);
    assert.equal(await vscode.env.clipboard.readText(), 'http://demo-demo-echo.chutes.test/echo');
    await vscode.commands.executeCommand('chutes.copyCurl', echo);
    const curl = await vscode.env.clipboard.readText();
    assert.match(curl, /\$CHUTES_API_KEY/);
    assert.ok(!curl.includes('cpk_'), 'no key in the example');
  });

  test('view source opens the chute code read-only as Python', async () => {
    const uri = await vscode.commands.executeCommand<string>('chutes.viewSource', (await demoEcho()).chuteId);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)!;
    assert.equal(document.languageId, 'python');
    assert.match(document.getText(), /async def echo\(self, text: str/);
    assert.equal(document.uri.scheme, 'chutes-source');
  });

  test('logs of a public chute are refused in the server\'s words', async () => {
    const { client } = await api.connection.client();
    const qwen = await client.getChute('Qwen/Qwen3-32B');
    const result = await vscode.commands.executeCommand('chutes.streamInstanceLogs', { chuteId: qwen.chute_id, chute: qwen, instanceId: qwen.instances![0].instance_id });
    assert.equal(result, undefined);
  });

  test('delete removes the chute by UUID on the server and its node from the tree', async () => {
    const victim = (await byName('demo-batch-30'))?.chuteId ?? (await vscode.commands.executeCommand('chutes.explorer.loadMore', 'chutes.explorer'), (await byName('demo-batch-30'))!.chuteId);
    assert.equal(await vscode.commands.executeCommand('chutes.deleteChute', victim, { skipConfirm: true }), true);
    assert.ok(!(await byName('demo-batch-30')));
    const { client } = await api.connection.client();
    await assert.rejects(client.getChute(victim!), /Chute not found/);
  });

  test('revealChute refreshes, then reveals and selects a chute, even one on no loaded page', async () => {
    const { client } = await api.connection.client();
    const late = (await client.getChute('demo-batch-29')).chute_id;
    api.explorer.chutes.reset();
    assert.equal(await vscode.commands.executeCommand('chutes.explorer.revealChute', late), late);
    await waitFor('the chute selected', () => api.explorer.chutes.view.selection.some((i) => (i as Item).chuteId === late));
    assert.ok((await roots()).some((i) => i.chuteId === late));
  });

  test('Public chutes lists public ones too, with the LLM price from /v1/models', async () => {
    await showView(api, 'chutes.publicChutes');
    const items = await waitFor('public rows', async () => {
      const rows = (await api.explorer.publicChutes.getChildren()) as Item[];
      return rows.some((i) => i.label === 'Qwen/Qwen3-32B') ? rows : undefined;
    });
    const qwen = items.find((i) => i.label === 'Qwen/Qwen3-32B')!;
    assert.match(String(qwen.description), /public.*\$[\d.]+\/\$[\d.]+ per M tokens/);
    assert.equal(qwen.contextValue, 'chute.hot.public');
    assert.ok(items.some((i) => i.label === 'demo-echo'), 'own chutes are there as well');
    assert.ok(!items.some((i) => i.label === 'alice-notes'), "another user's private chute is not");
    await showView(api, 'chutes.explorer');
  });

  test('a 500 becomes an error node in the server\'s words; refresh recovers', async () => {
    await emulator('POST', '/_emulator/faults', { path: '/chutes/', method: 'GET', times: 1, fault: { status: 500, detail: 'database on fire' } });
    await vscode.commands.executeCommand('chutes.explorer.refresh');
    const items = await roots();
    const error = items.find((i) => i.kind === 'error')!;
    assert.match(String(error.label), /database on fire \(500 from GET api\.chutes\.test\/chutes\/\)/);
    assert.equal(error.command?.command, 'chutes.explorer.showError');
    await vscode.commands.executeCommand('chutes.explorer.refresh');
    assert.ok(!(await roots()).some((i) => i.kind === 'error'));
  });

  test('a 429 after the client\'s retries counts down on the error node, then retries by itself', async () => {
    await emulator('POST', '/_emulator/faults', { path: '/chutes/', method: 'GET', times: 4, fault: { status: 429, retryAfter: '1' } });
    await vscode.commands.executeCommand('chutes.explorer.refresh');
    const error = await waitFor('the 429 node', async () => (await roots()).find((i) => i.kind === 'error'));
    assert.match(String(error.label), /^Retrying in \d s — Rate limit exceeded/);
    await waitFor('the list back after the countdown', async () => !api.explorer.chutes.error && (await roots()).some((i) => i.label === 'demo-echo'), 15_000);
  });

  test('a 401 shows an error node that offers to update the credentials', async () => {
    await api.apiKeys.set(`${demoCredentials().apiKey.slice(0, -4)}zzzz`);
    await waitFor('a 401 node', async () => (await roots()).find((i) => i.contextValue === 'error.auth'));
    await signInDemo();
    await waitFor('the list back', async () => (await roots()).some((i) => i.label === 'demo-echo'));
  });

  test('no requests while the views are hidden; showing the view loads it', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the Chutes views to hide', () => api.explorer.trees.every((t) => !t.view.visible));
    await vscode.workspace.getConfiguration('chutes').update('explorer.refreshIntervalSeconds', 15, vscode.ConfigurationTarget.Global);
    // Let what earlier tests started (the account line after a load) land before counting.
    await waitFor('quiet', async () => {
      await emulator('DELETE', '/_emulator/requests');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return (await emulator('GET', '/_emulator/requests')).count === 0;
    });
    api.explorer.refresh();
    await vscode.commands.executeCommand('chutes.explorer.refresh');
    await vscode.commands.executeCommand('chutes.images.refresh');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const seen = await emulator('GET', '/_emulator/requests');
    assert.equal(seen.count, 0, `hidden views ask nothing, got ${JSON.stringify(seen.requests)}`);
    await showView(api, 'chutes.explorer');
    await waitFor('the first page after showing', async () => (await requestCount('/chutes/')) >= 1);
    await vscode.workspace.getConfiguration('chutes').update('explorer.refreshIntervalSeconds', 600, vscode.ConfigurationTarget.Global);
  });
});

function aliceKey(): string {
  // The second seeded user's demo-only key, handed over by the harness.
  return JSON.parse(process.env.CHUTES_TEST_ALICE ?? 'null')?.apiKey ?? '';
}
