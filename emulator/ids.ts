// Deterministic identifiers exactly as the server computes them (docs/platform.md §6.1, §2.2).
import { createHash } from 'node:crypto';

export const NAMESPACE_OID = '6ba7b812-9dad-11d1-80b4-00c04fd430c8';

/** RFC 4122 name-based UUID (SHA-1), same as Python's uuid.uuid5. */
export function uuid5(name: string, namespace: string = NAMESPACE_OID): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const chuteIdFor = (username: string, name: string): string => uuid5(`${username}::chute::${name}`);

// The SDK's Image.uid lower-cases the whole string (§6.1). The server's image router lower-cases only the
// username; the two agree for the lower-case names the SDK's name regex steers people to.
export const imageIdFor = (username: string, name: string, tag: string): string =>
  uuid5(`${username}/${name}:${tag}`.toLowerCase());

export const secretIdFor = (userId: string, chuteId: string, key: string): string => uuid5(`${userId}:${chuteId}:${key}`);

/** A null patch_version renders as Python's `None` inside the hashed string. */
export const chuteVersionFor = (imageId: string, patchVersion: string | null, code: string): string =>
  uuid5(`${imageId}:${patchVersion ?? 'None'}:${code}`);

/** Python's uuid.UUID(str) acceptance: optional urn:uuid:, braces and dashes around 32 hex digits. */
export function isPythonUuid(value: string): boolean {
  const hex = value.replace('urn:', '').replace('uuid:', '').replace(/^[{}]+|[{}]+$/g, '').replace(/-/g, '');
  return /^[0-9a-fA-F]{32}$/.test(hex);
}

// python-slugify 9.x for the server's call slugify(text, max_length=58). The ASCII path is exact (quotes,
// numeric and common named HTML entities, digit-grouping commas, separators, truncation without
// word_boundary, which is python-slugify's default and what the server uses). Non-ASCII goes
// through NFKD plus a small transliteration table instead of the `unidecode` package: accented Latin
// letters match, scripts unidecode would romanise (e.g. CJK) are dropped here.
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', eacute: 'é', egrave: 'è', uuml: 'ü', ouml: 'ö', auml: 'ä', szlig: 'ß', ntilde: 'ñ', ccedil: 'ç' };
const TRANSLIT: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', œ: 'oe', Œ: 'OE', þ: 'th', Þ: 'Th', ð: 'd', Ð: 'D', ı: 'i' };

function asciiFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{ASCII}]/gu, (c) => TRANSLIT[c] ?? '');
}

export function slugify(input: string, maxLength = 0): string {
  let text = input.replace(/'+/g, '-');
  text = asciiFold(text);
  text = text.replace(/&([a-zA-Z]+);/g, (m, name: string) => ENTITIES[name] ?? m);
  text = text.replace(/&#(\d+);/g, (m, d: string) => safeCodePoint(Number(d)) ?? m);
  text = text.replace(/&#x([\da-fA-F]+);/g, (m, h: string) => safeCodePoint(parseInt(h, 16)) ?? m);
  text = text.normalize('NFKD').toLowerCase();
  text = text.replace(/'+/g, '');
  text = text.replace(/(?<=\d),(?=\d)/g, '');
  text = text.replace(/[^-a-zA-Z0-9]+/g, '-');
  text = text.replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  if (maxLength > 0 && text.length >= maxLength) text = text.slice(0, maxLength).replace(/^-+|-+$/g, '');
  return text;
}

function safeCodePoint(n: number): string | undefined {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

/** The server: re.sub(r"[^a-z0-9-]+$", "-", slugify(f"{username}-{name}", max_length=58).lower()). */
export function chuteSlugFor(username: string, name: string): string {
  return slugify(`${username}-${name}`, 58).toLowerCase().replace(/[^a-z0-9-]+$/, '-');
}
