/** What the popup says about the last refresh attempt, and whether the figures are stale. */
import { FlickrCode } from '../flickr/errors';
import type { UploadStatus } from '../flickr/types';
import type { Translate } from '../i18n';
import { failureAdvice, failureSummary, heldAdvice, retryAfterTime } from '../quota/failure-text';
import { formatAge, formatClockTime } from '../quota/format';
import type { Dated, LastAttempt, Session } from '../state';

export interface AttemptNotice {
  text: string;
  /** Short form, for the tooltip. */
  summary: string;
}

type UnsuccessfulAttempt = Exclude<LastAttempt, { outcome: 'ok' }>;

function describeAttempt(
  attempt: UnsuccessfulAttempt,
  status: Dated<UploadStatus> | null,
  now: number,
  t: Translate,
  lang: string,
): AttemptNotice {
  if (attempt.outcome === 'held') {
    const text = heldAdvice(attempt.reason, attempt.until, t, lang, now);
    return { text, summary: text };
  }
  const { failure } = attempt;
  const retryAt = retryAfterTime(failure, attempt.at);
  const text = failureAdvice(failure, t, {
    figuresAge: status ? formatAge(now - status.fetchedAt, lang, t) : undefined,
    retryAt: retryAt !== undefined && retryAt > now ? formatClockTime(retryAt, now, lang) : undefined,
  });
  return { text, summary: failureSummary(failure, t) };
}

/** The notice above the figures; undefined when the last attempt succeeded or nothing needs saying. */
export function attemptNotice(
  attempt: LastAttempt | null,
  status: Dated<UploadStatus> | null,
  session: Session,
  now: number,
  t: Translate,
  lang: string,
): AttemptNotice | undefined {
  if (!attempt || attempt.outcome === 'ok') return undefined;
  // A hold that has run out no longer stops anything.
  if (attempt.outcome === 'held' && attempt.reason !== 'offline' && attempt.until <= now) return undefined;
  // The revoked view already says this, next to its own button.
  if (
    session.state === 'revoked' &&
    attempt.outcome === 'failed' &&
    attempt.failure.kind === 'api' &&
    attempt.failure.code === FlickrCode.invalidAuthToken
  ) {
    return undefined;
  }
  return describeAttempt(attempt, status, now, t, lang);
}

/** The live-region text once a refresh the user asked for has finished. */
export function refreshOutcomeText(
  attempt: LastAttempt,
  status: Dated<UploadStatus> | null,
  now: number,
  t: Translate,
  lang: string,
): string {
  if (attempt.outcome === 'ok') return t('popup_updated', [formatAge(0, lang, t)]);
  return describeAttempt(attempt, status, now, t, lang).text;
}
