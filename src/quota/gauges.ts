/**
 * The limited quotas of an account as comparable gauges, and which one is closest to running
 * out. Unlimited quotas (Pro bandwidth, `remaining="lots"` videos, no `upload_limit`) have no
 * gauge at all.
 */
import type { UploadStatus } from '../flickr/types';

export type QuotaKind = 'items' | 'bandwidth' | 'videos';

export interface Gauge {
  kind: QuotaKind;
  /** Items, bytes or videos still allowed; never negative. */
  left: number;
  /** The whole allowance in the same unit; undefined when Flickr does not say. */
  total: number | undefined;
  /** left / total, 0…1. */
  fractionLeft: number;
  usedUp: boolean;
}

const KIND_ORDER: readonly QuotaKind[] = ['items', 'bandwidth', 'videos'];

function fraction(left: number, total: number): number {
  return total > 0 ? Math.min(1, left / total) : 0;
}

export function itemsGauge(status: UploadStatus): Gauge | undefined {
  const limit = status.itemLimit;
  if (!limit || limit.uploadLimit < 0) return undefined;
  const left = Math.max(0, limit.uploadLimit - limit.uploadCount);
  return {
    kind: 'items',
    left,
    total: limit.uploadLimit,
    fractionLeft: fraction(left, limit.uploadLimit),
    usedUp: left === 0,
  };
}

function bandwidthGauge(status: UploadStatus): Gauge | undefined {
  const { bandwidth } = status;
  if (bandwidth.unlimited) return undefined;
  const left = Math.max(0, bandwidth.remainingBytes);
  return {
    kind: 'bandwidth',
    left,
    total: bandwidth.maxBytes,
    fractionLeft: fraction(left, bandwidth.maxBytes),
    usedUp: left === 0,
  };
}

/**
 * Flickr only says how many video uploads remain (0–2 on free accounts). The allowance is taken
 * to be `uploaded + remaining`, which is what it is when `uploaded` counts the same period as
 * `remaining`. Without `uploaded` there is no total: the gauge is then full while any video is
 * left and empty at 0, so videos only decide the badge once none are left.
 */
function videosGauge(status: UploadStatus): Gauge | undefined {
  const allowance = status.videoAllowance;
  if (allowance.kind !== 'limited') return undefined;
  const left = Math.max(0, allowance.remaining);
  const total = status.videosUploaded === undefined ? undefined : status.videosUploaded + left;
  return {
    kind: 'videos',
    left,
    total,
    fractionLeft: total === undefined ? (left === 0 ? 0 : 1) : total > 0 ? left / total : 0,
    usedUp: left === 0,
  };
}

/** Only the limited quotas, in the order items, bandwidth, videos. */
export function quotaGauges(status: UploadStatus): Gauge[] {
  return [itemsGauge(status), bandwidthGauge(status), videosGauge(status)].filter(
    (g): g is Gauge => g !== undefined,
  );
}

/** The gauge with the smallest fraction left; ties go to a used-up one, then items, bandwidth, videos. */
export function mostConstraining(status: UploadStatus): Gauge | undefined {
  let best: Gauge | undefined;
  for (const gauge of quotaGauges(status)) {
    if (!best || tighter(gauge, best)) best = gauge;
  }
  return best;
}

function tighter(a: Gauge, b: Gauge): boolean {
  if (a.fractionLeft !== b.fractionLeft) return a.fractionLeft < b.fractionLeft;
  if (a.usedUp !== b.usedUp) return a.usedUp;
  return KIND_ORDER.indexOf(a.kind) < KIND_ORDER.indexOf(b.kind);
}

/**
 * `upload_limit_status` values we understand. Only `below_limit` has been seen in real replies;
 * `at_limit` and `over_limit` follow the same naming and are what Flickr is expected to send at
 * and past the limit. Anything else is shown as "unknown-status" with the raw counts.
 */
export const KNOWN_ITEM_LIMIT_STATUSES: readonly string[] = ['below_limit', 'at_limit', 'over_limit'];

export type ItemLimitView =
  | { kind: 'none' }
  | { kind: 'counted'; used: number; limit: number; left: number; over: boolean }
  | { kind: 'unknown-status'; used: number; limit: number; status: string };

/** The free-account item limit for the popup. The counts decide `left` and `over`. */
export function itemLimitView(status: UploadStatus): ItemLimitView {
  const limit = status.itemLimit;
  if (!limit || limit.uploadLimit < 0) return { kind: 'none' };
  const used = limit.uploadCount;
  if (limit.status !== undefined && !KNOWN_ITEM_LIMIT_STATUSES.includes(limit.status)) {
    return { kind: 'unknown-status', used, limit: limit.uploadLimit, status: limit.status };
  }
  return {
    kind: 'counted',
    used,
    limit: limit.uploadLimit,
    left: Math.max(0, limit.uploadLimit - used),
    over: used > limit.uploadLimit,
  };
}
