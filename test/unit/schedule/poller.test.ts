import { describe, expect, it } from 'vitest';
import { FakeWorld } from '../../support/fake-world';
import { freeStatus, proStatus } from '../../support/statuses';
import { HOUR, MINUTE, CALLS_PER_HOUR_CAP, BACKOFF_CAP_MS, OVERDUE_SPREAD_MS } from '../../../src/schedule/policy';
import { POLL_ALARM } from '../../../src/schedule/poller';

const unavailable = { kind: 'api', code: 105, message: 'Service currently unavailable' } as const;

describe('Poller', () => {
  it('restarts without network and without pushing an existing alarm back', async () => {
    const world = new FakeWorld({ status: proStatus });
    world.alarms.set(POLL_ALARM, world.now + 10 * MINUTE);
    await world.poller.start();
    expect(world.calls).toHaveLength(0);
    expect(world.alarms.get(POLL_ALARM)).toBe(world.now + 10 * MINUTE);
  });

  it('re-creates a missing alarm from the age of the cached figures', async () => {
    const world = new FakeWorld({ status: proStatus });
    world.state.status = { value: proStatus, fetchedAt: world.now - HOUR };
    await world.poller.start();
    expect(world.alarms.get(POLL_ALARM)).toBe(world.now - HOUR + 720 * MINUTE);
    expect(world.calls).toHaveLength(0);
  });

  it('spreads an overdue poll at start over a few minutes instead of calling at once', async () => {
    const starts: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const world = new FakeWorld({ status: proStatus, seed });
      world.state.status = { value: proStatus, fetchedAt: world.now - 20 * HOUR };
      await world.poller.start();
      starts.push(world.alarms.get(POLL_ALARM)! - world.now);
      expect(world.calls).toHaveLength(0);
    }
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...starts)).toBeLessThanOrEqual(1000 + OVERDUE_SPREAD_MS);
    expect(new Set(starts).size).toBeGreaterThan(10);
  });

  it('clears a refreshing flag left by a worker that died mid-call', async () => {
    const world = new FakeWorld({ status: proStatus });
    world.state.refreshing = true;
    await world.poller.start();
    expect(world.state.refreshing).toBe(false);
  });

  it('makes one request when the popup and the alarm ask at the same moment', async () => {
    const world = new FakeWorld({ status: proStatus });
    const [a, b] = await Promise.all([world.poller.refresh('alarm'), world.poller.refresh('manual')]);
    expect(world.calls).toHaveLength(1);
    expect(a.kind).toBe('fetched');
    expect(b).toEqual({ kind: 'skipped', why: 'busy-joined' });
  });

  it('popup opening fetches only when the figures are older than the poll delay', async () => {
    const world = new FakeWorld({ status: proStatus });
    world.state.status = { value: proStatus, fetchedAt: world.now - 10 * MINUTE };
    expect((await world.poller.refresh('popup')).kind).toBe('skipped');
    world.state.status = { value: proStatus, fetchedAt: world.now - 13 * HOUR };
    expect((await world.poller.refresh('popup')).kind).toBe('fetched');
    expect(world.calls).toHaveLength(1);
  });

  it('shortens the wait near a limit and keeps the full interval when nothing is limited', async () => {
    const pro = new FakeWorld({ status: proStatus });
    await pro.poller.refresh('manual');
    expect(pro.alarms.get(POLL_ALARM)! - pro.now).toBeGreaterThan(11.9 * HOUR);
    const nearLimit = new FakeWorld({ status: freeStatus(990) });
    await nearLimit.poller.refresh('manual');
    expect(nearLimit.alarms.get(POLL_ALARM)! - nearLimit.now).toBeLessThanOrEqual(3 * HOUR);
  });

  it('stops polling and keeps the figures on error 98', async () => {
    const world = new FakeWorld({ status: proStatus });
    await world.poller.refresh('manual');
    const kept = world.state.status;
    world.answer = { kind: 'api', code: 98, message: 'Invalid auth token' };
    await world.poller.refresh('manual');
    expect(world.state.session.state).toBe('revoked');
    expect(world.state.status).toEqual(kept);
    expect(world.alarms.has(POLL_ALARM)).toBe(false);
    await world.advanceBy(24 * HOUR);
    expect(world.calls).toHaveLength(2);
  });

  it('backs off exponentially with jitter on a 105 storm, capped, and resets on success', async () => {
    const world = new FakeWorld({ status: proStatus });
    world.answer = unavailable;
    const start = world.now;
    await world.poller.refresh('manual');
    const gaps: number[] = [];
    let last = world.now;
    for (let i = 0; i < 12; i++) {
      const next = world.alarms.get(POLL_ALARM)!;
      gaps.push(next - last);
      await world.advanceTo(next);
      last = world.now;
    }
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(BACKOFF_CAP_MS + 1000);
    expect(world.calls.length).toBe(13);
    // At most a handful of calls in the first hour of the storm.
    expect(world.calls.filter((c) => c.at < start + HOUR).length).toBeLessThanOrEqual(5);
    world.answer = proStatus;
    await world.advanceTo(world.alarms.get(POLL_ALARM)!);
    expect(world.schedule.consecutiveFailures).toBe(0);
    expect(world.alarms.get(POLL_ALARM)! - world.now).toBeGreaterThan(11.9 * HOUR);
  });

  it('honours Retry-After on HTTP 429, for manual refreshes too', async () => {
    const world = new FakeWorld({ status: proStatus });
    world.answer = { kind: 'http', status: 429, retryAfterSeconds: 600 };
    await world.poller.refresh('manual');
    const held = await world.poller.refresh('manual');
    expect(held).toMatchObject({ kind: 'held', reason: 'backoff' });
    expect(world.calls).toHaveLength(1);
    expect(world.state.lastAttempt).toMatchObject({ outcome: 'held' });
  });

  it('caps calls per hour per install, manual refreshes included, and says when Refresh works again', async () => {
    const world = new FakeWorld({ status: proStatus });
    const first = world.now;
    for (let i = 0; i < CALLS_PER_HOUR_CAP + 10; i++) {
      await world.poller.refresh('manual');
      world.now += 10_000;
    }
    expect(world.calls).toHaveLength(CALLS_PER_HOUR_CAP);
    expect(world.state.lastAttempt).toMatchObject({ outcome: 'held', reason: 'call-cap', until: first + HOUR });
  });

  it('makes no request while offline and catches up once when back', async () => {
    const world = new FakeWorld({ status: proStatus });
    world.state.status = { value: proStatus, fetchedAt: world.now - 13 * HOUR };
    world.online = false;
    expect(await world.poller.refresh('popup')).toMatchObject({ kind: 'held', reason: 'offline' });
    await world.advanceBy(2 * HOUR);
    expect(world.calls).toHaveLength(0);
    world.online = true;
    await Promise.all([world.poller.refresh('wake'), world.poller.refresh('popup')]);
    await world.poller.refresh('wake');
    expect(world.calls).toHaveLength(1);
  });

  it('after sleep: one refresh, not a burst', async () => {
    const world = new FakeWorld({ status: freeStatus(990) });
    await world.poller.refresh('manual');
    world.sleep(9 * HOUR);
    await world.poller.refresh('wake');
    await world.advanceBy(MINUTE);
    await world.poller.refresh('popup');
    expect(world.calls).toHaveLength(2);
  });

  it('refreshes about a minute after an upload session ends', async () => {
    const world = new FakeWorld({ status: proStatus });
    await world.poller.refresh('manual');
    const ended = world.now;
    await world.poller.uploadSessionEnded();
    await world.advanceBy(2 * MINUTE);
    expect(world.calls.filter((c) => c.at > ended)).toHaveLength(1);
    expect(world.calls[1]!.at - ended).toBeLessThanOrEqual(2 * MINUTE);
  });

  it('fetches getLimits at most once a day, on demand', async () => {
    const world = new FakeWorld({ status: proStatus });
    await world.poller.refresh('manual');
    await world.poller.ensureLimits();
    await world.poller.ensureLimits();
    expect(world.calls.filter((c) => c.method === 'getLimits')).toHaveLength(1);
    world.now += 25 * HOUR;
    await world.poller.ensureLimits();
    expect(world.calls.filter((c) => c.method === 'getLimits')).toHaveLength(2);
  });

  it('throws away an answer that lands after sign-out: no figures come back, no alarm', async () => {
    const world = new FakeWorld({ status: proStatus });
    world.answer = () => {
      // The user signs out while the call is on the wire.
      world.state = { ...world.state, session: { state: 'signed-out' }, status: null };
      world.alarms.clear();
      return proStatus;
    };
    expect(await world.poller.refresh('manual')).toEqual({ kind: 'skipped', why: 'signed-out' });
    expect(world.state.status).toBeNull();
    expect(world.state.refreshing).toBe(false);
    expect(world.alarms.size).toBe(0);
  });

  it('throws away a failure that lands after sign-out too (no backoff alarm for nobody)', async () => {
    const world = new FakeWorld({ status: proStatus });
    world.answer = () => {
      world.state = { ...world.state, session: { state: 'signed-out' } };
      return unavailable;
    };
    await world.poller.refresh('manual');
    expect(world.alarms.size).toBe(0);
    expect(world.schedule.consecutiveFailures).toBe(0);
  });

  it("never shows one account's figures to another: a call made for the old account is dropped", async () => {
    const other = { ...freeStatus(10), nsid: '99999999@N00', username: 'OtherUser' };
    const world = new FakeWorld({ status: freeStatus(990) });
    let first = true;
    world.answer = () => {
      if (!first) return other;
      first = false;
      // Sign-out and sign-in as another account while the old account's call runs.
      world.state = {
        ...world.state,
        status: null,
        session: { state: 'signed-in', account: { nsid: other.nsid, username: other.username, fullname: '' } },
      };
      return freeStatus(990);
    };
    const stale = world.poller.refresh('alarm');
    const signIn = world.poller.refresh('sign-in');
    expect(await stale).toEqual({ kind: 'skipped', why: 'signed-out' });
    expect(await signIn).toEqual({ kind: 'fetched' });
    expect(world.calls).toHaveLength(2);
    expect(world.state.status?.value.nsid).toBe(other.nsid);
  });

  it('a permanent error (100, 4xx) with old figures waits a full poll delay, not the overdue few minutes', async () => {
    for (const failure of [
      { kind: 'api', code: 100, message: 'Invalid API Key (Key has expired)' } as const,
      { kind: 'http', status: 404, retryAfterSeconds: undefined } as const,
    ]) {
      const world = new FakeWorld({ status: proStatus });
      world.state.status = { value: proStatus, fetchedAt: world.now - 20 * HOUR };
      world.answer = failure;
      await world.poller.refresh('manual');
      await world.advanceBy(24 * HOUR);
      expect(world.calls.length).toBeLessThanOrEqual(3);
    }
  });

  it('an alarm firing while the upload page fetches getLimits still fetches the status and re-arms', async () => {
    const world = new FakeWorld({ status: proStatus });
    await world.poller.refresh('manual');
    world.now += 25 * HOUR; // limits and figures both due
    const limits = world.poller.ensureLimits();
    while (world.calls.length < 2) await Promise.resolve(); // getLimits is on the wire
    const alarm = world.poller.refresh('alarm');
    await Promise.all([limits, alarm]);
    expect(world.calls.map((c) => c.method)).toEqual(['getUploadStatus', 'getLimits', 'getUploadStatus']);
    expect(world.alarms.get(POLL_ALARM)).toBeGreaterThan(world.now);
  });

  it('does nothing when signed out', async () => {
    const world = new FakeWorld({ status: proStatus, signedIn: false });
    await world.poller.start();
    expect(await world.poller.refresh('manual')).toEqual({ kind: 'skipped', why: 'signed-out' });
    expect(world.alarms.size).toBe(0);
  });
});
