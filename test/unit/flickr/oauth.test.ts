import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  createSigner,
  encodeQuery,
  hmacSha1Signature,
  oauthSignature,
  percentEncode,
  randomNonce,
  signatureBaseString,
  type HttpMethod,
} from '../../../src/flickr/oauth';

interface Vector {
  name: string;
  method: string;
  url: string;
  consumerSecret: string;
  tokenSecret: string;
  params: Record<string, string>;
  baseString?: string;
  signature: string;
}

const vectorFile = new URL('../../fixtures/flickr/oauth-vectors.json', import.meta.url);
const vectors = (JSON.parse(readFileSync(vectorFile, 'utf8')) as { vectors: Vector[] }).vectors;

function method(v: Vector): HttpMethod {
  if (v.method !== 'GET' && v.method !== 'POST') throw new Error(`unexpected method ${v.method}`);
  return v.method;
}

/** Split a vector into what the product signer receives: consumer, token, clock, nonce, params. */
function asSignerInput(v: Vector) {
  const { oauth_consumer_key, oauth_nonce, oauth_timestamp, oauth_token, ...rest } = v.params;
  const { oauth_signature_method, oauth_version, ...params } = rest;
  if (oauth_consumer_key === undefined || oauth_nonce === undefined || oauth_timestamp === undefined) {
    throw new Error(`vector ${v.name} lacks an oauth_* param`);
  }
  return {
    signer: createSigner({
      consumer: { key: oauth_consumer_key, secret: v.consumerSecret },
      randomNonce: () => oauth_nonce,
      nowSeconds: () => Number(oauth_timestamp),
    }),
    token: oauth_token === undefined ? undefined : { token: oauth_token, secret: v.tokenSecret },
    params,
    signatureMethod: oauth_signature_method,
    version: oauth_version,
  };
}

describe('oauth-vectors.json', () => {
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(8);
  });

  describe.each(vectors)('$name', (v) => {
    it('oauthSignature reproduces the signature', () => {
      expect(
        oauthSignature({
          method: method(v),
          url: v.url,
          params: v.params,
          consumerSecret: v.consumerSecret,
          tokenSecret: v.tokenSecret,
        }),
      ).toBe(v.signature);
    });

    if (v.baseString !== undefined) {
      const expected = v.baseString;
      it('signatureBaseString reproduces the base string', () => {
        expect(signatureBaseString(method(v), v.url, v.params)).toBe(expected);
      });
    }

    // The product signer always sends oauth_version=1.0 (Flickr's examples do too); the two
    // RFC 5849 vectors omit it, so only oauthSignature above can reproduce them.
    if (v.params.oauth_version === '1.0') {
      it('createSigner().signedQuery sends exactly these params and this signature', () => {
        const { signer, token, params, signatureMethod } = asSignerInput(v);
        expect(signatureMethod).toBe('HMAC-SHA1');
        const signed = signer.signedQuery(method(v), v.url, params, token);

        expect(signed.startsWith(`${v.url}?`)).toBe(true);
        const sent = Object.fromEntries(new URL(signed).searchParams);
        expect(sent).toEqual({ ...v.params, oauth_signature: v.signature });
        expect(signed).toBe(`${v.url}?${encodeQuery({ ...v.params, oauth_signature: v.signature })}`);
      });
    }
  });

  it('checks at least the six vectors that carry oauth_version through signedQuery', () => {
    expect(vectors.filter((v) => v.params.oauth_version === '1.0').length).toBeGreaterThanOrEqual(6);
  });
});

describe('percentEncode', () => {
  it('escapes what encodeURIComponent leaves alone', () => {
    expect(percentEncode("!'()*")).toBe('%21%27%28%29%2A');
  });

  it('keeps unreserved characters and encodes spaces as %20', () => {
    expect(percentEncode('AZaz09-._~')).toBe('AZaz09-._~');
    expect(percentEncode('a b+c')).toBe('a%20b%2Bc');
  });

  it('encodes UTF-8 bytes with upper-case hex', () => {
    expect(percentEncode('é€😀')).toBe('%C3%A9%E2%82%AC%F0%9F%98%80');
  });

  it('refuses a lone surrogate', () => {
    expect(() => percentEncode('\uD800')).toThrow(URIError);
  });
});

describe('hmacSha1Signature', () => {
  it('matches RFC 2202 test case 2', () => {
    // HMAC-SHA1("Jefe", "what do ya want for nothing?") = effcdf6ae5eb2fa2d27416d5f184df9c259a7c79
    const hex = 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79';
    const base64 = Buffer.from(hex, 'hex').toString('base64');
    expect(hmacSha1Signature('what do ya want for nothing?', 'Jefe')).toBe(base64);
  });
});

describe('createSigner', () => {
  const consumer = { key: 'key', secret: 'secret' };

  it('uses the injected nonce and clock, in whole seconds', () => {
    const signer = createSigner({ consumer, randomNonce: () => 'n1', nowSeconds: () => 1700000000.9 });
    const sent = new URL(signer.signedQuery('GET', 'https://api.flickr.com/services/rest/', { a: 'b' }))
      .searchParams;
    expect(sent.get('oauth_nonce')).toBe('n1');
    expect(sent.get('oauth_timestamp')).toBe('1700000000');
    expect(sent.get('oauth_signature_method')).toBe('HMAC-SHA1');
    expect(sent.get('oauth_version')).toBe('1.0');
    expect(sent.get('oauth_consumer_key')).toBe('key');
    expect(sent.has('oauth_token')).toBe(false);
  });

  it('signs with the token secret when a token is given', () => {
    const fixed = { consumer, randomNonce: () => 'n', nowSeconds: () => 1 };
    const url = 'https://api.flickr.com/services/rest/';
    const a = createSigner(fixed).signedQuery('GET', url, {}, { token: 't', secret: 's1' });
    const b = createSigner(fixed).signedQuery('GET', url, {}, { token: 't', secret: 's2' });
    expect(new URL(a).searchParams.get('oauth_token')).toBe('t');
    expect(a).not.toBe(b);
    const params = Object.fromEntries(new URL(a).searchParams);
    const { oauth_signature, ...unsigned } = params;
    expect(oauth_signature).toBe(
      oauthSignature({ method: 'GET', url, params: unsigned, consumerSecret: 'secret', tokenSecret: 's1' }),
    );
  });

  it('uses a fresh unpredictable nonce by default', () => {
    const signer = createSigner({ consumer, nowSeconds: () => 1 });
    const url = 'https://api.flickr.com/services/rest/';
    const nonces = new Set(
      Array.from({ length: 20 }, () => new URL(signer.signedQuery('GET', url, {})).searchParams.get('oauth_nonce')),
    );
    expect(nonces.size).toBe(20);
    expect(randomNonce()).toMatch(/^[0-9a-f]{32}$/);
  });

  it('uses the system clock by default', () => {
    const before = Math.floor(Date.now() / 1000);
    const signed = createSigner({ consumer }).signedQuery('GET', 'https://x.test/', {});
    const ts = Number(new URL(signed).searchParams.get('oauth_timestamp'));
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('refuses params it owns, and URLs with a query or fragment', () => {
    const signer = createSigner({ consumer });
    expect(() => signer.signedQuery('GET', 'https://x.test/', { oauth_nonce: 'x' })).toThrow(TypeError);
    expect(() => signer.signedQuery('GET', 'https://x.test/', { oauth_token: 'x' })).toThrow(TypeError);
    expect(() => signer.signedQuery('GET', 'https://x.test/?a=1', {})).toThrow(TypeError);
    expect(() => signer.signedQuery('GET', 'https://x.test/#a', {})).toThrow(TypeError);
  });

  it('does not leak params between calls', () => {
    const signer = createSigner({ consumer, randomNonce: () => 'n', nowSeconds: () => 1 });
    signer.signedQuery('GET', 'https://x.test/', { first: '1' });
    const second = new URL(signer.signedQuery('GET', 'https://x.test/', { second: '2' })).searchParams;
    expect(second.has('first')).toBe(false);
  });
});
