// The chute-definition engine is bundled with the extension but evaluated only on first use
// (a dynamic import becomes a deferred module initialiser in the bundle), so activation stays cheap.

type Engine = typeof import('../../core/lint');

let loading: Promise<Engine> | undefined;

export function loadEngine(): Promise<Engine> {
  loading ??= import('../../core/lint');
  return loading;
}
