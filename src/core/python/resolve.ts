// Follows simple module-level names: `node_selector = NodeSelector(...)` then
// `Chute(node_selector=node_selector)` resolves to that NodeSelector call.

import type { CallKind, PyCall, PyModule, PyValue } from './types';

/**
 * The call of `kind` that `value` denotes: the call itself, or the one bound to a module-level
 * name (the last binding before the use, else the first after it, as when a function reads a
 * global assigned further down).
 */
export function resolveCall(module: PyModule, value: PyValue, kind: CallKind): PyCall | undefined {
  let bound: PyValue | undefined = value;
  if (value.kind === 'name') {
    bound = undefined;
    for (const binding of module.bindings) {
      if (binding.name !== value.name) continue;
      const before = binding.nameSpan.start < value.span.start;
      if (before || !bound) bound = binding.value;
      if (!before) break;
    }
  }
  return bound?.kind === 'call' && bound.call.kind === kind ? bound.call : undefined;
}
