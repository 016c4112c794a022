// node --import tsx emulator/cli.ts --port <p> [--seed demo|empty] [--state <file>] [--tokens-per-second N]
//                                   [--build-ms N] [--domain chutes.ai] [--bulk-chutes N]
import { startEmulator, type EmulatorOptions } from './index';

const USAGE = `Usage: npm run emulator -- [--port 8787] [--seed demo|empty] [--state <file>] [--tokens-per-second N] [--build-ms N] [--domain chutes.ai] [--bulk-chutes N]

  --port N               port on 127.0.0.1 (default 8787, 0 = any free port)
  --seed demo|empty      initial data when no state file exists (default empty)
  --state FILE           load state from FILE if present and save every change to it
  --tokens-per-second N  fake LLM speed (default 50, 0 = as fast as possible)
  --build-ms N           image build duration in milliseconds (default 1200)
  --domain D             platform domain named in the printed hints (default chutes.ai)
  --bulk-chutes N        with --seed demo: N more cold chutes for the demo user (paging benchmarks)`;

class UsageError extends Error {}

const FLAGS = ['--port', '--seed', '--state', '--tokens-per-second', '--build-ms', '--domain', '--bulk-chutes'];

function nonNegativeInt(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} expects a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

function parseArgs(argv: string[]): EmulatorOptions & { help?: boolean } {
  const options: EmulatorOptions & { help?: boolean } = { port: 8787 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === '--help' || flag === '-h') {
      options.help = true;
      continue;
    }
    if (!FLAGS.includes(flag)) throw new UsageError(`Unknown option ${JSON.stringify(flag)}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    switch (flag) {
      case '--port': {
        const port = nonNegativeInt(flag, value);
        if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
        options.port = port;
        break;
      }
      case '--seed':
        if (value !== 'demo' && value !== 'empty') throw new UsageError(`--seed must be "demo" or "empty", got ${JSON.stringify(value)}`);
        options.seed = value;
        break;
      case '--state':
        options.statePath = value;
        break;
      case '--tokens-per-second':
        options.tokensPerSecond = nonNegativeInt(flag, value);
        break;
      case '--build-ms':
        options.buildDurationMs = nonNegativeInt(flag, value);
        break;
      case '--bulk-chutes':
        options.bulkChutes = nonNegativeInt(flag, value);
        break;
      case '--domain':
        if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value)) throw new UsageError(`--domain must be a domain name such as chutes.ai, got ${JSON.stringify(value)}`);
        options.domain = value.toLowerCase();
        break;
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`chutes-emulator: ${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const running = await startEmulator(options);
  const domain = options.domain ?? 'chutes.ai';
  const lines = [`Chutes emulator listening on ${running.url}`];
  if (running.demo) {
    const d = running.demo;
    lines.push(
      'Demo account (demo-only, not a real credential):',
      `  username:     ${d.username}`,
      `  user id:      ${d.userId}`,
      `  API key:      ${d.apiKey}`,
      `  hotkey seed:  ${d.hotkeySeed}`,
      `  hotkey ss58:  ${d.hotkeySs58}`,
    );
  }
  lines.push(`Hosts: send Host api.${domain}, llm.${domain} or <chute slug>.${domain} to ${running.url}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (signal: string) => {
    process.stdout.write(`Received ${signal}, shutting down.\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`chutes-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
