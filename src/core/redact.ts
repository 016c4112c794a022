// Everything that reaches a log, an error message or a webview passes through here first.
// Secrets are API keys (cpk_/cak_), bearer tokens, and hotkey seeds or private keys, in any case and
// also URL-encoded (`cpk%5F…`, `Bearer%20…`), as they appear in a logged URL or form body.
const patterns: Array<[RegExp, string]> = [
  [/(c[pa]k)(_|%5F)[A-Za-z0-9._-]+/gi, '$1$2<redacted>'],
  [/\b(Bearer|Basic)(\s+|%20|\+)[A-Za-z0-9._~+/=%-]{8,}/gi, '$1$2<redacted>'],
  [
    /((?:hotkey_seed|secretSeed|secret_seed|privateKey|private_key|secretPhrase|secret_phrase|seed|mnemonic)["']?\s*[:=]\s*["']?)[^"'\s,}]+(?:\s+[a-z]+){0,23}/gi,
    '$1<redacted>',
  ],
  // A 64-hex seed or key named in prose: "seed 0x…", "private key is …", "Secret-Key: …".
  [/(\b(?:seed|private[\s_-]?key|secret[\s_-]?key)\b[^\n]{0,40}?)\b(0x)?[0-9a-f]{64}\b/gi, '$1<redacted>'],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}
