// Measures in the real extension host (code-server, as the integration tests run it): the probe
// module bench/host/stallProbe.ts is loaded as extensionTestsPath and prints one result line.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { format } from 'node:util';
import * as esbuild from 'esbuild';
import { projectRoot } from '../test/harness/paths';
import { startSession, withLogs } from '../test/harness/session';

export interface HostStall {
  bytes: number;
  chuteStallMs: number;
  baselineStallMs: number;
  checkMs: number;
}

const RESULT = /CHUTES_BENCH (\{.*\})/;

export async function measureHostStall(): Promise<HostStall> {
  execFileSync('node', ['esbuild.mjs'], { cwd: projectRoot, stdio: 'inherit' }); // the extension as it ships, worker included
  const outdir = path.join(projectRoot, 'out', 'bench');
  await esbuild.build({
    entryPoints: [path.join(projectRoot, 'bench', 'host', 'stallProbe.ts')],
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const session = await startSession();
  const { page, server } = session;
  const output: string[] = [];
  try {
    const exited = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => output.push(format(...args)));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(projectRoot)],
      ['extensionTestsPath', remote(path.join(outdir, 'stallProbe'))],
      ['skipWelcome', 'true'],
    ];
    await page.goto(`${session.url}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the extension-host probe did not finish within 10 minutes')), 10 * 60_000);
    });
    const code = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    const match = output.map((line) => RESULT.exec(line)).find(Boolean);
    if (!match) throw new Error(`the probe exited with ${code} and no result.\n${output.join('\n')}`);
    return JSON.parse(match[1]!) as HostStall;
  } catch (error) {
    throw withLogs(error, server.logs(), session.browserLog);
  } finally {
    await session.close();
  }
}
