// Build, deploy and run chutes through the real chutes CLI (from PyPI) against the emulator, inside
// a real extension host. The fee modal is answered through DeployFeature.ui (the e2e layer clicks the
// real one); everything else is the real thing: the CLI process, its prompts, the emulator's state.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { processAlive } from '../../../src/core/cli/process';
import type { BuildOutcome } from '../../../src/features/deploy/build';
import type { DeployOutcome } from '../../../src/features/deploy/deploy';
import type { LocalRun } from '../../../src/features/deploy/runLocally';
import type { ChutesExtensionApi } from '../../../src/extension';
import { missingPython, venvBin } from '../../support/python';
import { demoCredentials } from '../demo';
import { activateExtension } from '../extension';

const CLI_TIMEOUT = 180_000;

suite('Build, deploy and run through the real chutes CLI', function () {
  this.timeout(CLI_TIMEOUT);
  let api: ChutesExtensionApi;
  let dir: string;
  let folder: vscode.Uri;
  const fees: string[] = [];
  let acceptFee = false;
  const config = () => vscode.workspace.getConfiguration('chutes');

  suiteSetup(async function () {
    const skip = missingPython('chutes');
    if (skip) {
      if (process.env.CI) throw new Error(skip);
      this.skip();
    }
    api = await activateExtension();
    api.deploy.ui = {
      confirmFee: async (_name, notice, amount) => {
        fees.push(`${amount}: ${notice}`);
        return acceptFee;
      },
      yesNo: async (question) => assert.fail(`unexpected CLI question: ${question}`),
    };
    dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-deploy-'));
    folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'deploy');
    await writeConfig('https://api.chutes.ai');
    await config().update('cliPath', venvBin('chutes'), vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await config().update('cliPath', undefined, vscode.ConfigurationTarget.Global);
    await config().update('configPath', undefined, vscode.ConfigurationTarget.Global);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The demo hotkey in a config.ini whose base_url is `baseUrl` (none when undefined). */
  async function writeConfig(baseUrl: string | undefined, auth = true): Promise<string> {
    const demo = demoCredentials();
    const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.ini`);
    const lines = [
      ...(baseUrl ? ['[api]', `base_url = ${baseUrl}`] : []),
      ...(auth ? ['[auth]', 'username = demo', `user_id = ${demo.userId}`, `hotkey_seed = ${demo.hotkeySeed}`, 'hotkey_name = default', `hotkey_ss58address = ${demo.hotkeySs58}`] : []),
      '',
    ];
    writeFileSync(file, lines.join('\n'));
    await config().update('configPath', file, vscode.ConfigurationTarget.Global);
    return file;
  }

  async function module(name: string, text: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(folder, `${name}.py`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  }

  function echoModule(chute: string, image: string, tag: string, extra = ''): string {
    return [
      'from chutes.chute import Chute, NodeSelector',
      'from chutes.image import Image',
      `image = Image(username="demo", name="${image}", tag="${tag}").from_base("parachutes/python:3.12")`,
      `chute = Chute(username="demo", name="${chute}", image=image, node_selector=NodeSelector(gpu_count=1, min_vram_gb_per_gpu=24))`,
      '',
      '@chute.cord(public_api_path="/echo", public_api_method="POST")',
      'async def echo(self, text: str) -> dict:',
      '    return {"echo": text}',
      extra,
    ].join('\n');
  }

  const fixture = () => vscode.Uri.joinPath(folder, 'echo_chute.py');
  const client = async () => (await api.connection.client()).client;
  let deployed: DeployOutcome | undefined;

  test('Detect CLI names the executable from the setting and its version', async () => {
    const found = await vscode.commands.executeCommand<{ found: boolean; source: string; executable: string; version: string }>('chutes.detectCli');
    assert.equal(found.found, true);
    assert.equal(found.source, 'setting');
    assert.equal(found.executable, venvBin('chutes'));
    assert.match(found.version, /^\d+\.\d+\.\d+/);
  });

  test('a missing CLI is said clearly, and Build does not start', async () => {
    await config().update('cliPath', path.join(dir, 'no-chutes-here'), vscode.ConfigurationTarget.Global);
    try {
      const found = await vscode.commands.executeCommand<{ found: boolean; reason: string }>('chutes.detectCli');
      assert.equal(found.found, false);
      assert.match(found.reason, /chutes\.cliPath setting points at .*no-chutes-here, which is not an executable file/);
      const outcome = await vscode.commands.executeCommand<BuildOutcome>('chutes.build', fixture(), 'chute');
      assert.equal(outcome.status, 'no-cli');
    } finally {
      await config().update('cliPath', venvBin('chutes'), vscode.ConfigurationTarget.Global);
    }
  });

  test('Build runs chutes build --wait, follows the server log live without doubling it, and the image is built', async () => {
    const target = await api.deploy.target(fixture(), 'chute');
    assert.ok(target);
    assert.equal(target.ref, 'echo_chute:chute');
    const lines: { line: string; source: string; at: number }[] = [];
    const outcome = await api.deploy.build(target, new vscode.CancellationTokenSource().token, (line, source) => lines.push({ line, source, at: Date.now() }));
    assert.equal(outcome.status, 'built', outcome.message);
    const server = lines.filter((l) => l.source === 'server').map((l) => l.line);
    assert.ok(server.some((l) => l.includes('Starting build of demo/fixture-echo-image:0.1')), server.join('\n'));
    assert.ok(server.some((l) => /Step \d+\/\d+ : RUN pip install --no-cache-dir httpx/.test(l)));
    const steps = lines.filter((l) => /Step 1\/\d+ : FROM parachutes\/python:3\.12/.test(l.line));
    assert.equal(steps.length, 1, `the first step is shown once, not once per source:\n${lines.map((l) => `${l.source}: ${l.line}`).join('\n')}`);
    // Live: the server's log follows the upload at once; the CLI waits 5 s before it reads the log.
    const uploaded = lines.find((l) => l.source === 'cli' && l.line.includes('Uploaded image package'))!.at;
    const firstServer = lines.find((l) => l.source === 'server')!.at;
    assert.ok(firstServer - uploaded < 4500, `first server line ${firstServer - uploaded} ms after the upload`);
    assert.equal((await (await client()).getImage(outcome.imageId!)).status, 'built and pushed');
  });

  test('Deploy shows the fee; declined, nothing is deployed; accepted, the chute is on the platform', async () => {
    acceptFee = false;
    const declined = await vscode.commands.executeCommand<DeployOutcome>('chutes.deploy', fixture(), 'chute');
    assert.equal(declined.status, 'fee-declined', declined.message);
    assert.equal(fees.length, 1);
    assert.match(fees[0], /^0\.75: DEPLOYMENT FEE NOTICE:/);
    assert.equal((await (await client()).listChutes({ name: 'fixture-echo' })).items.length, 0);

    acceptFee = true;
    deployed = await vscode.commands.executeCommand<DeployOutcome>('chutes.deploy', fixture(), 'chute');
    assert.equal(deployed.status, 'deployed', deployed.message);
    assert.equal(fees.length, 2);
    const chute = await (await client()).getChute(deployed.chuteId!);
    assert.equal(chute.name, 'fixture-echo');
    assert.equal(chute.version, deployed.version);
    // The explorer's reveal runs only where that feature is registered (issue 11).
    const revealable = (await vscode.commands.getCommands(true)).includes('chutes.explorer.revealChute');
    assert.equal(deployed.revealed, revealable);
  });

  test('a changed chute redeploys in place with no fee; an identical one gets the 409 explained', async () => {
    assert.ok(deployed?.chuteId, 'needs the deploy above');
    const uri = fixture();
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${text}\n# changed\n`));
    const updated = await vscode.commands.executeCommand<DeployOutcome>('chutes.deploy', uri, 'chute');
    assert.equal(updated.status, 'deployed', updated.message);
    assert.equal(updated.chuteId, deployed.chuteId);
    assert.notEqual(updated.version, deployed.version);
    assert.equal(fees.length, 2, 'no fee for an update');
    assert.equal((await (await client()).getChute(deployed.chuteId)).version, updated.version);

    const again = await vscode.commands.executeCommand<DeployOutcome>('chutes.deploy', uri, 'chute');
    assert.equal(again.status, 'exists');
    assert.match(again.message, /already deployed with exactly this image and code .*refused the redeploy \(409\)/);
  });

  test('an image not built yet, or still building, stops Deploy before the CLI with what to do', async () => {
    const unbuilt = await module('never_built', echoModule('never-built', 'never-built-image', '0.1'));
    const outcome = await vscode.commands.executeCommand<DeployOutcome>('chutes.deploy', unbuilt, 'chute');
    assert.equal(outcome.status, 'image-not-ready');
    assert.match(outcome.message, /Image demo\/never-built-image:0\.1 has not been built yet: build it first/);
    const building = await module('still_building', echoModule('still-building', 'building-image', '0.2'));
    const busy = await vscode.commands.executeCommand<DeployOutcome>('chutes.deploy', building, 'chute');
    assert.equal(busy.status, 'image-not-ready');
    assert.match(busy.message, /"building"; a chute deploys only on a "built and pushed" image/);
    assert.equal((await (await client()).listChutes({ name: 'still-building' })).items.length, 0);
  });

  test('a template chute skips the build and deploys on its standard image', async () => {
    const uri = vscode.Uri.joinPath(folder, 'llama_template.py');
    const build = await vscode.commands.executeCommand<BuildOutcome>('chutes.build', uri, 'chute');
    assert.equal(build.status, 'standard');
    assert.match(build.message, /nothing to build/);
    acceptFee = true;
    const outcome = await vscode.commands.executeCommand<DeployOutcome>('chutes.deploy', uri, 'chute');
    assert.equal(outcome.status, 'deployed', outcome.message);
    assert.equal((await (await client()).getChute(outcome.chuteId!)).standard_template, 'vllm');
  });

  test('a CLI failure is shown with the server\'s own words', async () => {
    // Built image from above; the name is one the server refuses without tee=True.
    const uri = await module('tee_named', echoModule('echo-TEE', 'fixture-echo-image', '0.1'));
    const outcome = await vscode.commands.executeCommand<DeployOutcome>('chutes.deploy', uri, 'chute');
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.message, /Avoid using 'TEE' in the chute name unless tee=True in the chute definition/);
  });

  test('a config without a hotkey is refused before the CLI runs, saying why', async () => {
    await writeConfig(undefined, false);
    try {
      const target = await api.deploy.target(fixture(), 'chute');
      await assert.rejects(api.deploy.deploy(target!, new vscode.CancellationTokenSource().token), /no \[auth\] section.*an API key cannot be used by the CLI/s);
    } finally {
      await writeConfig(undefined);
    }
  });

  test('Cancel during a build ends the CLI\'s process tree and says what state the image is in', async () => {
    const uri = await module('cancel_me', echoModule('cancel-me', 'cancel-image', '0.1'));
    const target = await api.deploy.target(uri, 'chute');
    const cancel = new vscode.CancellationTokenSource();
    let cancelledAt = 0;
    const outcome = await api.deploy.build(target!, cancel.token, (line) => {
      if (!cancelledAt && /Uploaded image package: image_id=/.test(line)) {
        cancelledAt = Date.now();
        cancel.cancel();
      }
    });
    assert.equal(outcome.status, 'cancelled', outcome.message);
    assert.ok(Date.now() - cancelledAt < 3000, `reported ${Date.now() - cancelledAt} ms after Cancel`);
    assert.equal(processAlive(outcome.pid!), false, 'the CLI is gone');
    // The upload was accepted, so the platform has the image, in the state the message names.
    assert.ok(['pending build', 'building', 'built and pushed'].includes(outcome.imageStatus!), outcome.imageStatus);
    assert.match(outcome.message, new RegExp(`The image is "${outcome.imageStatus}" on the platform`));
    assert.equal((await (await client()).getImage(outcome.imageId!)).name, 'cancel-image');
  });

  test('a second Build of the same chute while one runs starts nothing', async () => {
    const uri = await module('built_twice', echoModule('built-twice', 'twice-image', '0.1'));
    const [first, second] = await Promise.all([
      vscode.commands.executeCommand<BuildOutcome | undefined>('chutes.build', uri, 'chute'),
      vscode.commands.executeCommand<BuildOutcome | undefined>('chutes.build', uri, 'chute'),
    ]);
    const outcomes = [first, second].filter((o) => o !== undefined);
    assert.equal(outcomes.length, 1, 'exactly one build ran');
    assert.equal(outcomes[0]!.status, 'built', outcomes[0]!.message);
  });

  test('Run locally starts chutes run --dev on a known port that serves the cord', async () => {
    const run = await vscode.commands.executeCommand<LocalRun>('chutes.runLocally', fixture(), 'chute');
    assert.ok(run && run.port > 0);
    try {
      assert.deepEqual(await vscode.commands.executeCommand('chutes.localRunPort'), run);
      let reply: unknown;
      const deadline = Date.now() + 120_000;
      while (reply === undefined && Date.now() < deadline) {
        reply = await fetch(`${run.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hi' }) })
          .then((r) => (r.ok ? r.json() : undefined))
          .catch(() => undefined);
        if (reply === undefined) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      assert.ok(reply, 'the local chute answered');
      assert.match(JSON.stringify(reply), /hi/);
    } finally {
      for (const terminal of vscode.window.terminals.filter((t) => t.name.includes(`:${run.port}`))) terminal.dispose();
    }
  });
});
