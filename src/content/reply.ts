/** Shape check for the worker's `upload-limits/get` answer: it crosses a process boundary. */
import type { UploadLimits, UploadLimitsReply } from '../messages';

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Chrome drops undefined members when it serialises a message, and null is as good as absent. */
function optionalCount(v: unknown): number | undefined | false {
  if (v === undefined || v === null) return undefined;
  return isCount(v) ? v : false;
}

export function parseLimitsReply(raw: unknown): UploadLimitsReply | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { state, limits } = raw as { state?: unknown; limits?: unknown };
  if (state === 'signed-out' || state === 'no-figures') return { state };
  if (state !== 'ready' || typeof limits !== 'object' || limits === null) return null;
  const l = limits as Record<string, unknown>;
  const videoMaxBytes = optionalCount(l.videoMaxBytes);
  const itemsLeft = optionalCount(l.itemsLeft);
  const bandwidthLeftBytes = optionalCount(l.bandwidthLeftBytes);
  const videoMaxSeconds = optionalCount(l.videoMaxSeconds);
  const { photoMaxBytes, videosLeft, fetchedAt } = l;
  if (
    !isCount(photoMaxBytes) ||
    !(videosLeft === 'unlimited' || isCount(videosLeft)) ||
    typeof fetchedAt !== 'number' ||
    !Number.isFinite(fetchedAt) ||
    videoMaxBytes === false ||
    itemsLeft === false ||
    bandwidthLeftBytes === false ||
    videoMaxSeconds === false
  ) {
    return null;
  }
  const parsed: UploadLimits = {
    photoMaxBytes,
    videoMaxBytes,
    videosLeft,
    itemsLeft,
    bandwidthLeftBytes,
    videoMaxSeconds,
    fetchedAt,
  };
  return { state: 'ready', limits: parsed };
}
