// The instance's TLS certificate from its evidence: it must be a DER X.509 certificate valid now.
// The platform documents no field that ties the certificate to the quote (docs/attestation.md), so
// "the one the evidence names" is the certificate of this instance's own evidence entry; the report
// shows its subject and SHA-256 fingerprint so it can be compared with the instance's TLS endpoint.
import { X509Certificate } from 'node:crypto';
import { decodeBase64 } from './quote';

export type CertificateCheck =
  | { ok: true; subject: string; fingerprint: string; validTo: string }
  | { ok: false; reason: string; subject?: string; fingerprint?: string };

export function checkCertificate(base64: unknown, nowMs: number): CertificateCheck {
  const der = decodeBase64(base64);
  if (!der?.length) return { ok: false, reason: 'The evidence carries no certificate, or it is not base64.' };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    return { ok: false, reason: 'The certificate is not a valid DER X.509 certificate.' };
  }
  const subject = cert.subject.replace(/\n/g, ', ');
  const fingerprint = cert.fingerprint256;
  if (!cert.subject.trim()) return { ok: false, reason: 'The certificate has an empty subject.', fingerprint };
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (nowMs < from) return { ok: false, reason: `The certificate (${subject}) is not valid before ${iso(from)}.`, subject, fingerprint };
  if (nowMs > to) return { ok: false, reason: `The certificate (${subject}) expired on ${iso(to)}.`, subject, fingerprint };
  return { ok: true, subject, fingerprint, validTo: iso(to) };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
