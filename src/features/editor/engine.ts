// The chute-definition engine is its own bundle (dist/lazy/core-lint.js), loaded on first use so
// activation stays cheap (docs/architecture.md, Lazy loading).

type Engine = typeof import('../../core/lint');

let loading: Promise<Engine> | undefined;

export function loadEngine(): Promise<Engine> {
  loading ??= import('../../core/lint');
  return loading;
}
