/** What the upload-page check needs, from the last getUploadStatus and (when known) getLimits. */
import type { AccountLimits, UploadStatus } from '../flickr/types';
import type { UploadLimits } from '../messages';
import type { Dated } from '../state';
import { itemsGauge } from './gauges';

/** The stricter of two limits; a missing or non-positive getLimits figure is ignored. */
function stricter(fromStatus: number, fromLimits: number | undefined): number;
function stricter(fromStatus: number | undefined, fromLimits: number | undefined): number | undefined;
function stricter(fromStatus: number | undefined, fromLimits: number | undefined): number | undefined {
  const usable = fromLimits !== undefined && Number.isFinite(fromLimits) && fromLimits > 0;
  if (!usable) return fromStatus;
  return fromStatus === undefined ? fromLimits : Math.min(fromStatus, fromLimits);
}

export function uploadLimitsFrom(
  status: Dated<UploadStatus>,
  limits: Dated<AccountLimits> | null,
): UploadLimits {
  const s = status.value;
  // getLimits of another account (after switching accounts) says nothing about this one.
  const l = limits && limits.value.nsid === s.nsid ? limits.value : undefined;
  return {
    photoMaxBytes: stricter(s.photoMaxBytes, l?.photoMaxBytes),
    videoMaxBytes: stricter(s.videoMaxBytes, l?.videoMaxBytes),
    videosLeft: s.videoAllowance.kind === 'unlimited' ? 'unlimited' : Math.max(0, s.videoAllowance.remaining),
    itemsLeft: itemsGauge(s)?.left,
    bandwidthLeftBytes: s.bandwidth.unlimited ? undefined : Math.max(0, s.bandwidth.remainingBytes),
    videoMaxSeconds: l?.videoMaxSeconds,
    fetchedAt: status.fetchedAt,
  };
}
