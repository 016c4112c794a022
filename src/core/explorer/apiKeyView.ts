// API keys as the explorer lists them (docs/platform.md §2.4): admin, or the scopes that limit them.
import type { ApiKey, ApiKeyScope } from '../api/types';

export function scopeText(scope: ApiKeyScope): string {
  const action = scope.action ?? scope.method ?? 'any action';
  return `${scope.object_type}${scope.object_id ? ` ${scope.object_id}` : ' (all)'}: ${action}`;
}

export function apiKeyDescription(key: ApiKey): string {
  const access = key.admin ? 'admin' : key.scopes.length ? `${key.scopes.length} scope${key.scopes.length === 1 ? '' : 's'}` : 'no scopes';
  return `${access} · ${key.last_used_at ? `last used ${key.last_used_at}` : 'never used'}`;
}

export function apiKeyTooltip(key: ApiKey): string[] {
  const lines = [`**${key.name}**`, `id: \`${key.api_key_id}\``, key.admin ? 'admin: full access' : 'scoped:'];
  if (!key.admin) lines.push(...(key.scopes.length ? key.scopes.map((s) => `- ${scopeText(s)}`) : ['- none']));
  if (key.created_at) lines.push(`created: ${key.created_at}`);
  lines.push(`last used: ${key.last_used_at ?? 'never'}`);
  return lines;
}

/** The server's rule for key names (docs/platform.md §1.3). */
export function apiKeyNameProblem(name: string): string | undefined {
  if (!name.trim()) return 'Enter a name.';
  if (name.length > 24) return 'At most 24 characters.';
  if (!/^[$\w\u0080-\uFFFF._\s-]{1,24}$/.test(name)) return 'Letters, digits, spaces, "$", ".", "_" and "-" only.';
  return undefined;
}
