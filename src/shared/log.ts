import * as vscode from 'vscode';
import { redact } from '../core/redact';

let channel: vscode.LogOutputChannel | undefined;

function output(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Chutes', { log: true });
  return channel;
}

/** The extension's one log. Every line is redacted before it is written. */
export const log = {
  trace: (message: string) => output().trace(redact(message)),
  info: (message: string) => output().info(redact(message)),
  warn: (message: string) => output().warn(redact(message)),
  error: (message: string | Error) =>
    output().error(redact(message instanceof Error ? (message.stack ?? message.message) : message)),
  show: () => output().show(true),
  dispose: () => {
    channel?.dispose();
    channel = undefined;
  },
};
