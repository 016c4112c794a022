// package.json promises that other parts must keep: a cheap activation and the tested VS Code floor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_SERVERS } from '../../../scripts/setup.mjs';

const root = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('package.json', () => {
  it('activates only for Python, workspaces with chute manifests and a playground to restore (views and commands are implicit)', () => {
    // A webview serializer has no contribution VS Code could derive its event from.
    expect(manifest.activationEvents).toEqual([
      'onLanguage:python',
      'workspaceContains:**/*.chute.{yaml,yml,json}',
      'onWebviewPanel:chutes.playground',
    ]);
  });

  it('declares the VS Code floor the tests run on, with @types/vscode pinned to it', () => {
    const floor = CODE_SERVERS.floor.vscode.split('.').slice(0, 2).join('.');
    expect(manifest.engines.vscode).toBe(`^${floor}.0`);
    expect(manifest.devDependencies['@types/vscode']).toMatch(new RegExp(`^${floor.replace('.', '\\.')}\\.\\d+$`));
    // code-server 4.N carries VS Code 1.N.
    expect(CODE_SERVERS.floor.version.split('.')[1]).toBe(floor.split('.')[1]);
  });
});
