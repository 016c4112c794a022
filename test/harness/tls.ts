// A self-signed certificate made for one test process (openssl), never written to the repository:
// for HTTPS test servers on loopback under the names the tests use.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const NAMES = ['*.hostile.test', 'hostile.test', 'api.proxied.test', 'api.chutes.ai', 'llm.chutes.ai', '*.chutes.ai'];
// 0.0.0.0 is not a loopback address to the extension, yet Linux connects it to this machine.
const ADDRESSES = ['127.0.0.1', '0.0.0.0'];

let material: { key: string; cert: string } | undefined;

export function testCertificate(): { key: string; cert: string } {
  if (material) return material;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-tls-'));
  try {
    const san = [...NAMES.map((n) => `DNS:${n}`), ...ADDRESSES.map((a) => `IP:${a}`)].join(',');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=chutes-vscode test', '-addext', `subjectAltName=${san}`,
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    material = { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
    return material;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
