// A terminal the user sees that runs one process without a shell (core/cli/process.ts): its output
// live, Ctrl+C or closing the terminal ends the process tree, and the terminal stays open after
// the process ends so its last words can be read.
import * as vscode from 'vscode';
import { runCli, type RunResult } from '../../core/cli/process';

export interface ProcessTerminalOptions {
  name: string;
  executable: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** Called once the process has ended, with how it ended. */
  onExit?(result: RunResult | Error): void;
}

export function startProcessTerminal(options: ProcessTerminalOptions): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  const abort = new AbortController();
  let ended = false;
  const print = (text: string) => write.fire(`${text.replace(/\r?\n/g, '\r\n')}\r\n`);
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      print(`> ${[options.executable, ...options.args].join(' ')}`);
      runCli(options.executable, options.args, { cwd: options.cwd, env: options.env, signal: abort.signal, onLine: print }).then(
        (result) => {
          ended = true;
          print(result.cancelled ? '\r\nStopped.' : `\r\nProcess ended with exit code ${result.code ?? 'none'}. Press any key to close.`);
          options.onExit?.(result);
        },
        (error: Error) => {
          ended = true;
          print(`\r\n${error.message}\r\nPress any key to close.`);
          options.onExit?.(error);
        },
      );
    },
    handleInput: (data) => {
      if (ended) close.fire();
      else if (data === '\x03') abort.abort();
    },
    close: () => {
      abort.abort();
      write.dispose();
      close.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: options.name, pty });
  terminal.show();
  return terminal;
}
