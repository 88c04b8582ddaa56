/**
 * Every way a Flickr call can fail, as data. `FlickrFailure` is plain JSON so the worker can
 * store it beside the last good status and the popup can explain it in words.
 */

export type BadBodyReason =
  | 'empty' // zero-length body
  | 'html' // an HTML page (outage, proxy, 404) where XML was expected
  | 'json' // JSON or JSONP where XML was expected
  | 'doctype' // DOCTYPE / ENTITY declarations: refused, never expanded
  | 'too-large' // body longer than the cap
  | 'malformed' // not well-formed XML (truncated, garbage)
  | 'unexpected-root' // well-formed, but not <rsp>
  | 'missing-fields'; // stat="ok" but a required field is missing or not a number

export type FlickrFailure =
  /** REST `<rsp stat="fail"><err code msg/>`; act on `code`, never on `message`. */
  | { kind: 'api'; code: number; message: string }
  /** `/services/oauth/*` replies HTTP 401 `oauth_problem=…`. */
  | { kind: 'oauth'; status: number; problem: string }
  /** Non-2xx HTTP status without a Flickr envelope. `retryAfterSeconds` from Retry-After. */
  | { kind: 'http'; status: number; retryAfterSeconds: number | undefined }
  | { kind: 'bad-body'; reason: BadBodyReason; detail: string }
  /** No answer within the request timeout. */
  | { kind: 'timeout'; afterMs: number }
  /** Connection refused / reset / DNS / offline: fetch rejected. */
  | { kind: 'network'; detail: string };

export class FlickrError extends Error {
  constructor(readonly failure: FlickrFailure) {
    super(describeFailure(failure));
    this.name = 'FlickrError';
  }
}

/** A developer-facing one-liner (logs, test output). User-facing words live in the UI layer. */
export function describeFailure(f: FlickrFailure): string {
  switch (f.kind) {
    case 'api':
      return `Flickr error ${f.code}: ${f.message}`;
    case 'oauth':
      return `OAuth endpoint HTTP ${f.status}: oauth_problem=${f.problem}`;
    case 'http':
      return `HTTP ${f.status}`;
    case 'bad-body':
      return `Unusable reply (${f.reason}): ${f.detail}`;
    case 'timeout':
      return `No answer after ${f.afterMs} ms`;
    case 'network':
      return `Network failure: ${f.detail}`;
  }
}

/** Documented Flickr error codes that matter to this extension. */
export const FlickrCode = {
  sslRequired: 95,
  invalidSignature: 96,
  missingSignature: 97,
  invalidAuthToken: 98,
  insufficientPermissions: 99,
  invalidApiKey: 100,
  serviceUnavailable: 105,
  writeFailed: 106,
  formatNotFound: 111,
  methodNotFound: 112,
  invalidSoapEnvelope: 114,
  invalidXmlRpcCall: 115,
  badUrl: 116,
} as const;
