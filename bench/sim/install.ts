/**
 * One simulated install: the test FakeWorld (fake clock, alarms, storage, scripted Flickr)
 * driving the real Poller, fed a day plan. Every call to "Flickr" is tagged with what caused it,
 * and the freshness contract is checked as the day runs:
 *
 * - after-upload: when an upload session in this browser ends at t, the stored figures must
 *   have been fetched in (t, t + 2 min];
 * - popup: at every popup open, once the popup's own refresh has settled, the figures it shows
 *   must be no older than pollDelayMs(those figures, settings), the adaptive interval for that
 *   account state. A breach while the refresh was held (offline, backoff, call cap) is counted
 *   apart as "excused": the popup then shows the figures' age and why they are not newer.
 */
import type { FlickrFailure } from '../../src/flickr/errors';
import type { UploadStatus } from '../../src/flickr/types';
import { pollDelayMs } from '../../src/schedule/policy';
import type { RefreshReason } from '../../src/schedule/poller';
import { DEFAULT_SETTINGS, type Settings } from '../../src/state';
import { FakeWorld } from '../../test/support/fake-world';
import { AFTER_UPLOAD_DEADLINE_MS, type DayPlan } from './day';
import { Account, type Profile } from './profiles';

export type CallCause = RefreshReason | 'limits';

export interface Breach {
  at: number;
  kind: 'after-upload' | 'popup';
  excused: boolean;
  detail: string;
}

export class SimInstall {
  readonly world: FakeWorld;
  readonly account: Account;
  /** Cause of world.calls[i]. */
  readonly causes: CallCause[] = [];
  readonly breaches: Breach[] = [];
  /** When set, Flickr answers this instead of the account's status (a storm). */
  failure: ((now: number) => FlickrFailure | undefined) | undefined;

  /**
   * @param limitsMaxAgeMs a proposal emulated from outside: getLimits is skipped while the
   *   cached limits are younger than this (the product's own cache is LIMITS_MAX_AGE_MS).
   */
  constructor(profile: Profile, settings: Settings, start: number, seed: number, private readonly limitsMaxAgeMs?: number) {
    this.account = new Account(profile.initial);
    this.world = new FakeWorld({ now: start, status: profile.initial, seed });
    this.world.state = { ...this.world.state, settings: { ...DEFAULT_SETTINGS, ...settings } };
    this.world.answer = (): UploadStatus | FlickrFailure => this.failure?.(this.world.now) ?? structuredClone(this.account.status);
    this.tagCalls();
  }

  /** Wraps the poller's entry points so each new call records its cause. */
  private tagCalls(): void {
    const { poller } = this.world;
    const tagged =
      <A extends unknown[], R>(run: (...args: A) => Promise<R>, cause: (...args: A) => CallCause) =>
      async (...args: A): Promise<R> => {
        const before = this.world.calls.length;
        try {
          return await run(...args);
        } finally {
          for (let i = before; i < this.world.calls.length; i++) this.causes[i] ??= cause(...args);
        }
      };
    poller.refresh = tagged(poller.refresh.bind(poller), (reason: RefreshReason) => reason);
    const ensureLimits = poller.ensureLimits.bind(poller);
    const maxAge = this.limitsMaxAgeMs;
    const cachedLimits = async () => {
      const limits = this.world.state.limits;
      if (maxAge !== undefined && limits && this.world.now - limits.fetchedAt < maxAge) return;
      await ensureLimits();
    };
    poller.ensureLimits = tagged(cachedLimits, () => 'limits');
  }

  /** Signed in with figures fetched (the state before the first simulated day). */
  async signIn(): Promise<void> {
    await this.world.poller.refresh('sign-in');
  }

  async runDay(plan: DayPlan): Promise<void> {
    const { world } = this;
    // Browser closed overnight: nothing fires until it starts again.
    if (world.now < plan.open) world.sleep(plan.open - world.now);
    await world.poller.start(); // the worker starts with the browser: no network
    await world.advanceBy(0); // an alarm missed while closed fires once
    for (const event of plan.events) {
      if (event.at > world.now) await world.advanceTo(event.at);
      switch (event.kind) {
        case 'popup':
          await this.openPopup();
          break;
        case 'manual':
          await world.poller.refresh('manual');
          break;
        case 'offline':
          world.online = false;
          break;
        case 'online':
          world.online = true;
          await world.poller.refresh('wake'); // the running worker's `online` listener
          break;
        case 'sleep':
          world.sleep(event.until - world.now);
          await world.advanceBy(0);
          await world.poller.refresh('wake'); // idle → active
          break;
        case 'upload-start':
          await world.poller.ensureLimits(); // the content script asks for limits on the uploader
          break;
        case 'upload-end':
          this.account.uploaded(event.session);
          await world.poller.uploadSessionEnded(); // files were chosen, then the page was left
          break;
        case 'upload-check':
          this.checkAfterUpload(event.endedAt);
          break;
      }
    }
    if (plan.close > world.now) await world.advanceTo(plan.close);
  }

  private async openPopup(): Promise<void> {
    const { world } = this;
    const outcome = await world.poller.refresh('popup');
    const shown = world.state.status;
    if (!shown) {
      this.breaches.push({ at: world.now, kind: 'popup', excused: outcome.kind === 'held', detail: 'no figures' });
      return;
    }
    const age = world.now - shown.fetchedAt;
    const allowed = pollDelayMs(shown.value, world.state.settings);
    if (age > allowed) {
      const excused = outcome.kind === 'held';
      const why = outcome.kind === 'held' ? outcome.reason : outcome.kind === 'failed' ? outcome.failure.kind : outcome.kind;
      this.breaches.push({ at: world.now, kind: 'popup', excused, detail: `${Math.round(age / 60_000)} min old > ${Math.round(allowed / 60_000)} min (${why})` });
    }
  }

  private checkAfterUpload(endedAt: number): void {
    const { world } = this;
    const fetchedAt = world.state.status?.fetchedAt ?? -Infinity;
    if (fetchedAt > endedAt && fetchedAt <= endedAt + AFTER_UPLOAD_DEADLINE_MS) return;
    const attempt = world.state.lastAttempt;
    const excused = attempt?.outcome === 'held';
    const why = attempt ? (attempt.outcome === 'held' ? attempt.reason : attempt.outcome) : 'no attempt';
    this.breaches.push({ at: world.now, kind: 'after-upload', excused, detail: `not refreshed within 2 min (${why})` });
  }

  callsBetween(from: number, to: number): { at: number; cause: CallCause }[] {
    return this.world.calls.flatMap((c, i) => (c.at >= from && c.at < to ? [{ at: c.at, cause: this.causes[i] ?? 'alarm' }] : []));
  }
}
