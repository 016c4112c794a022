// Follows simple module-level names: `node_selector = NodeSelector(...)` then
// `Chute(node_selector=node_selector)` resolves to that NodeSelector call.

import type { CallKind, PyBinding, PyCall, PyModule, PyValue } from './types';
import { workMeter } from './workMeter';

/** The module's bindings by name, in source order (built once per module). */
const INDEX = new WeakMap<PyModule, Map<string, PyBinding[]>>();

function bindingsNamed(module: PyModule, name: string): readonly PyBinding[] {
  let index = INDEX.get(module);
  if (!index) {
    index = new Map();
    for (const binding of module.bindings) {
      workMeter.steps++;
      const list = index.get(binding.name);
      if (list) list.push(binding);
      else index.set(binding.name, [binding]);
    }
    INDEX.set(module, index);
  }
  return index.get(name) ?? [];
}

/**
 * The call of `kind` that `value` denotes: the call itself, or the one bound to a module-level
 * name (the last binding before the use, else the first after it, as when a function reads a
 * global assigned further down). A binary search keeps each lookup at log n.
 */
export function resolveCall(module: PyModule, value: PyValue, kind: CallKind): PyCall | undefined {
  let bound: PyValue | undefined = value;
  if (value.kind === 'name') {
    const bindings = bindingsNamed(module, value.name);
    let lo = 0;
    let hi = bindings.length; // first binding at or after the use
    while (lo < hi) {
      workMeter.steps++;
      const mid = (lo + hi) >> 1;
      if (bindings[mid]!.nameSpan.start < value.span.start) lo = mid + 1;
      else hi = mid;
    }
    bound = (bindings[lo - 1] ?? bindings[lo])?.value;
  }
  return bound?.kind === 'call' && bound.call.kind === kind ? bound.call : undefined;
}
