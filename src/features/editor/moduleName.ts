// The Python module a manifest becomes: `<module>.py` next to it, deployed as `<module>:chute`.
// Pure (no vscode import) so it is unit-tested directly.

const PYTHON_KEYWORDS = new Set(
  'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/**
 * Names that `chutes deploy <module>:chute` would resolve to something else: the SDK itself and
 * modules its CLI has already imported when it imports yours (Python returns those from sys.modules).
 */
const TAKEN_NAMES = new Set(
  'chutes aiohttp fastapi pydantic starlette uvicorn asyncio json os sys re time typing types uuid io inspect importlib logging random string copy math base64 hashlib socket ssl email http test'.split(' '),
);

/** A valid, importable module name (`^[a-z][a-z0-9_]*$`) derived from a manifest's file name. */
export function moduleNameFor(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop()!.replace(/\.chute\.(ya?ml|json)$/i, '').replace(/\.(ya?ml|json)$/i, '');
  let name = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // é -> e
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(name)) name = name ? `chute_${name}` : 'chute';
  if (PYTHON_KEYWORDS.has(name) || TAKEN_NAMES.has(name)) name = `${name}_chute`;
  return name;
}
