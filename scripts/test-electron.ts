// `npm run test:electron`: the same integration suites in desktop VS Code via @vscode/test-electron,
// for machines that can download VS Code (ours cannot: docs/architecture.md, "Set-up, tests and tested VS Code versions").
import { runTests } from '@vscode/test-electron';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIntegrationTests } from '../test/harness/buildTests';
import { startTestEmulator } from '../test/harness/emulator';
import { projectRoot } from '../test/harness/paths';

async function main(): Promise<void> {
  execFileSync('node', ['esbuild.mjs'], { cwd: projectRoot, stdio: 'inherit' });
  const extensionTestsPath = await buildIntegrationTests();
  const emulator = await startTestEmulator();
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'chutes-electron-'));
  mkdirSync(path.join(userDataDir, 'User'));
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(emulator.settings));
  try {
    await runTests({
      version: '1.139.1',
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath,
      extensionTestsEnv: emulator.env,
      launchArgs: [path.join(projectRoot, 'test', 'fixtures', 'workspace'), '--disable-extensions', '--user-data-dir', userDataDir],
    });
  } finally {
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(`test:electron failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
