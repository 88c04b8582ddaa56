/**
 * What the worker keeps in `storage.local` (never a token or a secret: those live in the
 * worker's IndexedDB vault, see src/background/vault.ts). The popup and options page render from
 * these keys and follow `storage.onChanged`; only the worker writes them.
 */
import type { AccountLimits, UploadStatus } from './flickr/types';
import type { FlickrFailure } from './flickr/errors';

export const SCHEMA_VERSION = 1;

export interface Settings {
  /** The longest wait between two polls; shortened near a limit. Minutes. */
  pollIntervalMinutes: number;
  /** Badge turns amber at or below this percentage left. */
  amberPercent: number;
  /** Badge turns red at or below this percentage left. */
  redPercent: number;
  /** Threshold notifications (optional `notifications` permission). */
  notifications: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  pollIntervalMinutes: 720,
  amberPercent: 25,
  redPercent: 10,
  notifications: false,
};

export const SETTINGS_BOUNDS = {
  pollIntervalMinutes: { min: 15, max: 1440 },
  amberPercent: { min: 1, max: 90 },
  redPercent: { min: 0, max: 89 },
} as const;

export interface Account {
  nsid: string;
  username: string;
  fullname: string;
}

export type Session =
  | { state: 'signed-out' }
  /** `previous`: the session to go back to if the sign-in ends without a new grant. */
  | { state: 'signing-in'; since: number; previous?: { state: 'signed-in' | 'revoked'; account: Account } }
  | { state: 'signed-in'; account: Account }
  /** Flickr answered 98: the token was revoked. Figures are kept but shown as stale. */
  | { state: 'revoked'; account: Account };

export interface Dated<T> {
  value: T;
  /** ms since epoch when Flickr answered. */
  fetchedAt: number;
}

export type LastAttempt =
  | { at: number; outcome: 'ok' }
  | { at: number; outcome: 'failed'; failure: FlickrFailure }
  /** The per-install call cap or a backoff held the call back; `until` says when it may run. */
  | { at: number; outcome: 'held'; reason: 'call-cap' | 'backoff' | 'offline'; until: number };

/** Where the API key comes from. The secret itself never leaves the vault. */
export type CredentialSource = 'options' | 'build' | 'none';

export interface StoredState {
  schemaVersion: number;
  settings: Settings;
  session: Session;
  credentialSource: CredentialSource;
  status: Dated<UploadStatus> | null;
  limits: Dated<AccountLimits> | null;
  lastAttempt: LastAttempt | null;
  /** When the next scheduled poll is due (ms since epoch), for display. */
  nextPollAt: number | null;
  /** A refresh is running right now. */
  refreshing: boolean;
  /** Something the user should know that is not a Flickr reply (cleared by the next sign-in). */
  notice: { kind: 'storage-reset'; at: number } | null;
}

export const INITIAL_STATE: StoredState = {
  schemaVersion: SCHEMA_VERSION,
  settings: DEFAULT_SETTINGS,
  session: { state: 'signed-out' },
  credentialSource: 'none',
  status: null,
  limits: null,
  lastAttempt: null,
  nextPollAt: null,
  refreshing: false,
  notice: null,
};

export type StateKey = keyof StoredState;

/** The worker's own bookkeeping, stored under the `schedule` key; no UI reads it. */
export interface ScheduleState {
  /** Times of the calls made in the last hour (per-install cap). */
  callLog: number[];
  /** Transient failures in a row (105, 5xx, timeouts…); 0 after a success. */
  consecutiveFailures: number;
  /** No automatic call before this time (backoff, Retry-After). */
  notBefore: number | null;
  /** Honoured by manual refreshes too (HTTP 429 Retry-After, call cap). */
  hardNotBefore: number | null;
  /** Threshold crossings already notified (ids from quota/notify.ts). */
  notified: string[];
}

export const INITIAL_SCHEDULE: ScheduleState = {
  callLog: [],
  consecutiveFailures: 0,
  notBefore: null,
  hardNotBefore: null,
  notified: [],
};
