/**
 * The refresh scheduler: decides whether a call to Flickr happens now, makes it, records the
 * outcome and arms the next alarm. It talks to the browser only through `PollerPorts`, so the
 * worker runs it with chrome.alarms / storage and the tests and the benchmark run the very same
 * code with a fake clock.
 */
import type { AccountLimits, UploadStatus } from '../flickr/types';
import { FlickrCode, FlickrError, type FlickrFailure } from '../flickr/errors';
import type { LastAttempt, ScheduleState, StoredState } from '../state';
import {
  AFTER_UPLOAD_DELAY_MS,
  LIMITS_MAX_AGE_MS,
  MIN_POLL_DELAY_MS,
  OVERDUE_SPREAD_MS,
  backoffDelayMs,
  isTransient,
  nextCallAllowedAt,
  pollDelayMs,
  pruneCallLog,
} from './policy';

export const POLL_ALARM = 'poll';
export const AFTER_UPLOAD_ALARM = 'after-upload';

/**
 * Why a refresh was asked for.
 * - manual: the Refresh button; always fetches (call cap and Retry-After permitting).
 * - sign-in: right after a successful sign-in.
 * - alarm: the poll alarm fired.
 * - after-upload: an upload session in this browser ended a minute ago.
 * - popup / upload-page / wake: fetch only when the figures are older than the poll delay (popup
 *   opened, upload page opened, idle → active, online again).
 */
export type RefreshReason = 'manual' | 'sign-in' | 'alarm' | 'after-upload' | 'popup' | 'upload-page' | 'wake';

export interface QuotaSource {
  getUploadStatus(): Promise<UploadStatus>;
  getLimits(): Promise<AccountLimits>;
}

export interface PollerPorts {
  now(): number;
  random(): number;
  isOnline(): boolean;
  readState(): Promise<StoredState>;
  writeState(patch: Partial<StoredState>): Promise<void>;
  readSchedule(): Promise<ScheduleState>;
  writeSchedule(patch: Partial<ScheduleState>): Promise<void>;
  /** scheduledTime of a pending alarm, or undefined. */
  alarmTime(name: string): Promise<number | undefined>;
  setAlarm(name: string, when: number): Promise<void>;
  clearAlarm(name: string): Promise<void>;
  /** Signed client for the current account, or null when signed out / no API key. */
  quotaSource(): Promise<QuotaSource | null>;
  /** Called after every stored change the badge may depend on. */
  changed(): Promise<void>;
  /** A new good status arrived (threshold notifications). */
  statusArrived?(previous: UploadStatus | null, current: UploadStatus): Promise<void>;
}

export type RefreshOutcome =
  | { kind: 'fetched' }
  | { kind: 'skipped'; why: 'signed-out' | 'fresh' | 'busy-joined' }
  | { kind: 'held'; reason: 'call-cap' | 'backoff' | 'offline'; until: number }
  | { kind: 'failed'; failure: FlickrFailure };

const FORCED: ReadonlySet<RefreshReason> = new Set(['manual', 'sign-in', 'after-upload', 'alarm']);

export class Poller {
  /** Every call to Flickr runs through this chain: never two requests at once. */
  private inFlight: Promise<RefreshOutcome> | null = null;
  /** What the call in flight fetches: only a status fetch can stand in for another refresh. */
  private inFlightKind: 'status' | 'limits' = 'status';

  constructor(private readonly ports: PollerPorts) {}

  /** Worker start: never touches the network; re-arms the poll alarm only when it is missing. */
  async start(): Promise<void> {
    const state = await this.ports.readState();
    // A worker that died mid-call left `refreshing` stored (the popup shows it busy). The store reads
    // it back as false, so clear it unasked: no call runs in a worker that is just starting.
    await this.ports.writeState({ refreshing: false });
    await this.ports.changed();
    if (state.session.state !== 'signed-in') return;
    if ((await this.ports.alarmTime(POLL_ALARM)) === undefined) await this.armPoll(state);
  }

  refresh(reason: RefreshReason): Promise<RefreshOutcome> {
    if (this.inFlight && (reason === 'sign-in' || this.inFlightKind === 'limits')) {
      // The call in flight may belong to the session before this sign-in, or fetch only the
      // upload page's limits: wait for it, then fetch anew.
      return this.inFlight.catch(() => undefined).then(() => this.refresh(reason));
    }
    if (this.inFlight) {
      // A popup opening while the alarm's call runs joins it instead of calling again.
      return this.inFlight.then((o) => (o.kind === 'fetched' ? { kind: 'skipped', why: 'busy-joined' } : o));
    }
    return this.exclusive('status', () => this.run(reason));
  }

  /** Makes `call` the one call in flight until it settles. */
  private exclusive(kind: 'status' | 'limits', call: () => Promise<RefreshOutcome>): Promise<RefreshOutcome> {
    const run = call().finally(() => {
      this.inFlight = null;
    });
    this.inFlight = run;
    this.inFlightKind = kind;
    return run;
  }

  /** getLimits on demand (upload page), cached for a day. */
  async ensureLimits(): Promise<void> {
    const state = await this.ports.readState();
    if (state.session.state !== 'signed-in' || !state.status) return;
    if (state.limits && this.ports.now() - state.limits.fetchedAt < LIMITS_MAX_AGE_MS) return;
    if (this.inFlight) {
      await this.inFlight.catch(() => undefined);
      // The call waited for may have been another upload tab's getLimits: look again first.
      const again = await this.ports.readState();
      if (again.limits && this.ports.now() - again.limits.fetchedAt < LIMITS_MAX_AGE_MS) return;
    }
    if (this.inFlight) return; // someone else started a call meanwhile; limits can wait
    await this.exclusive('limits', () => this.fetchLimits());
  }

  async uploadSessionEnded(): Promise<void> {
    const state = await this.ports.readState();
    if (state.session.state !== 'signed-in') return;
    await this.ports.setAlarm(AFTER_UPLOAD_ALARM, this.ports.now() + AFTER_UPLOAD_DELAY_MS);
  }

  async settingsChanged(): Promise<void> {
    const state = await this.ports.readState();
    if (state.session.state === 'signed-in') await this.armPoll(state);
    await this.ports.changed();
  }

  async stop(): Promise<void> {
    await this.ports.clearAlarm(POLL_ALARM);
    await this.ports.clearAlarm(AFTER_UPLOAD_ALARM);
    await this.ports.writeState({ nextPollAt: null });
  }

  private async run(reason: RefreshReason): Promise<RefreshOutcome> {
    const { ports } = this;
    const now = ports.now();
    const state = await ports.readState();
    if (state.session.state !== 'signed-in') return { kind: 'skipped', why: 'signed-out' };

    if (!FORCED.has(reason) && state.status) {
      const age = now - state.status.fetchedAt;
      if (age < pollDelayMs(state.status.value, state.settings)) return { kind: 'skipped', why: 'fresh' };
    }

    const schedule = await ports.readSchedule();
    const held = this.holdReason(reason, schedule, now);
    if (held) {
      // An automatic call waiting out a backoff keeps the failure that caused it on show.
      if (held.reason !== 'backoff' || reason === 'manual') {
        await this.record({ at: now, outcome: 'held', reason: held.reason, until: held.until });
      }
      // Offline: look again later for free (no request is made while offline).
      await this.armNoEarlierThan(held.reason === 'offline' ? now + MIN_POLL_DELAY_MS : held.until);
      return { kind: 'held', ...held };
    }

    const source = await ports.quotaSource();
    if (!source) return { kind: 'skipped', why: 'signed-out' };

    const { nsid } = state.session.account;
    await ports.writeSchedule({ callLog: [...pruneCallLog(schedule.callLog, now), now] });
    await ports.writeState({ refreshing: true });
    await ports.changed();
    let status: UploadStatus;
    try {
      status = await source.getUploadStatus();
    } catch (error) {
      if (!(await this.stillSignedInAs(nsid))) return this.discarded();
      const failure = toFailure(error);
      await this.failed(failure, schedule);
      return { kind: 'failed', failure };
    }
    // Signed out, or into another account, while the call ran: the answer belongs to nobody now.
    if (!(await this.stillSignedInAs(nsid))) return this.discarded();
    const fetchedAt = ports.now();
    await ports.writeState({
      status: { value: status, fetchedAt },
      lastAttempt: { at: fetchedAt, outcome: 'ok' },
      refreshing: false,
    });
    await ports.writeSchedule({ consecutiveFailures: 0, notBefore: null, hardNotBefore: null });
    // Notifications are an extra: their failure must not stop the schedule.
    await ports.statusArrived?.(state.status?.value ?? null, status).catch(() => undefined);
    await this.armPoll(await ports.readState());
    await ports.changed();
    return { kind: 'fetched' };
  }

  private async stillSignedInAs(nsid: string): Promise<boolean> {
    const { session } = await this.ports.readState();
    return session.state === 'signed-in' && session.account.nsid === nsid;
  }

  private async discarded(): Promise<RefreshOutcome> {
    await this.ports.writeState({ refreshing: false });
    await this.ports.changed();
    return { kind: 'skipped', why: 'signed-out' };
  }

  private holdReason(
    reason: RefreshReason,
    schedule: ScheduleState,
    now: number,
  ): { reason: 'call-cap' | 'backoff' | 'offline'; until: number } | null {
    if (!this.ports.isOnline()) return { reason: 'offline', until: now };
    const capAt = nextCallAllowedAt(schedule.callLog, now);
    if (capAt > now) return { reason: 'call-cap', until: capAt };
    if (schedule.hardNotBefore !== null && schedule.hardNotBefore > now) {
      return { reason: 'backoff', until: schedule.hardNotBefore };
    }
    // The user's own click goes through a backoff; automatic calls wait it out.
    if (reason !== 'manual' && reason !== 'sign-in' && schedule.notBefore !== null && schedule.notBefore > now) {
      return { reason: 'backoff', until: schedule.notBefore };
    }
    return null;
  }

  private async failed(failure: FlickrFailure, schedule: ScheduleState): Promise<void> {
    const { ports } = this;
    const now = ports.now();
    const patch: Partial<StoredState> = {
      lastAttempt: { at: now, outcome: 'failed', failure },
      refreshing: false,
    };
    if (isRevoked(failure)) {
      await ports.writeState(patch);
      await this.revoke();
      return;
    }
    await ports.writeState(patch);
    if (isTransient(failure)) {
      const failures = schedule.consecutiveFailures + 1;
      const retryAfter = failure.kind === 'http' ? failure.retryAfterSeconds : undefined;
      const backoffUntil = now + backoffDelayMs(failures, ports.random);
      const hard = retryAfter !== undefined ? now + retryAfter * 1000 : null;
      const notBefore = Math.max(backoffUntil, hard ?? 0);
      await ports.writeSchedule({ consecutiveFailures: failures, notBefore, hardNotBefore: hard });
      await this.armAt(notBefore);
    } else {
      // Retrying cannot help (a refused key, a wrong clock, a 4xx): wait a full poll delay, never
      // the "overdue" short delay that old or missing figures would otherwise give.
      const { status, settings } = await ports.readState();
      await this.armAt(now + pollDelayMs(status?.value ?? null, settings));
    }
    await ports.changed();
  }

  /** Flickr answered 98 or 99: keep the figures (shown as stale), stop polling until a new sign-in. */
  private async revoke(): Promise<void> {
    const state = await this.ports.readState();
    if (state.session.state === 'signed-in') {
      await this.ports.writeState({ session: { state: 'revoked', account: state.session.account } });
    }
    await this.stop();
    await this.ports.changed();
  }

  private async fetchLimits(): Promise<RefreshOutcome> {
    const { ports } = this;
    const now = ports.now();
    const schedule = await ports.readSchedule();
    if (!ports.isOnline() || nextCallAllowedAt(schedule.callLog, now) > now) {
      return { kind: 'held', reason: ports.isOnline() ? 'call-cap' : 'offline', until: now };
    }
    const notBefore = Math.max(schedule.notBefore ?? 0, schedule.hardNotBefore ?? 0);
    if (notBefore > now) {
      return { kind: 'held', reason: 'backoff', until: notBefore };
    }
    const source = await ports.quotaSource();
    if (!source) return { kind: 'skipped', why: 'signed-out' };
    const state = await ports.readState();
    if (state.session.state !== 'signed-in') return { kind: 'skipped', why: 'signed-out' };
    const { nsid } = state.session.account;
    await ports.writeSchedule({ callLog: [...pruneCallLog(schedule.callLog, now), now] });
    try {
      const limits = await source.getLimits();
      if (!(await this.stillSignedInAs(nsid))) return { kind: 'skipped', why: 'signed-out' };
      await ports.writeState({ limits: { value: limits, fetchedAt: ports.now() } });
      return { kind: 'fetched' };
    } catch (error) {
      const failure = toFailure(error);
      if (isRevoked(failure) && (await this.stillSignedInAs(nsid))) {
        await ports.writeState({ lastAttempt: { at: ports.now(), outcome: 'failed', failure } });
        await this.revoke();
      }
      // Otherwise limits are an extra: a failure here leaves the quota figures and schedule alone.
      return { kind: 'failed', failure };
    }
  }

  private async armPoll(state: StoredState): Promise<void> {
    const now = this.ports.now();
    const delay = pollDelayMs(state.status?.value ?? null, state.settings);
    const due = state.status ? state.status.fetchedAt + delay : now;
    const overdue = due <= now;
    await this.armAt(overdue ? now + 1000 + Math.round(this.ports.random() * OVERDUE_SPREAD_MS) : due);
  }

  /** Keeps a later pending poll as it is; moves an earlier or missing one to `when`. */
  private async armNoEarlierThan(when: number): Promise<void> {
    const pending = await this.ports.alarmTime(POLL_ALARM);
    if (pending === undefined || pending < when) await this.armAt(when);
  }

  private async armAt(when: number): Promise<void> {
    await this.ports.setAlarm(POLL_ALARM, when);
    await this.ports.writeState({ nextPollAt: when });
  }

  private async record(lastAttempt: LastAttempt): Promise<void> {
    await this.ports.writeState({ lastAttempt });
    await this.ports.changed();
  }
}

/** 98 (token revoked) and 99 (token without read permission): only a new sign-in helps. */
function isRevoked(failure: FlickrFailure): boolean {
  return (
    failure.kind === 'api' &&
    (failure.code === FlickrCode.invalidAuthToken || failure.code === FlickrCode.insufficientPermissions)
  );
}

export function toFailure(error: unknown): FlickrFailure {
  if (error instanceof FlickrError) return error.failure;
  return { kind: 'network', detail: error instanceof Error ? error.message : String(error) };
}
