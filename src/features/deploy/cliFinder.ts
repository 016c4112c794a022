// Finds the chutes CLI for a file (core/cli/locate.ts has the order) and keeps the context key
// `chutes.cliMissing` true while none is found, so menus and views can offer Detect CLI instead.
import * as vscode from 'vscode';
import { isMissing, locateCli, type CliLocation, type CliMissing } from '../../core/cli/locate';
import { log } from '../../shared/log';
import { readSettings } from '../../shared/settings';

export const CLI_MISSING_CONTEXT = 'chutes.cliMissing';

/** The part of the Python extension's public API we use (ms-python.python, `environments`). */
interface PythonEnvironmentsApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(environment: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
}

/** How long we wait for the Python extension to activate and answer before going on without it. */
const PYTHON_API_TIMEOUT_MS = 10_000;

export async function findCli(resource?: vscode.Uri): Promise<CliLocation | CliMissing> {
  const python = await selectedPython(resource);
  const result = await locateCli({ setting: readSettings().cliPath, python, env: process.env, platform: process.platform });
  await vscode.commands.executeCommand('setContext', CLI_MISSING_CONTEXT, isMissing(result));
  log.info(isMissing(result) ? `chutes CLI: ${result.reason}` : `chutes CLI: ${result.executable} (from ${result.source})`);
  return result;
}

/** The interpreter ms-python.python selected for the resource's folder, when that extension is installed. */
async function selectedPython(resource?: vscode.Uri): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonEnvironmentsApi>('ms-python.python');
  if (!extension) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), PYTHON_API_TIMEOUT_MS)));
  const ask = async () => {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const environments = api?.environments;
    const active = environments?.getActiveEnvironmentPath(resource);
    if (!environments || !active?.path) return undefined;
    const resolved = await environments.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath ?? active.path;
  };
  try {
    return await Promise.race([ask(), timeout]);
  } catch (error) {
    log.warn(`Python extension: no interpreter for ${resource?.fsPath ?? 'the workspace'}: ${(error as Error).message}`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
