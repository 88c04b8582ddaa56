/**
 * When to call Flickr: pure decisions, driven by the worker's poller and by the benchmark's
 * simulated days. Every install shares one API key's budget (about 3,600 calls per hour for all
 * users together), so the default is to wait long and only shorten near a limit.
 */
import type { UploadStatus } from '../flickr/types';
import type { FlickrFailure } from '../flickr/errors';
import { FlickrCode } from '../flickr/errors';
import { mostConstraining } from '../quota/gauges';
import type { Dated, Settings } from '../state';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Per-install hard cap on calls to Flickr, manual refreshes included. */
export const CALLS_PER_HOUR_CAP = 30;
/** getLimits changes with the account type only: once a day is plenty. */
export const LIMITS_MAX_AGE_MS = DAY;
/** After an upload session in this browser ends, refresh once after this delay. */
export const AFTER_UPLOAD_DELAY_MS = 60_000;
/** Never poll more often than this, whatever the settings say. */
export const MIN_POLL_DELAY_MS = 15 * MINUTE;
export const BACKOFF_BASE_MS = 5 * MINUTE;
/**
 * An overdue poll (browser start after a night, a shortened interval) runs after a random delay
 * up to this long: installs that all start at 8:00 do not all call at 8:00. The popup still
 * fetches at once when the user opens it on old figures.
 */
export const OVERDUE_SPREAD_MS = 10 * MINUTE;
export const BACKOFF_CAP_MS = 6 * HOUR;

/**
 * How much of the poll interval to wait, by how close the most constraining quota is to its end.
 * Near a limit the figures move with every upload made elsewhere (phone, other browsers); uploads
 * made in this browser trigger their own refresh, so the shortening can stay modest.
 */
const NEAR_LIMIT_FACTOR = { comfortable: 1, amber: 0.5, red: 0.25 } as const;

export function pollDelayMs(status: UploadStatus | null, settings: Settings): number {
  const interval = settings.pollIntervalMinutes * MINUTE;
  const gauge = status ? mostConstraining(status) : undefined;
  let factor: number = NEAR_LIMIT_FACTOR.comfortable;
  if (gauge) {
    const percentLeft = gauge.fractionLeft * 100;
    if (gauge.usedUp || percentLeft <= settings.redPercent) factor = NEAR_LIMIT_FACTOR.red;
    else if (percentLeft <= settings.amberPercent) factor = NEAR_LIMIT_FACTOR.amber;
  }
  return Math.max(MIN_POLL_DELAY_MS, Math.round(interval * factor));
}

/** Figures older than this have missed at least one poll: grey badge, "may be out of date". */
export function staleAfterMs(status: UploadStatus | null, settings: Settings): number {
  return 2 * pollDelayMs(status, settings);
}

export function isStale(status: Dated<UploadStatus>, settings: Settings, now: number): boolean {
  return now - status.fetchedAt > staleAfterMs(status.value, settings);
}

/** Full-jitter exponential backoff: random in [base·2^(n-1)/2, base·2^(n-1)], capped. */
export function backoffDelayMs(consecutiveFailures: number, random: () => number): number {
  if (consecutiveFailures <= 0) return 0;
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(consecutiveFailures - 1, 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Failures that say "Flickr or the path to it is struggling": back off before trying again. */
export function isTransient(failure: FlickrFailure): boolean {
  switch (failure.kind) {
    case 'api':
      return failure.code === FlickrCode.serviceUnavailable || failure.code === FlickrCode.writeFailed;
    case 'http':
      return failure.status === 429 || failure.status >= 500;
    case 'bad-body':
    case 'timeout':
    case 'network':
      return true;
    case 'oauth':
      return false;
  }
}

/** Sliding one-hour window of call times. Returns when the next call is allowed (≤ now: now). */
export function nextCallAllowedAt(callLog: readonly number[], now: number, cap = CALLS_PER_HOUR_CAP): number {
  const recent = callLog.filter((t) => t > now - HOUR && t <= now);
  if (recent.length < cap) return now;
  const sorted = [...recent].sort((a, b) => a - b);
  // The call that has to leave the window before another fits.
  return (sorted[recent.length - cap] ?? now) + HOUR;
}

export function pruneCallLog(callLog: readonly number[], now: number): number[] {
  return callLog.filter((t) => t > now - HOUR && t <= now);
}
