import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChutesExtensionApi } from '../../src/extension';

export const EXTENSION_ID = 'chutes-community.chutes-vscode';

/** Activates the extension under test and returns what activate() returned. */
export async function activateExtension(): Promise<ChutesExtensionApi> {
  const extension = vscode.extensions.getExtension<ChutesExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  assert.ok(api, 'activate() returned nothing: the internals exist only in a test build run by the test runner');
  return api;
}

export function packageJson(): {
  contributes: {
    commands: Array<{ command: string }>;
    configuration: { properties: Record<string, unknown> };
    views: Record<string, Array<{ id: string }>>;
  };
  activationEvents?: string[];
} {
  return vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
}
