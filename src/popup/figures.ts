/** The popup's figures as rows of words, decided here so the components only lay them out. */
import type { AccountLimits, UploadStatus } from '../flickr/types';
import type { Translate } from '../i18n';
import { formatBytes, formatCount, formatDuration } from '../quota/format';
import { itemLimitView } from '../quota/gauges';

export type FigureId = 'bandwidth' | 'videos' | 'items' | 'photo-size' | 'video-size' | 'video-length';

export interface FigureMeter {
  label: string;
  left: number;
  total: number;
  valueText: string;
}

export interface FigureRow {
  id: FigureId;
  label: string;
  value: string;
  meter?: FigureMeter;
  /** The quota is used up or exceeded. */
  exhausted: boolean;
}

/** "Pro", "Pro (standard)" or "Free". */
export function accountType(status: UploadStatus, t: Translate): string {
  if (!status.isPro) return t('popup_account_free');
  return status.proBadge ? t('popup_account_pro_badge', [status.proBadge]) : t('popup_account_pro');
}

export function figureRows(
  status: UploadStatus,
  limits: AccountLimits | undefined,
  t: Translate,
  lang: string,
): FigureRow[] {
  const rows: FigureRow[] = [bandwidthRow(status, t, lang), videosRow(status, t, lang)];
  const items = itemsRow(status, t, lang);
  if (items) rows.push(items);
  rows.push({
    id: 'photo-size',
    label: t('popup_photo_max_size'),
    value: formatBytes(status.photoMaxBytes, lang),
    exhausted: false,
  });
  if (status.videoMaxBytes !== undefined) {
    rows.push({
      id: 'video-size',
      label: t('popup_video_max_size'),
      value: formatBytes(status.videoMaxBytes, lang),
      exhausted: false,
    });
  }
  if (limits?.videoMaxSeconds !== undefined) {
    rows.push({
      id: 'video-length',
      label: t('popup_video_max_length'),
      value: formatDuration(limits.videoMaxSeconds, lang),
      exhausted: false,
    });
  }
  return rows;
}

function bandwidthRow(status: UploadStatus, t: Translate, lang: string): FigureRow {
  const label = t('popup_bandwidth_label');
  const { bandwidth } = status;
  // With unlimited="1" the byte figures are placeholders: never show them.
  if (bandwidth.unlimited) return { id: 'bandwidth', label, value: t('popup_unlimited'), exhausted: false };
  const left = Math.max(0, bandwidth.remainingBytes);
  const value = t('popup_amount_left_of', [formatBytes(left, lang), formatBytes(bandwidth.maxBytes, lang)]);
  return {
    id: 'bandwidth',
    label,
    value,
    meter: { label, left, total: bandwidth.maxBytes, valueText: value },
    exhausted: left === 0,
  };
}

function videosRow(status: UploadStatus, t: Translate, lang: string): FigureRow {
  const label = t('popup_videos_label');
  const allowance = status.videoAllowance;
  if (allowance.kind === 'unlimited') return { id: 'videos', label, value: t('popup_unlimited'), exhausted: false };
  const left = Math.max(0, allowance.remaining);
  return { id: 'videos', label, value: formatCount(left, lang), exhausted: left === 0 };
}

function itemsRow(status: UploadStatus, t: Translate, lang: string): FigureRow | undefined {
  const view = itemLimitView(status);
  const label = t('popup_items_label');
  const used = (n: number, limit: number) => [formatCount(n, lang), formatCount(limit, lang)];
  switch (view.kind) {
    case 'none':
      return undefined;
    case 'unknown-status':
      return {
        id: 'items',
        label,
        value: t('popup_items_unknown_status', [...used(view.used, view.limit), view.status]),
        exhausted: false,
      };
    case 'counted': {
      const value = view.over
        ? t('popup_items_over', used(view.used, view.limit))
        : t('popup_items_used', [...used(view.used, view.limit), formatCount(view.left, lang)]);
      const meterText = t('popup_amount_left_of', [formatCount(view.left, lang), formatCount(view.limit, lang)]);
      return {
        id: 'items',
        label,
        value,
        meter: { label: t('popup_items_meter_label'), left: view.left, total: view.limit, valueText: meterText },
        exhausted: view.left === 0,
      };
    }
  }
}
