// Parser of Intel TDX DCAP quotes, version 4 (Intel TDX DCAP Quoting Library API, "Quote Format").
// It never throws: any input gives either the parsed fields or a plain-words reason, so evidence
// from the network cannot break the report (docs/architecture.md: bad input). Layout:
//   0..48     header: version u16, attestation key type u16, TEE type u32, QE/PCE SVN, QE vendor id, user data
//   48..632   TD report body (TDREPORT 1.0); report_data is its last 64 bytes, bytes 568..632
//   632..636  signature data length u32, then that many bytes: ECDSA signature (64), attestation key
//             (64), certification data (type u16, size u32, body); type 6 nests the QE report, its
//             signature, QE auth data and the PCK certification data (type 5: a PEM chain).

export const HEADER_BYTES = 48;
export const TD_REPORT_BYTES = 584;
const SIGNED_BYTES = HEADER_BYTES + TD_REPORT_BYTES;
export const TEE_TYPE_TDX = 0x81;
const ATTESTATION_KEY_ECDSA_P256 = 2;
const CERT_QE_REPORT = 6;
const CERT_PCK_CHAIN = 5;

/** Offsets inside the TD report body. */
const BODY = {
  teeTcbSvn: [0, 16],
  mrSeam: [16, 48],
  mrSignerSeam: [64, 48],
  seamAttributes: [112, 8],
  tdAttributes: [120, 8],
  xfam: [128, 8],
  mrTd: [136, 48],
  mrConfigId: [184, 48],
  mrOwner: [232, 48],
  mrOwnerConfig: [280, 48],
  rtMr0: [328, 48],
  rtMr1: [376, 48],
  rtMr2: [424, 48],
  rtMr3: [472, 48],
  reportData: [520, 64],
} as const;

export type TdReportField = keyof typeof BODY;

export interface TdxQuote {
  version: number;
  teeType: number;
  /** Hex of every TD report field, e.g. `mrTd`, `rtMr0`, `tdAttributes`, `reportData`. */
  report: Record<TdReportField, string>;
  /** TD attributes bit 0 (TUD.DEBUG), the 8 bytes read little-endian. */
  debug: boolean;
  /** The PCK certificate chain (PEM, leaf first) when the quote carries one (certification type 5). */
  pckChainPem?: string;
  /** Bytes the header and the signature data length add up to (real quotes may be padded after them). */
  length: number;
}

export type ParsedQuote = { ok: true; quote: TdxQuote } | { ok: false; reason: string };

/** Strict base64 (standard alphabet, padding optional): undefined for anything else. */
export function decodeBase64(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string') return undefined;
  const compact = text.replace(/\s+/g, '');
  if (!compact || compact.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

export function parseTdxQuote(bytes: Uint8Array): ParsedQuote {
  const fail = (reason: string): ParsedQuote => ({ ok: false, reason });
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length < HEADER_BYTES) return fail(`The quote is ${data.length} bytes long, shorter than its 48-byte header.`);
  const version = data.readUInt16LE(0);
  const keyType = data.readUInt16LE(2);
  const teeType = data.readUInt32LE(4);
  if (version !== 4) return fail(`The quote is version ${version}; a TDX quote here is version 4.`);
  if (teeType !== TEE_TYPE_TDX) {
    return fail(`The quote's TEE type is 0x${teeType.toString(16)}${teeType === 0 ? ' (SGX)' : ''}, not 0x81 (Intel TDX).`);
  }
  if (keyType !== ATTESTATION_KEY_ECDSA_P256) return fail(`The quote's attestation key type is ${keyType}, not 2 (ECDSA P-256).`);
  if (data.length < SIGNED_BYTES + 4) {
    return fail(`The quote is truncated: ${data.length} bytes, but the header and TD report alone take ${SIGNED_BYTES + 4}.`);
  }
  const signatureBytes = data.readUInt32LE(SIGNED_BYTES);
  const length = SIGNED_BYTES + 4 + signatureBytes;
  if (data.length < length) return fail(`The quote is truncated: ${data.length} bytes, but it declares ${length}.`);

  const body = data.subarray(HEADER_BYTES, SIGNED_BYTES);
  const report = Object.fromEntries(
    Object.entries(BODY).map(([name, [offset, size]]) => [name, body.subarray(offset, offset + size).toString('hex')]),
  ) as Record<TdReportField, string>;
  const [attrOffset] = BODY.tdAttributes;
  const debug = (body[attrOffset] & 1) === 1;
  return { ok: true, quote: { version, teeType, report, debug, length, pckChainPem: pckChain(data.subarray(SIGNED_BYTES + 4, length)) } };
}

/** The PEM chain nested in the signature data, or undefined when it has another shape. */
function pckChain(signature: Buffer): string | undefined {
  let at = 128; // ECDSA signature + attestation key
  const certData = (): { type: number; body: Buffer } | undefined => {
    if (signature.length < at + 6) return undefined;
    const type = signature.readUInt16LE(at);
    const size = signature.readUInt32LE(at + 2);
    const start = at + 6;
    if (signature.length < start + size) return undefined;
    at = start + size;
    return { type, body: signature.subarray(start, start + size) };
  };
  const outer = certData();
  if (!outer) return undefined;
  if (outer.type === CERT_PCK_CHAIN) return outer.body.toString('utf8');
  if (outer.type !== CERT_QE_REPORT) return undefined;
  const nested = outer.body;
  // QE report (384) + its signature (64) + QE auth data (u16 size + bytes), then certification data.
  if (nested.length < 450) return undefined;
  const authSize = nested.readUInt16LE(448);
  signature = nested;
  at = 450 + authSize;
  const inner = certData();
  return inner?.type === CERT_PCK_CHAIN ? inner.body.toString('utf8') : undefined;
}
