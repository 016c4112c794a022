// `npm test`: builds, then runs the unit, integration (VS Code 1.139 and the 1.99 floor) and e2e
// layers and closes with one line "N passed, N failed[, N skipped]" summing all of them; each layer
// that skipped tests says why. `npm test -- unit e2e` runs only the named layers. scripts/test.mjs
// installs what the layers need first. With CI=true a skip caused by a missing part of the set-up
// (its reason starts with "set-up:") counts as a failure.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runIntegration, type LayerResult } from './integration';
import { projectRoot, SetupFailedError } from './paths';

const runDir = path.join(projectRoot, '.test-run');

function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: projectRoot, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function unit(): Promise<LayerResult> {
  const report = path.join(runDir, 'unit.json');
  await exec('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  const json = JSON.parse(readFileSync(report, 'utf8')) as VitestReport;
  const skipped: Record<string, number> = {};
  for (const test of json.testResults.flatMap((file) => file.assertionResults)) {
    if (test.status === 'passed' || test.status === 'failed') continue;
    const reason = skipReason([...test.ancestorTitles, test.title].join(' ')) ?? `${test.status}, no reason given`;
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  }
  return { passed: json.numPassedTests, failed: json.numFailedTests + (json.success || json.numFailedTests ? 0 : 1), skipped };
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  success: boolean;
  testResults: Array<{ assertionResults: Array<{ status: string; title: string; ancestorTitles: string[] }> }>;
}

/** A skipped test or suite names its reason in its title: "… (skipped: <reason>)". */
function skipReason(title: string): string | undefined {
  return /\(skipped: (.*?)\)/.exec(title)?.[1];
}

async function e2e(): Promise<LayerResult> {
  if ((await exec('npm', ['run', 'package', '--silent'])) !== 0) throw new Error('packaging the .vsix failed');
  const tap = path.join(runDir, 'e2e.tap');
  rmSync(path.join(projectRoot, 'test', 'e2e', 'screenshots'), { recursive: true, force: true });
  const files = readdirSync(path.join(projectRoot, 'test', 'e2e'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join('test', 'e2e', f));
  const env = { ...process.env, CHUTES_TEST_VSIX: path.join(projectRoot, 'chutes-vscode.vsix') };
  await exec('node', [
    '--import', 'tsx',
    // Force-exit: a file whose tests are done must not wait on a handle left open (the exports test
    // activates the real bundle, whose views start timers).
    '--test', '--test-concurrency=1', '--test-force-exit',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ], env);
  const text = readFileSync(tap, 'utf8');
  // Counted from the top-level result lines: with --test-force-exit the runner may exit before it
  // writes its closing "# pass N" comments. No plan line ("1..N") means the run was cut short.
  if (!/^1\.\.\d+$/m.test(text)) return { passed: 0, failed: 1 };
  const passed = [...text.matchAll(/^ok \d+ - (.*)$/gm)].filter(([, rest]) => !/# (SKIP|TODO)\b/.test(rest)).length;
  const failed = [...text.matchAll(/^not ok \d+ /gm)].length;
  const skipped: Record<string, number> = {};
  for (const [, reason] of text.matchAll(/^\s*ok \d+ - .*# (?:SKIP|TODO)\s*(.*)$/gm)) {
    const key = reason.trim() || 'no reason given';
    skipped[key] = (skipped[key] ?? 0) + 1;
  }
  return { passed, failed, skipped };
}

const layers: Record<string, () => Promise<LayerResult>> = {
  unit,
  integration: () => runIntegration('latest'),
  'integration-floor': () => runIntegration('floor'),
  e2e,
};

/** With CI=true, tests skipped because the set-up is incomplete are failures: CI installs everything. */
function setupSkips(result: LayerResult): number {
  if (process.env.CI !== 'true') return 0;
  return Object.entries(result.skipped ?? {})
    .filter(([reason]) => reason.startsWith('set-up:'))
    .reduce((n, [, count]) => n + count, 0);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => a in layers);
  const names = wanted.length ? wanted : Object.keys(layers);
  mkdirSync(runDir, { recursive: true });
  if ((await exec('node', ['esbuild.mjs'])) !== 0) throw new Error('build failed');
  const results: Array<[string, LayerResult]> = [];
  for (const name of names) {
    console.log(`\n=== ${name} tests ===`);
    let result: LayerResult;
    try {
      result = await layers[name]();
    } catch (error) {
      // A set-up failure already says what to do; anything else keeps its stack for debugging.
      if (error instanceof SetupFailedError) console.error(`${name} layer could not start: ${error.message}`);
      else console.error(`${name} layer failed to run:`, error);
      result = { passed: 0, failed: 1 };
    }
    const failedSetup = setupSkips(result);
    if (failedSetup) console.error(`${name}: CI=true, so ${failedSetup} test(s) skipped for an incomplete set-up count as failed`);
    result = { ...result, failed: result.failed + failedSetup };
    const skippedCount = Object.values(result.skipped ?? {}).reduce((n, c) => n + c, 0);
    console.log(`${name}: ${result.passed} passed, ${result.failed} failed${skippedCount ? `, ${skippedCount} skipped` : ''}`);
    for (const [reason, count] of Object.entries(result.skipped ?? {})) console.log(`  skipped ${count}: ${reason}`);
    results.push([name, result]);
  }
  const passed = results.reduce((n, [, r]) => n + r.passed, 0);
  const failed = results.reduce((n, [, r]) => n + r.failed, 0);
  const skipped = results.reduce((n, [, r]) => n + Object.values(r.skipped ?? {}).reduce((m, c) => m + c, 0), 0);
  console.log(`\nSummary by layer:`);
  for (const [name, r] of results) {
    const reasons = Object.keys(r.skipped ?? {});
    const count = Object.values(r.skipped ?? {}).reduce((m, c) => m + c, 0);
    console.log(`  ${name}: ${r.passed} passed, ${r.failed} failed, ${count} skipped${reasons.length ? ` (${reasons.join('; ')})` : ''}`);
  }
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  // Exit explicitly: a handle leaked by a dependency must not keep CI waiting.
  process.exit(failed || !passed ? 1 : 0);
}

void main();
