// The packaged extension exports nothing (docs/trust.md): another extension calling
// `getExtension('chutes-community.chutes-vscode').activate()` must not get the key store. The
// production bundle that `npm run package` just built is activated here in Node, against a
// stand-in `vscode` module that accepts every call, with extensionMode = Test: even then, it
// returns nothing. A stand-in is used because no other extension can be installed next to ours
// in this closed network to ask the real extension host.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../harness/paths';

const TEST_MODE = 3; // vscode.ExtensionMode.Test

/** An object that answers every property, call and `new` with another such object, and accepts any assignment. */
function anything(): unknown {
  const handler: ProxyHandler<() => void> = {
    get: (_target, prop) => (prop === 'then' ? undefined : prop === Symbol.toPrimitive ? () => '' : proxy),
    // Assignments (a status bar item's `name`, `text`…) are accepted and forgotten.
    set: () => true,
    apply: () => proxy,
    construct: () => proxy as object,
  };
  const proxy: unknown = new Proxy(function () {}, handler);
  return proxy;
}

/** `fields` as own properties, anything else inherited (so esbuild's module interop, which copies own properties onto an object of the same prototype, keeps it). */
function withFallback<T extends object>(fields: T): T {
  // Defined, not assigned: an assignment would reach the proxy's set trap and be dropped.
  return Object.create(anything() as object, Object.getOwnPropertyDescriptors(fields)) as T;
}

test('the packaged bundle, activated even in Test mode, returns nothing', () => {
  const bundle = path.join(projectRoot, 'dist', 'extension.js');
  const source = readFileSync(bundle, 'utf8');
  assert.ok(!source.includes('sourceMappingURL'), 'dist/extension.js is the production build (npm run package ran first)');

  const registered: string[] = [];
  const vscode = withFallback({
    ExtensionMode: { Production: 1, Development: 2, Test: TEST_MODE },
    commands: withFallback({ registerCommand: (id: string) => (registered.push(id), { dispose() {} }) }),
  });
  const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: typeof load })._load = (request, ...rest) => (request === 'vscode' ? vscode : load(request, ...rest));
  try {
    const extension = Module.createRequire(bundle)(bundle) as { activate(context: unknown): unknown };
    const context = withFallback({ subscriptions: [] as unknown[], extensionMode: TEST_MODE });
    const exported = extension.activate(context);
    assert.ok(registered.includes('chutes.setApiKey'), `activate() ran to its end (registered: ${registered.join(', ')})`);
    assert.equal(exported, undefined);
  } finally {
    (Module as unknown as { _load: typeof load })._load = load;
  }
});
