/**
 * The emulator's own OAuth 1.0a checker: RFC 3986 encoding, signature base string and
 * HMAC-SHA1, written independently of the product's signer so that the two cannot share a bug.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 percent-encoding: only `A-Z a-z 0-9 - . _ ~` stay as they are. */
export function rfc3986(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export type Param = readonly [name: string, value: string];

/** Parses `application/x-www-form-urlencoded` text (a query string or a POST body), keeping duplicates. */
export function parseForm(text: string): Param[] {
  if (text === '') return [];
  return text.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    return [formDecode(rawName), formDecode(rawValue)] as const;
  });
}

function formDecode(raw: string): string {
  const spaced = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** RFC 5849 §3.4.1: METHOD&enc(base URL)&enc(sorted, encoded params without oauth_signature). */
export function signatureBaseString(method: string, baseUrl: string, params: readonly Param[]): string {
  const normalized = params
    .filter(([name]) => name !== 'oauth_signature')
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([an, av], [bn, bv]) => (an === bn ? compare(av, bv) : compare(an, bn)))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return `${method.toUpperCase()}&${rfc3986(baseUrl)}&${rfc3986(normalized)}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function signingKey(consumerSecret: string, tokenSecret: string): string {
  return `${rfc3986(consumerSecret)}&${rfc3986(tokenSecret)}`;
}

export function hmacSha1Base64(key: string, text: string): string {
  return createHmac('sha1', key).update(text, 'utf8').digest('base64');
}

export function signatureMatches(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
