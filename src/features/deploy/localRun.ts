// Starting `chutes run <module>:<var> --dev` in a terminal for runLocally.ts (docs/cli.md "Run locally").
import { createServer } from 'node:net';
import type * as vscode from 'vscode';
import { isMissing } from '../../core/cli/locate';
import { readSettings } from '../../shared/settings';
import type { ChuteTarget } from './chuteTarget';
import { findCli } from './cliFinder';
import { showCliMissing } from './detectCli';
import { startProcessTerminal } from './processTerminal';
import type { LocalRun } from './runLocally';

export async function launchLocalRun(target: ChuteTarget, onExit: (terminal: vscode.Terminal) => void): Promise<{ terminal: vscode.Terminal; run: LocalRun } | undefined> {
  const cli = await findCli(target.uri);
  if (isMissing(cli)) {
    void showCliMissing(cli);
    return undefined;
  }
  const setting = readSettings()['runLocally.port'];
  const port = setting > 0 ? setting : await freePort();
  const loggingPort = await freePort();
  const run: LocalRun = { ref: target.ref, port, url: `http://127.0.0.1:${port}`, cwd: target.cwd };
  const terminal = startProcessTerminal({
    name: `Chutes: ${target.ref} on :${port}`,
    executable: cli.executable,
    args: ['run', target.ref, '--dev', '--host', '127.0.0.1', '--port', String(port), '--logging-port', String(loggingPort)],
    cwd: target.cwd,
    // SDK 0.6.x refuses `run` outside a "remote" context even with --dev (its context guard);
    // --dev then serves the cords at their public paths and makes no platform calls.
    env: { ...process.env, CHUTES_EXECUTION_CONTEXT: 'REMOTE' },
    onExit: () => onExit(terminal),
  });
  return { terminal, run };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
