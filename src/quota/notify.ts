/**
 * Threshold crossings for notifications: a crossing is reported when the newest figures are past
 * a threshold and the previous ones were not. Ids are stable (`items-le-50`) so the caller can
 * remember what it already notified, and forget it again once `pastThresholdIds` no longer lists
 * it (bandwidth refilled at the start of a month, items deleted).
 */
import type { UploadStatus } from '../flickr/types';
import type { Translate } from '../i18n';
import { describeGauge } from './describe';
import type { Gauge, QuotaKind } from './gauges';
import { quotaGauges } from './gauges';

export interface Crossing {
  /** e.g. `items-le-50`, `bandwidth-le-10pct`, `videos-le-0`. */
  id: string;
  kind: QuotaKind;
  /** The threshold, in the rule's unit (items, percent or videos left). */
  threshold: number;
  /** The gauge as it is now. */
  gauge: Gauge;
}

interface Rule {
  id: string;
  kind: QuotaKind;
  threshold: number;
  past: (g: Gauge) => boolean;
}

/** Deepest last: when one refresh passes several rules of a kind, only the deepest is reported. */
export const CROSSING_RULES: readonly Rule[] = [
  { id: 'items-le-50', kind: 'items', threshold: 50, past: (g) => g.left <= 50 },
  { id: 'items-le-0', kind: 'items', threshold: 0, past: (g) => g.usedUp },
  {
    id: 'bandwidth-le-10pct',
    kind: 'bandwidth',
    threshold: 10,
    past: (g) => (g.total !== undefined && g.total > 0 ? g.left * 10 <= g.total : g.usedUp),
  },
  { id: 'bandwidth-le-0', kind: 'bandwidth', threshold: 0, past: (g) => g.usedUp },
  { id: 'videos-le-0', kind: 'videos', threshold: 0, past: (g) => g.usedUp },
];

function pastRules(status: UploadStatus): { rule: Rule; gauge: Gauge }[] {
  const gauges = quotaGauges(status);
  return CROSSING_RULES.flatMap((rule) => {
    const gauge = gauges.find((g) => g.kind === rule.kind);
    return gauge && rule.past(gauge) ? [{ rule, gauge }] : [];
  });
}

/** Ids of every threshold the figures are past right now. */
export function pastThresholdIds(status: UploadStatus): string[] {
  return pastRules(status).map(({ rule }) => rule.id);
}

export function thresholdCrossings(previous: UploadStatus | null, current: UploadStatus): Crossing[] {
  const before = new Set(previous ? pastThresholdIds(previous) : []);
  const deepest = new Map<QuotaKind, Crossing>();
  for (const { rule, gauge } of pastRules(current)) {
    if (before.has(rule.id)) continue;
    deepest.set(rule.kind, { id: rule.id, kind: rule.kind, threshold: rule.threshold, gauge });
  }
  return [...deepest.values()];
}

const TITLE_KEYS: Record<QuotaKind, { low: string; usedUp: string }> = {
  items: { low: 'quota_notify_items_low_title', usedUp: 'quota_notify_items_used_up_title' },
  bandwidth: { low: 'quota_notify_bandwidth_low_title', usedUp: 'quota_notify_bandwidth_used_up_title' },
  videos: { low: 'quota_notify_videos_used_up_title', usedUp: 'quota_notify_videos_used_up_title' },
};

export function notificationText(c: Crossing, t: Translate, lang: string): { title: string; message: string } {
  const keys = TITLE_KEYS[c.kind];
  return {
    title: t(c.gauge.usedUp ? keys.usedUp : keys.low),
    message: describeGauge(c.gauge, t, lang),
  };
}

/**
 * Which crossings to notify now, and which ids to remember: a remembered id is never notified
 * again while the figures stay past it, and is forgotten once they are not (so next month's
 * bandwidth crossing notifies again).
 */
export function notificationsDue(
  previous: UploadStatus | null,
  current: UploadStatus,
  remembered: readonly string[],
): { show: Crossing[]; remember: string[] } {
  const past = new Set(pastThresholdIds(current));
  const kept = remembered.filter((id) => past.has(id));
  const show = thresholdCrossings(previous, current).filter((c) => !kept.includes(c.id));
  return { show, remember: [...new Set([...kept, ...show.map((c) => c.id)])] };
}
