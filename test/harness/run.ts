// `npm test`: builds, then runs the unit, integration and e2e layers and closes with one line
// "N passed, N failed" summing all of them. `npm test -- unit e2e` runs only the named layers.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runIntegration, type LayerResult } from './integration';
import { projectRoot } from './paths';

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
  const json = JSON.parse(readFileSync(report, 'utf8'));
  return { passed: json.numPassedTests, failed: json.numFailedTests + (json.success || json.numFailedTests ? 0 : 1) };
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
    '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ], env);
  const text = readFileSync(tap, 'utf8');
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  if (Number.isNaN(passed + failed)) return { passed: 0, failed: 1 };
  return { passed, failed };
}

const layers: Record<string, () => Promise<LayerResult>> = { unit, integration: runIntegration, e2e };

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
      console.error(`${name} layer failed to run:`, error);
      result = { passed: 0, failed: 1 };
    }
    console.log(`${name}: ${result.passed} passed, ${result.failed} failed`);
    results.push([name, result]);
  }
  const passed = results.reduce((n, [, r]) => n + r.passed, 0);
  const failed = results.reduce((n, [, r]) => n + r.failed, 0);
  console.log(`\n${passed} passed, ${failed} failed`);
  // Exit explicitly: a handle leaked by a dependency must not keep CI waiting.
  process.exit(failed || !passed ? 1 : 0);
}

void main();
