/**
 * Numbers, sizes, ages and durations for people. Everything is formatted with `Intl` in the
 * UI language; unit symbols for sizes are the ones Flickr itself prints (B, KB, MB, GB, TB, all
 * 1024-based), so "200 MB" here matches "200 MB" on flickr.com.
 */

import type { Translate } from '../i18n';

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** One decimal below 10 of a unit ("1.5 GB"), whole numbers above ("92 MB"); ".0" is dropped. */
export function formatBytes(bytes: number, lang: string): string {
  if (!Number.isFinite(bytes)) return `${formatCount(0, lang)} B`;
  let unit = 0;
  let value = Math.abs(bytes);
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 10 && unit > 0 ? 1 : 0;
  let rounded = roundTo(value, digits);
  // 1023.96 MB rounds to 1024 MB: say "1 GB" instead.
  if (rounded >= 1024 && unit < BYTE_UNITS.length - 1) {
    unit++;
    rounded = roundTo(rounded / 1024, 1);
  }
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(
    Math.sign(bytes) * rounded,
  );
  return `${number} ${BYTE_UNITS[unit]}`;
}

function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function formatCount(n: number, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(n);
}

/**
 * Whole percent, rounded down so a quota never looks fuller than it is (9.9 % → "9 %").
 * A quota that is not empty but under 1 % shows as "<1 %" rather than "0 %", which would read
 * as used up. Fractions outside 0…1 are clamped.
 */
export function formatPercent(fraction: number, lang: string): string {
  const percent = wholePercentLeft(fraction);
  const format = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  if (percent === 0 && fraction > 0) return `<${format.format(0.01)}`;
  return format.format(percent / 100);
}

/** Floor of fraction × 100, clamped to 0…100, immune to 0.29 × 100 = 28.999…96. */
export function wholePercentLeft(fraction: number): number {
  if (!Number.isFinite(fraction) || fraction <= 0) return 0;
  if (fraction >= 1) return 100;
  return Math.floor(fraction * 100 + 1e-9);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "just now" under a minute, then "5 minutes ago", "3 hours ago", "yesterday", "4 days ago".
 * Units are rounded down. A negative age (clock skew) counts as just now. Pass `t` for the
 * catalogue's "just now"; without it Intl's own word ("now") is used.
 */
export function formatAge(ageMs: number, lang: string, t?: Translate): string {
  if (!(ageMs >= MINUTE)) return t ? t('format_just_now') : intlNow(lang);
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  if (ageMs < HOUR) return relative.format(-Math.floor(ageMs / MINUTE), 'minute');
  if (ageMs < DAY) return relative.format(-Math.floor(ageMs / HOUR), 'hour');
  return relative.format(-Math.floor(ageMs / DAY), 'day');
}

/** `numeric: 'auto'` turns 0 seconds into "now" ("jetzt", "今") in every locale. */
function intlNow(lang: string): string {
  return new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(0, 'second');
}

/**
 * "45 sec", "3 min", "1 hr 30 min" (whole seconds; zero parts left out). Built from
 * `Intl.NumberFormat` units joined by `Intl.ListFormat`, rather than `Intl.DurationFormat`,
 * which not every supported browser has.
 */
export function formatDuration(seconds: number, lang: string): string {
  const total = Number.isFinite(seconds) ? Math.max(0, Math.round(seconds)) : 0;
  const parts: [number, 'hour' | 'minute' | 'second'][] = [
    [Math.floor(total / 3600), 'hour'],
    [Math.floor((total % 3600) / 60), 'minute'],
    [total % 60, 'second'],
  ];
  const unit = (value: number, name: string) =>
    new Intl.NumberFormat(lang, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const shown = parts.filter(([value]) => value > 0).map(([value, name]) => unit(value, name));
  if (shown.length === 0) return unit(0, 'second');
  return new Intl.ListFormat(lang, { type: 'unit', style: 'narrow' }).format(shown);
}

/** A wall-clock time such as "2:30 PM", with the weekday when it is not within the next day. */
export function formatClockTime(epochMs: number, now: number, lang: string): string {
  const soon = epochMs - now < 20 * HOUR;
  return new Intl.DateTimeFormat(lang, {
    ...(soon ? {} : { weekday: 'short' as const }),
    hour: 'numeric',
    minute: '2-digit',
  }).format(epochMs);
}

/**
 * When something happened, as a wall-clock time that stays true however long it is shown
 * (the badge tooltip is painted once and read later): "2:30 PM" the same day, "Tue 2:30 PM"
 * within the week, else "Mar 4, 2:30 PM".
 */
export function formatPastClockTime(epochMs: number, now: number, lang: string): string {
  const sameDay = new Date(epochMs).toDateString() === new Date(now).toDateString();
  const withinWeek = now - epochMs < 6 * DAY;
  return new Intl.DateTimeFormat(lang, {
    ...(sameDay ? {} : withinWeek ? { weekday: 'short' as const } : { month: 'short' as const, day: 'numeric' as const }),
    hour: 'numeric',
    minute: '2-digit',
  }).format(epochMs);
}
