// Entry point of the chutes-lint command (bundled as dist/chutes-lint.js, run by bin/chutes-lint.js).
import { runLintCli, terminalSafe } from './core/lint/cli';

runLintCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${terminalSafe(`chutes-lint: ${error instanceof Error ? error.message : String(error)}`)}\n`);
    process.exitCode = 2;
  },
);
