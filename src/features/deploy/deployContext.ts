// What Build, Deploy and Run locally share: the connection, their output channels, the questions
// they ask the user (one interface, so tests can answer the modal ones), and running the CLI with
// its own y/n questions answered.
import * as vscode from 'vscode';
import { runCli, type RunResult } from '../../core/cli/process';
import type { Connection } from '../account/connection';
import type { CliInvocation } from './cliInvocation';
import type { DeployUi } from './deployUi';

export interface DeployContext {
  connection: Connection;
  buildOutput: vscode.OutputChannel;
  deployOutput: vscode.OutputChannel;
  ui: DeployUi;
}

/** The CLI's own confirmations, answered yes because the user asked for exactly this action. */
const EXPECTED_PROMPTS = [
  /Confirm submitting build context\?/,
  /would you like to see the rest\?/,
  /You are about to upload .+ and deploy .+, confirm\?/,
];

export interface CliRunOptions {
  cwd: string;
  output: vscode.OutputChannel;
  token: vscode.CancellationToken;
  onLine?(line: string): void;
  /** Filters what reaches the output channel (the rest is still parsed). */
  show?(line: string): boolean;
}

export async function runWithOutput(ctx: DeployContext, invocation: CliInvocation, args: string[], options: CliRunOptions): Promise<RunResult> {
  const abort = new AbortController();
  const cancel = options.token.onCancellationRequested(() => abort.abort());
  if (options.token.isCancellationRequested) abort.abort();
  options.output.appendLine(`> chutes ${args.join(' ')}    (in ${options.cwd}, against ${invocation.apiUrl})`);
  try {
    return await runCli(invocation.cli.executable, args, {
      cwd: options.cwd,
      env: invocation.env,
      pipe: invocation.pipe,
      signal: abort.signal,
      onLine: (line) => {
        if (options.show?.(line) ?? true) options.output.appendLine(line);
        options.onLine?.(line);
      },
      onPrompt: async (prompt) => (EXPECTED_PROMPTS.some((p) => p.test(prompt)) || (await ctx.ui.yesNo(prompt)) ? 'y' : 'n'),
    });
  } finally {
    cancel.dispose();
  }
}

/** Runs a command of another feature only when that feature registered it (e.g. the explorer's). */
export async function runIfRegistered(command: string, ...args: unknown[]): Promise<boolean> {
  if (!(await vscode.commands.getCommands(true)).includes(command)) return false;
  await vscode.commands.executeCommand(command, ...args);
  return true;
}
