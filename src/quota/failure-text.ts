/**
 * What to tell the user when a Flickr call failed or was held back: words that say what to do,
 * never Flickr's own `msg` text (it varies between replies for the same code).
 */
import { FlickrCode, type FlickrFailure } from '../flickr/errors';
import type { Translate } from '../i18n';
import type { LastAttempt } from '../state';
import { keyRejected } from './describe';
import { formatClockTime } from './format';

export type HeldReason = Extract<LastAttempt, { outcome: 'held' }>['reason'];

/** Facts the caller already formatted, to put into the advice when known. */
export interface FailureContext {
  /** Age of the last good figures, e.g. "5 minutes ago". */
  figuresAge?: string | undefined;
  /** When Refresh works again, as clock text (`formatClockTime`). */
  retryAt?: string | undefined;
}

type FailureClass =
  | 'revoked'
  | 'permission'
  | 'key'
  | 'signature'
  | 'ssl'
  | 'unavailable'
  | 'unreadable'
  | 'rate-limited'
  | 'timeout'
  | 'network'
  | 'sign-in'
  | 'clock'
  | 'request-bug'
  | 'http'
  | 'api-other';

const UNAVAILABLE_BODIES = new Set(['empty', 'html', 'malformed', 'unexpected-root', 'too-large']);

/** Codes that mean this extension sent something Flickr did not understand: a bug to report. */
const REQUEST_BUG_CODES = new Set<number>([
  FlickrCode.formatNotFound,
  FlickrCode.methodNotFound,
  FlickrCode.invalidSoapEnvelope,
  FlickrCode.invalidXmlRpcCall,
  FlickrCode.badUrl,
]);

function classify(f: FlickrFailure): FailureClass {
  switch (f.kind) {
    case 'api':
      switch (f.code) {
        case FlickrCode.invalidAuthToken:
          return 'revoked';
        case FlickrCode.insufficientPermissions:
          return 'permission';
        case FlickrCode.invalidApiKey:
          return 'key';
        case FlickrCode.invalidSignature:
        case FlickrCode.missingSignature:
          return 'signature';
        case FlickrCode.sslRequired:
          return 'ssl';
        case FlickrCode.serviceUnavailable:
        case FlickrCode.writeFailed:
          return 'unavailable';
        default:
          return REQUEST_BUG_CODES.has(f.code) ? 'request-bug' : 'api-other';
      }
    case 'oauth':
      if (keyRejected(f)) return 'key';
      if (f.problem === 'timestamp_refused') return 'clock';
      return 'sign-in';
    case 'http':
      if (f.status === 429) return 'rate-limited';
      if (f.status >= 500) return 'unavailable';
      return 'http';
    case 'bad-body':
      return UNAVAILABLE_BODIES.has(f.reason) ? 'unavailable' : 'unreadable';
    case 'timeout':
      return 'timeout';
    case 'network':
      return 'network';
  }
}

/** A sentence or two saying what went wrong and what to do about it. */
export function failureAdvice(failure: FlickrFailure, t: Translate, context: FailureContext = {}): string {
  const { figuresAge, retryAt } = context;
  switch (classify(failure)) {
    case 'revoked':
      return t('error_revoked');
    case 'permission':
      return t('error_permission');
    case 'key':
      return t('error_api_key');
    case 'signature':
      return t('error_signature', [codeOf(failure)]);
    case 'ssl':
      return t('error_ssl');
    case 'unavailable':
      return figuresAge === undefined ? t('error_unavailable') : t('error_unavailable_with_age', [figuresAge]);
    case 'unreadable':
      return figuresAge === undefined ? t('error_unreadable') : t('error_unreadable_with_age', [figuresAge]);
    case 'rate-limited':
      return retryAt === undefined ? t('error_rate_limited') : t('error_rate_limited_until', [retryAt]);
    case 'timeout':
      return t('error_timeout');
    case 'network':
      return t('error_network');
    case 'sign-in':
      return t('error_sign_in', [failure.kind === 'oauth' ? failure.problem : '']);
    case 'clock':
      return t('error_clock');
    case 'request-bug':
      return t('error_request_bug', [codeOf(failure)]);
    case 'http':
      return t('error_http', [failure.kind === 'http' ? failure.status : 0]);
    case 'api-other':
      return t('error_api_other', [codeOf(failure)]);
  }
}

/** A few words for a tooltip or a heading. */
export function failureSummary(failure: FlickrFailure, t: Translate): string {
  switch (classify(failure)) {
    case 'revoked':
      return t('error_summary_revoked');
    case 'permission':
      return t('error_summary_permission');
    case 'key':
      return t('error_summary_api_key');
    case 'signature':
      return t('error_summary_signature');
    case 'ssl':
    case 'request-bug':
    case 'api-other':
      return t('error_summary_api', [codeOf(failure)]);
    case 'unavailable':
    case 'unreadable':
      return t('error_summary_unavailable');
    case 'rate-limited':
      return t('error_summary_rate_limited');
    case 'timeout':
      return t('error_summary_timeout');
    case 'network':
      return t('error_summary_network');
    case 'sign-in':
    case 'clock':
      return t('error_summary_sign_in');
    case 'http':
      return t('error_summary_http', [failure.kind === 'http' ? failure.status : 0]);
  }
}

/** Why no call was made, and when one may run again. */
export function heldAdvice(
  reason: HeldReason,
  until: number,
  t: Translate,
  lang: string,
  now: number = Date.now(),
): string {
  const at = formatClockTime(until, now, lang);
  switch (reason) {
    case 'call-cap':
      return t('error_rate_limited_until', [at]);
    case 'backoff':
      return t('error_backoff_until', [at]);
    case 'offline':
      return t('error_network');
  }
}

/** When a rate-limited (HTTP 429) attempt may be retried, from its Retry-After header. */
export function retryAfterTime(failure: FlickrFailure, attemptAt: number): number | undefined {
  if (failure.kind !== 'http' || failure.retryAfterSeconds === undefined) return undefined;
  return attemptAt + failure.retryAfterSeconds * 1000;
}

function codeOf(f: FlickrFailure): number {
  return f.kind === 'api' ? f.code : 0;
}
