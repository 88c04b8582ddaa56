/**
 * OAuth 1.0a request signing (HMAC-SHA1) for Flickr, on top of the `oauth-1.0a` library.
 * The library builds the base string and signing key; `@noble/hashes` signs synchronously
 * (the library calls its hash function synchronously, so WebCrypto cannot be plugged in).
 */
import OAuth from 'oauth-1.0a';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import type { ConsumerCredentials, TokenPair } from './types';

export type HttpMethod = 'GET' | 'POST';

/** Request parameters (not yet encoded). */
export type RequestParams = Readonly<Record<string, string>>;

export interface SignRequest {
  method: HttpMethod;
  /** Base URL exactly as requested: no query string, no fragment. */
  url: string;
  /** Every parameter that goes into the base string, `oauth_*` ones included. */
  params: RequestParams;
  consumerSecret: string;
  /** Empty for the request-token call. */
  tokenSecret: string;
}

export interface SignerOptions {
  consumer: ConsumerCredentials;
  /** Defaults to 128 random bits from `crypto.getRandomValues`, as hex. */
  randomNonce?: () => string;
  /** Defaults to the system clock. */
  nowSeconds?: () => number;
}

export interface Signer {
  /**
   * The full URL to request: `url?` followed by every param, the `oauth_*` ones and
   * `oauth_signature`, sorted and percent-encoded. Throws TypeError on a URL carrying a query or
   * fragment, on a param the signer owns (`oauth_nonce`, `oauth_token`…), or on `__proto__`.
   */
  signedQuery(method: HttpMethod, url: string, params: RequestParams, token?: TokenPair): string;
}

/** Params the signer sets itself; a caller passing one would silently change the signature. */
const SIGNER_OWNED = new Set([
  'oauth_consumer_key',
  'oauth_nonce',
  'oauth_signature',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_token',
  'oauth_version',
  // The library copies params with plain assignment, which would drop this one.
  '__proto__',
]);

/**
 * RFC 3986 percent-encoding: unreserved `A-Z a-z 0-9 - . _ ~` kept, every other UTF-8 byte as
 * `%XX` (upper-case hex). Throws URIError on a lone surrogate (not representable in UTF-8).
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Base64 HMAC-SHA1 of `base` under `key`, both UTF-8. */
export function hmacSha1Signature(base: string, key: string): string {
  const encoder = new TextEncoder();
  const mac = hmac(sha1, encoder.encode(key), encoder.encode(base));
  let binary = '';
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function systemSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function library(consumer: ConsumerCredentials): OAuth {
  const oauth = new OAuth({
    consumer: { key: consumer.key, secret: consumer.secret },
    signature_method: 'HMAC-SHA1',
    hash_function: hmacSha1Signature,
  });
  // Same encoder for the base string, the signing key and the query we send.
  oauth.percentEncode = percentEncode;
  return oauth;
}

function assertBaseUrl(url: string): void {
  if (url.includes('?') || url.includes('#')) {
    throw new TypeError(`OAuth base URL must carry no query or fragment: ${url}`);
  }
}

/** `METHOD&enc(url)&enc(sorted encoded params)`, as the library computes it. */
export function signatureBaseString(method: HttpMethod, url: string, params: RequestParams): string {
  assertBaseUrl(url);
  // The library merges request data into the object it is given: hand it copies.
  return library({ key: '', secret: '' }).getBaseString(
    { method, url, data: {} },
    { ...params } as unknown as OAuth.Data,
  );
}

/** The `oauth_signature` for a request whose params are all given (vectors, debugging). */
export function oauthSignature(request: SignRequest): string {
  assertBaseUrl(request.url);
  return library({ key: '', secret: request.consumerSecret }).getSignature(
    { method: request.method, url: request.url, data: {} },
    request.tokenSecret,
    { ...request.params } as unknown as OAuth.Data,
  );
}

/** Encoded `k=v` pairs sorted by encoded key, then encoded value (RFC 5849 §3.4.1.3.2). */
export function encodeQuery(params: RequestParams): string {
  return Object.entries(params)
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export function createSigner(options: SignerOptions): Signer {
  const nonce = options.randomNonce ?? randomNonce;
  const now = options.nowSeconds ?? systemSeconds;
  const oauth = library(options.consumer);
  oauth.getNonce = nonce;
  oauth.getTimeStamp = () => Math.floor(now());

  return {
    signedQuery(method, url, params, token) {
      assertBaseUrl(url);
      for (const name of Object.keys(params)) {
        if (SIGNER_OWNED.has(name)) throw new TypeError(`The signer sets ${name} itself`);
      }
      const authorization = oauth.authorize(
        { method, url, data: { ...params } },
        token ? { key: token.token, secret: token.secret } : undefined,
      );
      const signed: Record<string, string> = { ...params };
      for (const [name, value] of Object.entries(authorization)) {
        if (name.startsWith('oauth_')) signed[name] = String(value);
      }
      return `${url}?${encodeQuery(signed)}`;
    },
  };
}
