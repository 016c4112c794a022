// Runs generated code snippets as a user would, against the emulator: curl through bash (its own
// --connect-to does the routing), TypeScript through tsx with fetch dialled to the emulator the way
// the extension's connect-to setting does.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const undici = createRequire(__filename).resolve('undici');

export async function runCurlSnippet(code: string, apiKey: string): Promise<string> {
  const { stdout } = await run('bash', ['-c', code], { env: { ...process.env, CHUTES_API_KEY: apiKey }, timeout: 60_000 });
  return stdout;
}

export async function runTypeScriptSnippet(code: string, emulatorPort: number, apiKey: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-snippet-'));
  try {
    const file = path.join(dir, 'request.ts');
    const preload = path.join(dir, 'connect-to.mjs');
    writeFileSync(file, code);
    writeFileSync(
      preload,
      `import { Agent, buildConnector, setGlobalDispatcher } from ${JSON.stringify(undici)};\n` +
        `const connect = buildConnector({});\n` +
        `setGlobalDispatcher(new Agent({ connect: (o, cb) => connect({ ...o, hostname: '127.0.0.1', port: ${emulatorPort} }, cb) }));\n`,
    );
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', preload, file], { env: { ...process.env, CHUTES_API_KEY: apiKey }, timeout: 60_000 });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
