// Everything that reaches a log, an error message or a webview passes through here first.
// Secrets are API keys (cpk_/cak_), bearer tokens, and hotkey seeds or private keys.
const patterns: Array<[RegExp, string]> = [
  [/\b(c[pa]k_)[A-Za-z0-9._-]+/g, '$1<redacted>'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 <redacted>'],
  [
    /((?:hotkey_seed|secretSeed|secret_seed|privateKey|private_key|secretPhrase|secret_phrase|seed|mnemonic)["']?\s*[:=]\s*["']?)[^"'\s,}]+(?:\s+[a-z]+){0,23}/gi,
    '$1<redacted>',
  ],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}
