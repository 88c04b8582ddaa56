/** A throwaway self-signed certificate for the Flickr host names, made with the openssl CLI. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const CERT_HOSTS = ['www.flickr.com', 'api.flickr.com', 'flickr.com'] as const;

export interface Certificate {
  certPath: string;
  keyPath: string;
  cert: Buffer;
  key: Buffer;
}

export async function generateCertificate(dir: string): Promise<Certificate> {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const san = [...CERT_HOSTS.map((host) => `DNS:${host}`), 'IP:127.0.0.1'].join(',');
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyPath, '-out', certPath, '-days', '7',
    '-subj', '/CN=www.flickr.com', '-addext', `subjectAltName=${san}`,
  ]);
  const [cert, key] = await Promise.all([readFile(certPath), readFile(keyPath)]);
  return { certPath, keyPath, cert, key };
}
