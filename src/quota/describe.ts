/**
 * Sentences for a quota, and for why the last refresh brought no new figures (the failure words
 * themselves live in failure-text.ts). Shared by the badge tooltip and the notifications.
 */
import type { FlickrFailure } from '../flickr/errors';
import { FlickrCode } from '../flickr/errors';
import type { Translate } from '../i18n';
import type { LastAttempt } from '../state';
import { failureSummary, heldAdvice } from './failure-text';
import { formatBytes, formatCount, formatPercent } from './format';
import type { Gauge } from './gauges';

/** Chrome's i18n has no plurals: keys come in `_one` / `_other` pairs chosen by Intl.PluralRules. */
function plural(base: string, n: number, lang: string): string {
  return `${base}_${new Intl.PluralRules(lang).select(n) === 'one' ? 'one' : 'other'}`;
}

/** "10 items left of 1,000 (free account)", "9% of monthly bandwidth left (92 MB)", "1 video upload left". */
export function describeGauge(gauge: Gauge, t: Translate, lang: string): string {
  const total = gauge.total ?? 0;
  switch (gauge.kind) {
    case 'items':
      return gauge.usedUp
        ? t('quota_items_used_up', [formatCount(total, lang)])
        : t(plural('quota_items_left', gauge.left, lang), [
            formatCount(gauge.left, lang),
            formatCount(total, lang),
          ]);
    case 'bandwidth':
      return gauge.usedUp
        ? t('quota_bandwidth_used_up', [formatBytes(total, lang)])
        : t('quota_bandwidth_left', [
            formatPercent(gauge.fractionLeft, lang),
            formatBytes(gauge.left, lang),
          ]);
    case 'videos':
      return gauge.usedUp
        ? t('quota_videos_used_up')
        : t(plural('quota_videos_left', gauge.left, lang), [formatCount(gauge.left, lang)]);
  }
}

/** The Flickr failure means the user has to sign in again. */
export function needsSignIn(failure: FlickrFailure): boolean {
  return (
    failure.kind === 'api' &&
    (failure.code === FlickrCode.invalidAuthToken || failure.code === FlickrCode.insufficientPermissions)
  );
}

/**
 * The Flickr failure means the API key or secret is refused: only the options page can fix it.
 * `signature_invalid` at the OAuth endpoints counts: those requests are signed with the consumer
 * secret alone, so a bad signature there is a wrong secret, and trying again cannot help.
 */
export function keyRejected(failure: FlickrFailure): boolean {
  return (
    (failure.kind === 'api' && failure.code === FlickrCode.invalidApiKey) ||
    (failure.kind === 'oauth' && KEY_PROBLEMS.has(failure.problem))
  );
}

const KEY_PROBLEMS = new Set(['consumer_key_unknown', 'consumer_key_rejected', 'signature_invalid']);

/** Why the last attempt brought no figures; undefined when it succeeded. */
export function attemptReason(
  attempt: LastAttempt | null,
  now: number,
  t: Translate,
  lang: string,
): string | undefined {
  if (!attempt || attempt.outcome === 'ok') return undefined;
  if (attempt.outcome === 'failed') return t('badge_reason_failed', [failureSummary(attempt.failure, t)]);
  return heldAdvice(attempt.reason, attempt.until, t, lang, now);
}
