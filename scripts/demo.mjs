// `npm run demo`: installs what is missing (scripts/setup.mjs), builds, and starts a real VS Code
// (code-server) with the extension installed, talking to the local Chutes emulator seeded with demo
// data. Ctrl-C stops all.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { orExit, projectRoot, pythonVenv, setup } from './setup.mjs';

orExit(() => setup(['npm', 'code-server', 'python']));
console.log('Building and packaging the extension…');
const packaged = spawnSync('npm', ['run', 'package', '--silent'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
if (packaged.status !== 0) {
  process.stderr.write('demo: packaging the extension failed (see above); `npm run package` shows the same.\n');
  process.exit(1);
}

// The venv's `chutes` CLI comes first on PATH, so the extension finds the real CLI in the demo.
const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: { ...process.env, PATH: `${path.join(pythonVenv(), 'bin')}:${process.env.PATH}` },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
