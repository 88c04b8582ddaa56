/**
 * The Flickr calls this extension makes: the OAuth 1.0a handshake and two signed REST reads.
 * Every failure of a call rejects with a FlickrError carrying a FlickrFailure. The only other
 * rejection is a URIError for a string with a lone surrogate (not encodable: a caller bug).
 * Uses only `fetch`, `AbortController`, `TextDecoder` and timers (service worker and Node 20).
 */
import { FlickrError, type FlickrFailure } from './errors';
import { createSigner, percentEncode, type Signer } from './oauth';
import { parseAccessGrant, parseEnvelope, parseLimits, parseOAuthForm, parseRequestToken, parseUploadStatus } from './parse';
import type { AccessGrant, AccountLimits, ConsumerCredentials, TokenPair, UploadStatus } from './types';

export const REQUEST_TOKEN_URL = 'https://www.flickr.com/services/oauth/request_token';
export const AUTHORIZE_URL = 'https://www.flickr.com/services/oauth/authorize';
export const ACCESS_TOKEN_URL = 'https://www.flickr.com/services/oauth/access_token';
/** The trailing slash is part of the signed URL. */
export const REST_URL = 'https://api.flickr.com/services/rest/';

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface FlickrClientOptions {
  consumer: ConsumerCredentials;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Covers the whole call: connecting, headers and body. */
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Defaults to `createSigner({ consumer })`; tests inject a fixed nonce and clock. */
  signer?: Signer;
  /** Clock for `Retry-After` HTTP-dates; defaults to `Date.now`. */
  nowMs?: () => number;
}

export interface FlickrClient {
  /** Step 1: a request token for `callbackUrl`; Flickr must confirm the callback. */
  getRequestToken(callbackUrl: string): Promise<TokenPair>;
  /** Step 2: the page where the user approves read access. */
  authorizeUrl(requestToken: TokenPair): string;
  /** Step 3: trade the approved request token and its verifier for the long-lived token. */
  getAccessToken(requestToken: TokenPair, verifier: string): Promise<AccessGrant>;
  getUploadStatus(access: TokenPair): Promise<UploadStatus>;
  getLimits(access: TokenPair): Promise<AccountLimits>;
}

interface Reply {
  status: number;
  headers: Headers;
  body: string;
}

const fail = (failure: FlickrFailure) => new FlickrError(failure);

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * `Retry-After` as seconds from now: delta-seconds, or an HTTP-date (past dates → 0).
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^[0-9]+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds : undefined;
  }
  // Date.parse reads bare numbers as years; an HTTP-date always names a day or month.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - nowMs) / 1000)) : undefined;
}

/** The body as text, refusing past `maxBytes` whatever Content-Length claims. */
async function readBody(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () => fail({ kind: 'bad-body', reason: 'too-large', detail: `body over ${maxBytes} bytes` });
  const declared = Number(response.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

export function createFlickrClient(options: FlickrClientOptions): FlickrClient {
  const signer = options.signer ?? createSigner({ consumer: options.consumer });
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const nowMs = options.nowMs ?? Date.now;

  async function fetchReply(url: string, signal: AbortSignal): Promise<Reply> {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'GET',
        credentials: 'omit',
        cache: 'no-store',
        // Flickr never redirects these calls; a redirect (captive portal, proxy) is a failure,
        // reported by its status (0 when the browser hides an opaque redirect).
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      throw fail(signal.aborted ? { kind: 'timeout', afterMs: timeoutMs } : { kind: 'network', detail: errorText(error) });
    }
    try {
      return { status: response.status, headers: response.headers, body: await readBody(response, maxBodyBytes) };
    } catch (error) {
      if (error instanceof FlickrError) throw error;
      // The connection dropped while the body was arriving.
      throw fail(signal.aborted ? { kind: 'timeout', afterMs: timeoutMs } : { kind: 'network', detail: errorText(error) });
    }
  }

  /** One GET; the deadline wins even against a fetch that ignores its abort signal. */
  async function exchange(url: string): Promise<Reply> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(fail({ kind: 'timeout', afterMs: timeoutMs }));
        controller.abort();
      }, timeoutMs);
    });
    try {
      return await Promise.race([fetchReply(url, controller.signal), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  function httpFailure(reply: Reply): FlickrError {
    return fail({
      kind: 'http',
      status: reply.status,
      retryAfterSeconds: parseRetryAfter(reply.headers.get('retry-after'), nowMs()),
    });
  }

  const isOk = (status: number) => status >= 200 && status <= 299;

  function oauthProblem(body: string): string | undefined {
    try {
      return parseOAuthForm(body).get('oauth_problem');
    } catch {
      return undefined;
    }
  }

  /** A `/services/oauth/*` call: its failures are `oauth_problem=…` form bodies, usually HTTP 401. */
  async function oauthCall<T>(url: string, params: Record<string, string>, token: TokenPair | undefined, parse: (body: string) => T): Promise<T> {
    const reply = await exchange(signer.signedQuery('GET', url, params, token));
    const problem = oauthProblem(reply.body);
    if (problem !== undefined) throw fail({ kind: 'oauth', status: reply.status, problem });
    if (!isOk(reply.status)) throw httpFailure(reply);
    return parse(reply.body);
  }

  async function restCall<T>(method: string, access: TokenPair, parse: (body: string) => T): Promise<T> {
    const reply = await exchange(signer.signedQuery('GET', REST_URL, { method }, access));
    if (!isOk(reply.status)) {
      // A Flickr error envelope (its code says what to do) beats the bare status.
      try {
        parseEnvelope(reply.body);
      } catch (error) {
        if (error instanceof FlickrError && error.failure.kind === 'api') throw error;
      }
      throw httpFailure(reply);
    }
    return parse(reply.body);
  }

  return {
    getRequestToken: (callbackUrl) =>
      oauthCall(REQUEST_TOKEN_URL, { oauth_callback: callbackUrl }, undefined, parseRequestToken),
    authorizeUrl: (requestToken) => `${AUTHORIZE_URL}?oauth_token=${percentEncode(requestToken.token)}&perms=read`,
    getAccessToken: (requestToken, verifier) =>
      oauthCall(ACCESS_TOKEN_URL, { oauth_verifier: verifier }, requestToken, parseAccessGrant),
    getUploadStatus: (access) => restCall('flickr.people.getUploadStatus', access, parseUploadStatus),
    getLimits: (access) => restCall('flickr.people.getLimits', access, parseLimits),
  };
}
