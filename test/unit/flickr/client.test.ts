import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_TOKEN_URL,
  AUTHORIZE_URL,
  REQUEST_TOKEN_URL,
  REST_URL,
  createFlickrClient,
  parseRetryAfter,
  type FetchLike,
} from '../../../src/flickr/client';
import { FlickrError, type FlickrFailure } from '../../../src/flickr/errors';
import { createSigner, oauthSignature } from '../../../src/flickr/oauth';

const consumer = { key: 'ck', secret: 'cs' };
const access = { token: 'at', secret: 'as' };
const requestToken = { token: 'rt', secret: 'rs' };

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/flickr/${name}`, import.meta.url), 'utf8');
}

interface Call {
  url: string;
  init: RequestInit;
}

/** A fake fetch answering every call with `reply()`, recording what it was asked. */
function fakeFetch(reply: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    const call = { url, init };
    calls.push(call);
    return reply(call);
  };
  return { fetch, calls };
}

function respond(body: string, status = 200, headers: Record<string, string> = {}) {
  return fakeFetch(() => new Response(body, { status, headers }));
}

function client(fetch: FetchLike, extra: { timeoutMs?: number; maxBodyBytes?: number; nowMs?: () => number } = {}) {
  const signer = createSigner({ consumer, randomNonce: () => 'nonce', nowSeconds: () => 1700000000 });
  return createFlickrClient({ consumer, fetch, signer, ...extra });
}

async function failureOf(promise: Promise<unknown>): Promise<FlickrFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FlickrError) return error.failure;
    throw error;
  }
  throw new Error('expected a FlickrError, got a value');
}

/** Splits a signed URL into its base and params, and checks oauth_signature against them. */
function checkSigned(url: string, tokenSecret: string) {
  const [base] = url.split('?');
  const params = Object.fromEntries(new URL(url).searchParams);
  const { oauth_signature, ...unsigned } = params;
  expect(oauth_signature).toBe(
    oauthSignature({ method: 'GET', url: base ?? '', params: unsigned, consumerSecret: consumer.secret, tokenSecret }),
  );
  return { base, params };
}

/** A body that yields `chunk` forever, counting pulls and noting when it is cancelled. */
function endlessBody(chunk: Uint8Array) {
  const state = { pulls: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulls += 1;
      controller.enqueue(chunk);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('URLs', () => {
  it('are exactly the Flickr endpoints', () => {
    expect(REQUEST_TOKEN_URL).toBe('https://www.flickr.com/services/oauth/request_token');
    expect(ACCESS_TOKEN_URL).toBe('https://www.flickr.com/services/oauth/access_token');
    expect(AUTHORIZE_URL).toBe('https://www.flickr.com/services/oauth/authorize');
    expect(REST_URL).toBe('https://api.flickr.com/services/rest/');
  });

  it('authorizeUrl asks for read permission', () => {
    expect(client(respond('').fetch).authorizeUrl({ token: '7215-abc!', secret: 's' })).toBe(
      'https://www.flickr.com/services/oauth/authorize?oauth_token=7215-abc%21&perms=read',
    );
  });
});

describe('OAuth handshake', () => {
  it('getRequestToken signs the callback with the consumer secret alone and reads the tokens', async () => {
    const { fetch, calls } = respond(
      'oauth_callback_confirmed=true&oauth_token=72157626737672178-022bbd2f4c2f3432&oauth_token_secret=fccb68c4e6103197',
    );
    const token = await client(fetch).getRequestToken('https://abc.chromiumapp.org/');
    expect(token).toEqual({ token: '72157626737672178-022bbd2f4c2f3432', secret: 'fccb68c4e6103197' });

    expect(calls).toHaveLength(1);
    const [call] = calls;
    const { base, params } = checkSigned(call?.url ?? '', '');
    expect(base).toBe(REQUEST_TOKEN_URL);
    expect(params.oauth_callback).toBe('https://abc.chromiumapp.org/');
    expect(params.oauth_token).toBeUndefined();
    expect(call?.url).toContain('oauth_callback=https%3A%2F%2Fabc.chromiumapp.org%2F');
    expect(call?.init).toMatchObject({ method: 'GET', credentials: 'omit', cache: 'no-store', redirect: 'manual' });
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('getRequestToken refuses an unconfirmed callback', async () => {
    const { fetch } = respond('oauth_callback_confirmed=false&oauth_token=a&oauth_token_secret=b');
    expect(await failureOf(client(fetch).getRequestToken('https://x.test/'))).toEqual({
      kind: 'bad-body',
      reason: 'missing-fields',
      detail: 'oauth_callback_confirmed: invalid value "false"',
    });
  });

  it('getAccessToken sends token and verifier, signed with the request-token secret', async () => {
    const { fetch, calls } = respond(
      'fullname=Jamal%20Fanaian&oauth_token=72157626318069415-087bfc7b5816092c&oauth_token_secret=a202d1f853ec69de&user_nsid=21207597%40N07&username=jamalfanaian',
    );
    const grant = await client(fetch).getAccessToken(requestToken, '5d1b96a26b494074');
    expect(grant).toEqual({
      token: '72157626318069415-087bfc7b5816092c',
      secret: 'a202d1f853ec69de',
      nsid: '21207597@N07',
      username: 'jamalfanaian',
      fullname: 'Jamal Fanaian',
    });
    const { base, params } = checkSigned(calls[0]?.url ?? '', requestToken.secret);
    expect(base).toBe(ACCESS_TOKEN_URL);
    expect(params).toMatchObject({ oauth_token: 'rt', oauth_verifier: '5d1b96a26b494074' });
  });

  it('turns HTTP 401 oauth_problem=… into an oauth failure', async () => {
    const { fetch } = respond('oauth_problem=signature_invalid&debug_sbs=GET&https%3A%2F%2F', 401);
    expect(await failureOf(client(fetch).getRequestToken('https://x.test/'))).toEqual({
      kind: 'oauth',
      status: 401,
      problem: 'signature_invalid',
    });
    const expired = respond('oauth_problem=token_rejected', 401);
    expect(await failureOf(client(expired.fetch).getAccessToken(requestToken, 'v'))).toEqual({
      kind: 'oauth',
      status: 401,
      problem: 'token_rejected',
    });
  });

  it('turns a non-2xx HTML page on an OAuth endpoint into an http failure', async () => {
    const { fetch } = respond(fixture('synthetic-html-500-error.html'), 500);
    expect(await failureOf(client(fetch).getRequestToken('https://x.test/'))).toEqual({
      kind: 'http',
      status: 500,
      retryAfterSeconds: undefined,
    });
  });

  it('turns a 200 HTML page on an OAuth endpoint into bad-body html', async () => {
    const { fetch } = respond(fixture('synthetic-html-503-outage.html'), 200);
    expect(await failureOf(client(fetch).getAccessToken(requestToken, 'v'))).toMatchObject({
      kind: 'bad-body',
      reason: 'html',
    });
  });
});

describe('REST reads', () => {
  it('getUploadStatus signs the exact REST URL with the access secret and parses the reply', async () => {
    const { fetch, calls } = respond(fixture('synthetic-free-near-limit-getUploadStatus.xml'));
    const status = await client(fetch).getUploadStatus(access);
    expect(status.itemLimit).toEqual({ uploadCount: 990, uploadLimit: 1000, status: 'below_limit' });
    expect(status.bandwidth.maxBytes).toBe(214748364800);

    const url = calls[0]?.url ?? '';
    expect(url.startsWith(`${REST_URL}?`)).toBe(true);
    const { base, params } = checkSigned(url, access.secret);
    expect(base).toBe(REST_URL);
    expect(params).toMatchObject({ method: 'flickr.people.getUploadStatus', oauth_token: 'at' });
    expect(params.format).toBeUndefined(); // Flickr's default reply format is the XML we parse
  });

  it('getLimits calls flickr.people.getLimits', async () => {
    const { fetch, calls } = respond(fixture('synthetic-getLimits-free.xml'));
    expect(await client(fetch).getLimits(access)).toEqual({
      nsid: '12037949754@N01',
      photoMaxDisplayPx: 1024,
      photoMaxBytes: 209715200,
      videoMaxBytes: 1073741824,
      videoMaxSeconds: 180,
    });
    expect(new URL(calls[0]?.url ?? '').searchParams.get('method')).toBe('flickr.people.getLimits');
  });

  it('turns HTTP 200 <err code="98"> into an api failure', async () => {
    const { fetch } = respond(fixture('err98-invalid-auth-token.xml'));
    expect(await failureOf(client(fetch).getUploadStatus(access))).toEqual({
      kind: 'api',
      code: 98,
      message: 'Invalid auth token',
    });
  });

  it('prefers a Flickr error envelope over the bare status of a non-2xx reply', async () => {
    const { fetch } = respond(fixture('synthetic-err105-service-unavailable.xml'), 503);
    expect(await failureOf(client(fetch).getLimits(access))).toMatchObject({ kind: 'api', code: 105 });
  });

  it('reads Retry-After seconds from a 429 HTML page', async () => {
    const { fetch } = respond(fixture('synthetic-html-429-too-many-requests.html'), 429, { 'Retry-After': '120' });
    expect(await failureOf(client(fetch).getUploadStatus(access))).toEqual({
      kind: 'http',
      status: 429,
      retryAfterSeconds: 120,
    });
  });

  it('reads a Retry-After HTTP-date against the injected clock', async () => {
    const { fetch } = respond(fixture('synthetic-html-503-outage.html'), 503, {
      'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT',
    });
    const now = Date.parse('Wed, 21 Oct 2015 07:26:30 GMT');
    expect(await failureOf(client(fetch, { nowMs: () => now }).getUploadStatus(access))).toEqual({
      kind: 'http',
      status: 503,
      retryAfterSeconds: 90,
    });
  });

  it.each([
    [404, fixture('synthetic-html-404-not-found.html')],
    [500, ''],
    [502, 'Bad Gateway'],
    [302, ''],
  ])('turns HTTP %i without an envelope into an http failure', async (status, body) => {
    const { fetch } = respond(body, status);
    expect(await failureOf(client(fetch).getUploadStatus(access))).toEqual({
      kind: 'http',
      status,
      retryAfterSeconds: undefined,
    });
  });

  it.each([
    ['', 'empty'],
    [fixture('synthetic-html-503-outage.html'), 'html'],
    [fixture('err96-invalid-signature.json'), 'json'],
    [fixture('synthetic-doctype-entities.xml'), 'doctype'],
    [fixture('synthetic-malformed-truncated.xml'), 'malformed'],
    [fixture('doc-example-getUploadStatus.xml'), 'unexpected-root'],
    [fixture('synthetic-test-login.xml'), 'missing-fields'],
  ])('turns an unusable 200 body into bad-body %#', async (body, reason) => {
    const { fetch } = respond(body);
    expect(await failureOf(client(fetch).getUploadStatus(access))).toMatchObject({ kind: 'bad-body', reason });
  });
});

describe('transport failures', () => {
  it('turns a rejected fetch into a network failure', async () => {
    const fetch: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await failureOf(client(fetch).getUploadStatus(access))).toEqual({
      kind: 'network',
      detail: 'TypeError: Failed to fetch',
    });
  });

  it('aborts a call that gets no answer in time', async () => {
    let aborted = false;
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    expect(await failureOf(client(fetch, { timeoutMs: 20 }).getUploadStatus(access))).toEqual({
      kind: 'timeout',
      afterMs: 20,
    });
    expect(aborted).toBe(true);
  });

  it('times out even when fetch ignores the abort signal', async () => {
    const fetch: FetchLike = () => new Promise(() => undefined);
    expect(await failureOf(client(fetch, { timeoutMs: 20 }).getRequestToken('https://x.test/'))).toEqual({
      kind: 'timeout',
      afterMs: 20,
    });
  });

  it('times out on a body that stops arriving', async () => {
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('<rsp stat="ok">'));
      },
    });
    const { fetch } = fakeFetch(() => new Response(stalled));
    expect(await failureOf(client(fetch, { timeoutMs: 20 }).getUploadStatus(access))).toEqual({
      kind: 'timeout',
      afterMs: 20,
    });
  });

  it('turns a connection drop during the body into a network failure', async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new TypeError('network error'));
      },
    });
    const { fetch } = fakeFetch(() => new Response(broken));
    expect(await failureOf(client(fetch).getUploadStatus(access))).toEqual({
      kind: 'network',
      detail: 'TypeError: network error',
    });
  });
});

describe('body cap', () => {
  it('stops reading an endless body past maxBodyBytes and cancels it', async () => {
    const { stream, state } = endlessBody(new Uint8Array(1000).fill(0x20));
    const { fetch } = fakeFetch(() => new Response(stream, { headers: { 'Content-Length': '10' } }));
    expect(await failureOf(client(fetch, { maxBodyBytes: 4096 }).getUploadStatus(access))).toMatchObject({
      kind: 'bad-body',
      reason: 'too-large',
    });
    expect(state.cancelled).toBe(true);
    expect(state.pulls).toBeLessThan(10);
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    const { stream, state } = endlessBody(new Uint8Array(10));
    const { fetch } = fakeFetch(() => new Response(stream, { headers: { 'Content-Length': '300000' } }));
    expect(await failureOf(client(fetch).getLimits(access))).toMatchObject({ kind: 'bad-body', reason: 'too-large' });
    expect(state.cancelled).toBe(true);
  });

  it('accepts a body of exactly maxBodyBytes, decoding UTF-8 split across chunks', async () => {
    const xml = fixture('synthetic-free-2014-getUploadStatus.xml').replace('jinxlib', 'Bées 😀');
    const bytes = new TextEncoder().encode(xml);
    const split = xml.indexOf('é') + 1; // inside the two bytes of é
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    const { fetch } = fakeFetch(() => new Response(stream));
    const status = await client(fetch, { maxBodyBytes: bytes.byteLength }).getUploadStatus(access);
    expect(status.username).toBe('Bées 😀');

    const oneOver = respond(xml);
    expect(
      await failureOf(client(oneOver.fetch, { maxBodyBytes: bytes.byteLength - 1 }).getUploadStatus(access)),
    ).toMatchObject({ reason: 'too-large' });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-01-01T00:00:00Z');
  it('reads seconds and HTTP-dates, and nothing else', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 3600 ', now)).toBe(3600);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('Sun, 31 Dec 2023 23:00:00 GMT', now)).toBe(0);
    for (const bad of ['', '-5', '1.5', '99999999999999999999', 'soon', '2024-01-01']) {
      expect(parseRetryAfter(bad, now)).toBeUndefined();
    }
  });
});
