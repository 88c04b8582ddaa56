/**
 * The questions every fault in the catalogue answers the same way: after the fault, does the
 * popup say what to do, does the badge keep the last figures (grey), and are those figures still
 * stored? Runs the real Poller on the fake world, and the popup's and badge's own decision code.
 */
import { expect } from 'vitest';
import type { FlickrFailure } from '../../../src/flickr/errors';
import type { UploadStatus } from '../../../src/flickr/types';
import { attemptNotice } from '../../../src/popup/attempt';
import { decideBadge, type BadgeView } from '../../../src/quota/badge';
import { pollDelayMs } from '../../../src/schedule/policy';
import type { RefreshOutcome } from '../../../src/schedule/poller';
import { FakeWorld } from '../../support/fake-world';
import { catalogueTranslate } from '../../support/i18n';
import { freeStatus } from '../../support/statuses';

export const t = catalogueTranslate();
export const LANG = 'en';
export const GREY = '#57606a';
export const RED = '#cf222e';

/** A signed-in account with 10 of 1,000 items left: the badge reads "10" while all is well. */
export const NEAR_LIMIT: UploadStatus = freeStatus(990);

export function badgeOf(world: FakeWorld): BadgeView {
  const { state } = world;
  return decideBadge(
    {
      session: state.session,
      credentialSource: state.credentialSource,
      status: state.status,
      lastAttempt: state.lastAttempt,
      now: world.now,
      pollIntervalMs: pollDelayMs(state.status?.value ?? null, state.settings),
      thresholds: { amberPercent: state.settings.amberPercent, redPercent: state.settings.redPercent },
    },
    t,
    LANG,
  );
}

/** The notice the popup shows above the figures (undefined: none). */
export function popupNotice(world: FakeWorld): string | undefined {
  const { state } = world;
  return attemptNotice(state.lastAttempt, state.status, state.session, world.now, t, LANG)?.text;
}

export interface AfterFault {
  world: FakeWorld;
  outcome: RefreshOutcome;
  /** The figures stored before the fault. */
  good: NonNullable<FakeWorld['state']['status']>;
}

/** Signs in, fetches good figures, lets five minutes pass, then meets `failure` on a manual refresh. */
export async function meetFault(failure: FlickrFailure, status: UploadStatus = NEAR_LIMIT): Promise<AfterFault> {
  const world = new FakeWorld({ status });
  expect((await world.poller.refresh('manual')).kind).toBe('fetched');
  const good = world.state.status!;
  world.now += 5 * 60_000;
  world.answer = failure;
  const outcome = await world.poller.refresh('manual');
  return { world, outcome, good };
}

/** The last good figures are kept, stay on the badge in grey, and the popup keeps their age. */
export function expectFiguresKept({ world, good }: AfterFault): void {
  expect(world.state.status).toEqual(good);
  expect(world.state.refreshing).toBe(false);
  const badge = badgeOf(world);
  expect(badge).toMatchObject({ state: 'failed', text: '10', color: GREY });
  expect(badge.title).toContain('10 items left of 1,000');
}
