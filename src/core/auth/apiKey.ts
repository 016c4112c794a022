// API key format from the server's schema (docs/platform.md §1.3): cpk_<key id>.<user id>.<32 alnum>.
const API_KEY = /^cpk_[a-f0-9]{32}\.[a-f0-9]{32}\.[a-zA-Z0-9]{32}$/;

export function apiKeyProblem(value: string): string | undefined {
  const key = value.trim();
  if (!key) return 'Enter an API key.';
  if (key.startsWith('cak_')) return undefined; // OAuth access token: opaque, checked by the server.
  if (!key.startsWith('cpk_')) return 'Chutes API keys start with "cpk_".';
  if (!API_KEY.test(key)) {
    return `Not a Chutes API key: expected cpk_<32 hex>.<32 hex>.<32 letters or digits> (102 characters), got ${key.length} characters.`;
  }
  return undefined;
}
