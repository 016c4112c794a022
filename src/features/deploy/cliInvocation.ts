// Everything needed to start the CLI for a chute: the executable, and an environment that points it
// at the platform the extension uses with the user's own hotkey (core/cli/cliConfig.ts says how).
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { cliApiUrl, planCliConfig } from '../../core/cli/cliConfig';
import { isMissing, type CliLocation } from '../../core/cli/locate';
import { readSettings } from '../../shared/settings';
import { cliConfigFile, type Connection } from '../account/connection';
import { findCli } from './cliFinder';
import { showCliMissing } from './detectCli';

export interface CliInvocation {
  cli: CliLocation;
  env: Record<string, string | undefined>;
  pipe?: string;
  apiUrl: string;
}

/** The CLI and its environment, or undefined after telling the user why there is none. */
export async function prepareCli(connection: Connection, resource: vscode.Uri): Promise<CliInvocation | undefined> {
  const cli = await findCli(resource);
  if (isMissing(cli)) {
    void showCliMissing(cli);
    return undefined;
  }
  const { target } = await connection.client();
  const apiUrl = cliApiUrl(target.apiBaseUrl, readSettings().connectTo);
  const file = cliConfigFile();
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const plan = planCliConfig({ file, text, apiUrl, platform: process.platform });
  return { cli, env: { ...process.env, ...plan.env }, pipe: plan.pipe, apiUrl };
}
