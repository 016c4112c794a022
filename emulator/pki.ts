// A stand-in for Intel's SGX/TDX PKI, so the emulator's quotes carry a PCK certificate chain and its
// PCCS endpoint serves collateral with real signatures (docs/platform.md §2.8, §8). Everything chains to
// "Chutes Emulator SGX Root CA (not Intel)", created at start-up: a verifier that trusts only Intel's
// root must reject it, which is the point. Certificates and CRLs are DER written by hand (a few
// ASN.1 types suffice) and signed with ECDSA P-256 as Intel's are.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

// --- DER ----------------------------------------------------------------------------------------

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const octets = (bytes: Buffer) => tlv(0x04, bytes);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const bool = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));
const explicit = (n: number, content: Buffer) => tlv(0xa0 + n, content);
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));

function integer(value: number | Buffer): Buffer {
  const hex = typeof value === 'number' ? value.toString(16) : '';
  let bytes = typeof value === 'number' ? Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex') : value;
  while (bytes.length > 1 && bytes[0] === 0 && bytes[1] < 0x80) bytes = bytes.subarray(1);
  if (bytes[0] >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a * 40 + b];
  for (const n of rest) {
    const groups = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) groups.unshift((v & 0x7f) | 0x80);
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const year = Number(iso.slice(0, 4));
  const digits = iso.replace(/[-:T]/g, '').slice(0, 14);
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), utf8(cn))), set(seq(oid('2.5.4.10'), utf8('Chutes Emulator (not Intel)'))));

function signed(tbs: Buffer, key: KeyObject): Buffer {
  return seq(tbs, ECDSA_SHA256, bitString(sign('sha256', tbs, key)));
}

// --- certificates and CRLs ----------------------------------------------------------------------

const SGX_EXTENSION = '1.2.840.113741.1.13.1';

interface CertSpec {
  serial: number;
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signer: KeyObject;
  ca: boolean;
  notBefore: number;
  notAfter: number;
  extra?: Buffer[];
}

function certificate(spec: CertSpec): Buffer {
  const extensions = [seq(oid('2.5.29.19'), bool(true), octets(spec.ca ? seq(bool(true)) : seq())), ...(spec.extra ?? [])];
  const tbs = seq(
    explicit(0, integer(2)),
    integer(spec.serial),
    ECDSA_SHA256,
    name(spec.issuer),
    seq(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subject),
    spec.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...extensions)),
  );
  return signed(tbs, spec.signer);
}

/** Intel's SGX extension with the fields a PCK certificate carries (Intel PCK Certificate and CRL profile). */
function sgxExtension(fmspc: Buffer): Buffer {
  const field = (n: string, value: Buffer) => seq(oid(`${SGX_EXTENSION}.${n}`), value);
  const tcb = seq(
    ...Array.from({ length: 16 }, (_, i) => field(`2.${i + 1}`, integer(2))),
    field('2.17', integer(11)),
    field('2.18', octets(Buffer.alloc(16, 2))),
  );
  const value = seq(
    field('1', octets(createHash('sha256').update('emulator ppid').digest().subarray(0, 16))),
    field('2', tcb),
    field('3', octets(Buffer.from([0, 0]))),
    field('4', octets(fmspc)),
    field('5', tlv(0x0a, Buffer.from([0]))),
  );
  return seq(oid(SGX_EXTENSION), octets(value));
}

function crl(issuer: string, signer: KeyObject, thisUpdate: number, nextUpdate: number): Buffer {
  return signed(seq(integer(1), ECDSA_SHA256, name(issuer), time(thisUpdate), time(nextUpdate)), signer);
}

export function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

// --- the emulator's PKI -------------------------------------------------------------------------

/** The FMSPC of the emulator's "platform" (a made-up family; Intel's look like b0c06f000000). */
export const EMULATOR_FMSPC = '00EE00000000';
const DAY = 86_400_000;
const ROOT = 'Chutes Emulator SGX Root CA (not Intel)';
const PCK_CA = 'Chutes Emulator SGX PCK Processor CA';

export interface EmulatorPki {
  /** PEM chain in a quote: PCK leaf, PCK Processor CA, root. */
  pckChain: string;
  /** PEM chain of CRLs and of the TCB signing key: issuer first, then root. */
  pckCrlIssuerChain: string;
  tcbSigningChain: string;
  pckCrl: Buffer;
  rootCrl: Buffer;
  /** Signs TCB info and QE identity: raw r||s as hex, as Intel's PCS does. */
  signTcb(json: string): string;
  /** The PCK key's raw r||s signature (of a QE report). */
  signWithPck(data: Buffer): Buffer;
  /** Instance TLS certificates, valid from yesterday for a year (or as given). */
  instanceCertificate(instanceId: string, validity?: { notBefore: number; notAfter: number }): Buffer;
}

let pki: EmulatorPki | undefined;

const p256 = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

/** Created once per process, on first use (key generation takes a few milliseconds). */
export function emulatorPki(): EmulatorPki {
  if (pki) return pki;
  const now = Date.now();
  const notBefore = now - DAY;
  const notAfter = now + 365 * DAY;
  const root = p256();
  const pckCa = p256();
  const pck = p256();
  const tcb = p256();
  const instance = p256();
  const rootDer = certificate({ serial: 1, subject: ROOT, issuer: ROOT, publicKey: root.publicKey, signer: root.privateKey, ca: true, notBefore, notAfter });
  const caDer = certificate({ serial: 2, subject: PCK_CA, issuer: ROOT, publicKey: pckCa.publicKey, signer: root.privateKey, ca: true, notBefore, notAfter });
  const pckDer = certificate({
    serial: 3, subject: 'Chutes Emulator SGX PCK Certificate', issuer: PCK_CA, publicKey: pck.publicKey, signer: pckCa.privateKey, ca: false,
    notBefore, notAfter, extra: [sgxExtension(Buffer.from(EMULATOR_FMSPC, 'hex'))],
  });
  const tcbDer = certificate({ serial: 4, subject: 'Chutes Emulator SGX TCB Signing', issuer: ROOT, publicKey: tcb.publicKey, signer: root.privateKey, ca: false, notBefore, notAfter });
  pki = {
    pckChain: toPem(pckDer) + toPem(caDer) + toPem(rootDer),
    pckCrlIssuerChain: toPem(caDer) + toPem(rootDer),
    tcbSigningChain: toPem(tcbDer) + toPem(rootDer),
    pckCrl: crl(PCK_CA, pckCa.privateKey, notBefore, now + 30 * DAY),
    rootCrl: crl(ROOT, root.privateKey, notBefore, now + 30 * DAY),
    signWithPck: (data) => sign('sha256', data, { key: pck.privateKey, dsaEncoding: 'ieee-p1363' }),
    signTcb: (json) => sign('sha256', Buffer.from(json), { key: tcb.privateKey, dsaEncoding: 'ieee-p1363' }).toString('hex'),
    instanceCertificate: (instanceId, validity) =>
      certificate({
        serial: 0x1000 + (createHash('sha256').update(instanceId).digest().readUInt16BE(0) & 0x7fff),
        subject: `chutes-emulator-tee-instance ${instanceId}`,
        issuer: ROOT,
        publicKey: instance.publicKey,
        signer: root.privateKey,
        ca: false,
        notBefore: validity?.notBefore ?? notBefore,
        notAfter: validity?.notAfter ?? notAfter,
      }),
  };
  return pki;
}
