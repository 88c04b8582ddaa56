/**
 * The toolbar badge: every state it can be in, in one table, and the one function that picks a
 * state from what the worker stores. Chrome draws the badge text in white, so every colour keeps
 * at least 3:1 contrast against white (tested).
 */
import type { UploadStatus } from '../flickr/types';
import type { Translate } from '../i18n';
import type { CredentialSource, Dated, LastAttempt, Session } from '../state';
import { attemptReason, describeGauge, keyRejected, needsSignIn } from './describe';
import { formatPastClockTime, wholePercentLeft } from './format';
import type { Gauge } from './gauges';
import { mostConstraining } from './gauges';

export type BadgeStateName =
  | 'no-api-key'
  | 'key-rejected'
  | 'signed-out'
  | 'revoked'
  | 'signing-in'
  | 'loading'
  | 'unavailable'
  | 'unlimited'
  | 'plenty'
  | 'low'
  | 'critical'
  | 'used-up'
  | 'failed'
  | 'held'
  | 'stale';

const GREEN = '#1a7f37';
const AMBER = '#9a6700';
const RED = '#cf222e';
const GREY = '#57606a';

/** The text shown when a state has fixed text; the quota states show the figures. */
export const BADGE_SIGN = { attention: '!', waiting: '…', unknown: '?', unlimited: '∞', video: '▶' } as const;

/**
 * Every badge state. `describe` is the i18n key of the tooltip sentence; it receives
 * $1 = the quota sentence, $2 = how old the figures are, $3 = why the last refresh failed.
 * `text` is null where the badge shows the figures.
 */
export const BADGE_STATES: Record<BadgeStateName, { color: string; describe: string; text: string | null }> = {
  'no-api-key': { color: RED, describe: 'badge_no_api_key', text: BADGE_SIGN.attention },
  'key-rejected': { color: RED, describe: 'badge_key_rejected', text: BADGE_SIGN.attention },
  'signed-out': { color: RED, describe: 'badge_signed_out', text: BADGE_SIGN.attention },
  revoked: { color: RED, describe: 'badge_revoked', text: BADGE_SIGN.attention },
  'signing-in': { color: GREY, describe: 'badge_signing_in', text: BADGE_SIGN.waiting },
  loading: { color: GREY, describe: 'badge_loading', text: BADGE_SIGN.waiting },
  unavailable: { color: GREY, describe: 'badge_unavailable', text: BADGE_SIGN.unknown },
  unlimited: { color: GREEN, describe: 'badge_unlimited', text: BADGE_SIGN.unlimited },
  plenty: { color: GREEN, describe: 'badge_plenty', text: null },
  low: { color: AMBER, describe: 'badge_low', text: null },
  critical: { color: RED, describe: 'badge_critical', text: null },
  'used-up': { color: RED, describe: 'badge_used_up', text: null },
  failed: { color: GREY, describe: 'badge_failed', text: null },
  held: { color: GREY, describe: 'badge_held', text: null },
  stale: { color: GREY, describe: 'badge_stale', text: null },
};

export interface BadgeInput {
  session: Session;
  credentialSource: CredentialSource;
  status: Dated<UploadStatus> | null;
  lastAttempt: LastAttempt | null;
  now: number;
  pollIntervalMs: number;
  thresholds: { amberPercent: number; redPercent: number };
}

export interface BadgeView {
  state: BadgeStateName;
  text: string;
  color: string;
  title: string;
}

export const BADGE_MAX_CHARS = 4;

export function decideBadge(input: BadgeInput, t: Translate, lang: string): BadgeView {
  const { status, lastAttempt } = input;
  const failure = lastAttempt?.outcome === 'failed' ? lastAttempt.failure : undefined;
  const view = (state: BadgeStateName, text?: string, quota = '', age = '', reason = ''): BadgeView => {
    const entry = BADGE_STATES[state];
    return {
      state,
      text: entry.text ?? text ?? BADGE_SIGN.unknown,
      color: entry.color,
      title: t('badge_title', [t('extName'), t(entry.describe, [quota, age, reason])]),
    };
  };

  if (input.credentialSource === 'none') return view('no-api-key');
  // A refused key says so even when it stopped a sign-in: signing in again cannot help.
  if (failure && keyRejected(failure) && input.session.state !== 'signing-in') return view('key-rejected');
  switch (input.session.state) {
    case 'signed-out':
      return view('signed-out');
    case 'revoked':
      return view('revoked');
    case 'signing-in':
      return view('signing-in');
    case 'signed-in':
      break;
  }
  if (failure && needsSignIn(failure)) return view('revoked');

  const reason = attemptReason(lastAttempt, input.now, t, lang) ?? '';
  if (!status) return reason ? view('unavailable', undefined, '', '', reason) : view('loading');

  const gauge = mostConstraining(status.value);
  const text = gauge ? gaugeText(gauge, lang) : BADGE_SIGN.unlimited;
  const quota = gauge ? describeGauge(gauge, t, lang) : t('badge_no_limits');
  // A clock time, not "5 minutes ago": the tooltip is painted once and read much later.
  const age = t('badge_at_time', [formatPastClockTime(status.fetchedAt, input.now, lang)]);

  if (lastAttempt?.outcome === 'failed') return view('failed', text, quota, age, reason);
  if (lastAttempt?.outcome === 'held') return view('held', text, quota, age, reason);
  if (input.now - status.fetchedAt > 2 * input.pollIntervalMs) return view('stale', text, quota, age);
  if (!gauge) return view('unlimited', text, quota, age);
  return view(colourState(gauge, input.thresholds), text, quota, age);
}

/** Green above amber, amber at or below `amberPercent` left, red at or below `redPercent` or used up. */
export function colourState(
  gauge: Gauge,
  thresholds: { amberPercent: number; redPercent: number },
): 'plenty' | 'low' | 'critical' | 'used-up' {
  if (gauge.usedUp) return 'used-up';
  if (atOrBelow(gauge, thresholds.redPercent)) return 'critical';
  if (atOrBelow(gauge, thresholds.amberPercent)) return 'low';
  return 'plenty';
}

/** Compared in whole numbers where possible so 100 of 1,000 is exactly 10 %. */
function atOrBelow(gauge: Gauge, percent: number): boolean {
  if (gauge.total !== undefined && gauge.total > 0) return gauge.left * 100 <= percent * gauge.total;
  return gauge.fractionLeft * 100 <= percent;
}

/** Items as a count ("120"), bandwidth as whole percent left ("9%"), videos as "1▶". ≤ 4 characters. */
export function gaugeText(gauge: Gauge, lang: string): string {
  switch (gauge.kind) {
    case 'items':
      return compactCount(gauge.left, BADGE_MAX_CHARS, lang);
    case 'bandwidth': {
      const percent = wholePercentLeft(gauge.fractionLeft);
      return percent === 0 && gauge.left > 0 ? '<1%' : `${digits(percent, lang)}%`;
    }
    case 'videos':
      return `${compactCount(gauge.left, BADGE_MAX_CHARS - 1, lang)}${BADGE_SIGN.video}`;
  }
}

const COMPACT_STEPS = [
  { size: 1, suffix: '' },
  { size: 1e3, suffix: 'k' },
  { size: 1e6, suffix: 'M' },
  { size: 1e9, suffix: 'G' },
] as const;

/** A non-negative count in at most `width` characters, rounded down ("12k" for 12,345; "99M" when nothing fits). */
export function compactCount(n: number, width: number, lang: string): string {
  const whole = Math.max(0, Math.floor(Number.isFinite(n) ? n : 0));
  let suffix = '';
  for (const step of COMPACT_STEPS) {
    const quotient = Math.floor(whole / step.size);
    if (quotient === 0 && step.size > 1) break;
    suffix = step.suffix;
    const text = `${digits(quotient, lang)}${suffix}`;
    if ([...text].length <= width) return text;
  }
  // Rounded down to the largest count that fits, never up.
  return `${digits(Number('9'.repeat(Math.max(1, width - suffix.length))), lang)}${suffix}`;
}

/** The number in the UI language's digits, without grouping; Latin digits if those are wider. */
function digits(n: number, lang: string): string {
  const local = new Intl.NumberFormat(lang, { useGrouping: false, maximumFractionDigits: 0 }).format(n);
  return [...local].length === String(n).length ? local : String(n);
}
