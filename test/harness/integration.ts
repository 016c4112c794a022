// Runs test/integration inside a real VS Code extension host: code-server started with the smoke
// test driver, the workbench opened in headless Chromium with extensionDevelopmentPath and
// extensionTestsPath in its payload (the way VS Code's own browser integration tests run).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { buildIntegrationTests } from './buildTests';
import { canaryApiKey, findCanary } from './canary';
import { projectRoot, type CodeServerVersion } from './paths';
import { startSession, withLogs } from './session';

export interface LayerResult {
  passed: number;
  failed: number;
  /** Why tests were skipped, with how many for each reason. */
  skipped?: Record<string, number>;
}

const RESULT = /CHUTES_INTEGRATION_RESULT passed=(\d+) failed=(\d+)(?: skipped=(\d+))?/;
const SKIP = /^CHUTES_INTEGRATION_SKIP (.*)$/;

export async function runIntegration(version: CodeServerVersion = 'latest'): Promise<LayerResult> {
  const testModule = await buildIntegrationTests();
  mkdirSync(path.join(projectRoot, '.test-run'), { recursive: true });
  const grep = process.env.CHUTES_TEST_GREP ?? '';
  const canary = canaryApiKey();
  const suffix = version === 'latest' ? '' : `-${version}`;
  const trusted = await runSession(testModule, `integration${suffix}`, { grep, canary, version });
  if (grep && !/restricted/i.test(grep)) return trusted;
  // The Restricted Mode suite again, in a workspace that was never trusted (docs/trust.md).
  const restricted = await runSession(testModule, `integration-restricted${suffix}`, { grep: 'Restricted Mode', canary, version, restricted: true });
  const skipped = { ...trusted.skipped };
  for (const [reason, n] of Object.entries(restricted.skipped ?? {})) skipped[reason] = (skipped[reason] ?? 0) + n;
  return { passed: trusted.passed + restricted.passed, failed: trusted.failed + restricted.failed, skipped };
}

interface SessionRun {
  grep: string;
  canary: string;
  version: CodeServerVersion;
  restricted?: boolean;
}

async function runSession(testModule: string, name: string, options: SessionRun): Promise<LayerResult> {
  const session = await startSession({
    env: { CHUTES_TEST_GREP: options.grep, CHUTES_TEST_CANARY_KEY: options.canary },
    restricted: options.restricted,
    version: options.version,
  });
  const { page, server } = session;
  const output: string[] = [];
  try {
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = format(...args);
      output.push(line);
      // Mocha's console.log arrives as 'info'; workbench errors (offline gallery etc.) stay in the log file.
      if (type === 'info' && !/CHUTES_INTEGRATION_(RESULT|SKIP)/.test(line)) process.stdout.write(`${line}\n`);
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(projectRoot)],
      ['extensionTestsPath', remote(testModule.replace(/\.js$/, ''))],
      ['skipWelcome', 'true'],
    ];
    await page.goto(`${session.url}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('integration tests did not finish within 15 minutes')), 15 * 60_000);
    });
    const code = await Promise.race([exitCode, timeout]).finally(() => clearTimeout(timer));
    const match = output.map((line) => RESULT.exec(line)).find(Boolean);
    if (!match) throw new Error(`extension host exited with ${code} and no test result.\n--- output ---\n${output.join('\n')}`);
    const skipped: Record<string, number> = {};
    for (const reason of output.map((line) => SKIP.exec(line)?.[1]).filter((r) => r !== undefined)) {
      skipped[reason] = (skipped[reason] ?? 0) + 1;
    }
    const leaks = findCanary(options.canary, [server.userDataDir, session.workspace], {
      'test output': output.join('\n'),
      'browser console': session.browserLog.join('\n'),
      'code-server log': server.logs(),
    });
    if (leaks.length) console.error(`The canary API key of this run leaked into:\n  ${leaks.join('\n  ')}`);
    else console.log(`Canary API key: found nowhere (user data, workspace, test output, browser console, code-server log).`);
    return { passed: Number(match[1]), failed: Number(match[2]) + (leaks.length ? 1 : 0), skipped };
  } catch (error) {
    throw withLogs(error, server.logs(), session.browserLog);
  } finally {
    writeFileSync(
      path.join(projectRoot, '.test-run', `${name}.log`),
      `${output.join('\n')}\n--- browser console ---\n${session.browserLog.join('\n')}\n--- code-server ---\n${server.logs()}`,
    );
    await session.close();
  }
}
