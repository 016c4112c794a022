// `npm test [-- layer…]`: installs what the chosen layers need (scripts/setup.mjs), then runs them
// through the harness (test/harness/run.ts), which closes with "N passed, N failed[, N skipped]".
import { spawn } from 'node:child_process';
import { orExit, projectRoot, pythonVenv, setup } from './setup.mjs';

// What each layer needs installed. The integration layers run in code-server in headless Chromium.
const LAYER_PARTS = {
  unit: ['npm', 'python'],
  integration: ['npm', 'code-server', 'browser', 'python'],
  'integration-floor': ['npm', 'code-server-floor', 'browser', 'python'],
  e2e: ['npm', 'code-server', 'browser', 'python'],
};

const args = process.argv.slice(2);
const unknown = args.filter((a) => !(a in LAYER_PARTS));
if (unknown.length) {
  process.stderr.write(`Unknown test layer(s): ${unknown.join(', ')}. Layers: ${Object.keys(LAYER_PARTS).join(', ')}\n`);
  process.exit(2);
}
const layers = args.length ? args : Object.keys(LAYER_PARTS);
orExit(() => setup([...new Set(layers.flatMap((layer) => LAYER_PARTS[layer]))]));

const child = spawn(process.execPath, ['--import', 'tsx', 'test/harness/run.ts', ...layers], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: { ...process.env, CHUTES_PY_VENV: pythonVenv() },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
