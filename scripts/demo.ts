import { cpSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer } from '../test/harness/codeServer';
import { startTestEmulator } from '../test/harness/emulator';
import { projectRoot } from '../test/harness/paths';

async function main(): Promise<void> {
  const portArg = process.argv.indexOf('--port');
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : undefined;
  if (port !== undefined && !(port > 0 && port < 65536)) throw new Error('usage: npm run demo -- [--port <port>]');
  // Sample chute files to open; an existing demo workspace (and what the user changed) is kept.
  const workspace = path.join(os.tmpdir(), 'chutes-demo-workspace');
  if (!existsSync(workspace)) cpSync(path.join(projectRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const emulator = await startTestEmulator();
  const demo = JSON.parse(emulator.env.CHUTES_TEST_DEMO ?? '{}');
  const server = await startCodeServer({
    workspace,
    install: [path.join(projectRoot, 'chutes-vscode.vsix')],
    settings: emulator.settings,
    port,
    // The demo user's key, as the CHUTES_API_KEY fallback: demo-only, printed by the emulator too.
    env: demo.apiKey ? { CHUTES_API_KEY: demo.apiKey } : {},
  });
  console.log(`\nChutes emulator: ${emulator.url} (demo data; demo-only credentials)`);
  if (demo.username) console.log(`Demo user: ${demo.username}, hotkey ${demo.hotkeySs58}`);
  console.log(`\nOpen VS Code with the Chutes extension: ${server.url}/?folder=${encodeURIComponent(workspace)}\n`);
  console.log('Press Ctrl-C to stop.');
  const stop = async () => {
    await server.stop();
    await emulator.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
