/**
 * Fault catalogue, browser life: a worker killed mid-call, a browser restart, an alarm lost in an
 * update, two refreshes at once, damaged or old storage. A restarted worker is a new Poller on the
 * same (fake) storage and alarms, as in Chrome.
 */
import { describe, expect, it } from 'vitest';
import { sanitizeState } from '../../../src/background/schema';
import { HOUR, MINUTE, OVERDUE_SPREAD_MS } from '../../../src/schedule/policy';
import { POLL_ALARM, Poller, type PollerPorts } from '../../../src/schedule/poller';
import { SCHEMA_VERSION } from '../../../src/state';
import { FakeWorld } from '../../support/fake-world';
import { badgeOf, GREY, NEAR_LIMIT, popupNotice, RED } from './survival';

/**
 * A fresh worker instance: a new Poller on the same storage, alarms and Flickr (FakeWorld keeps its
 * ports private). It reads storage as the worker's store does (src/background/store.ts): through
 * sanitizeState, which never reports a refresh as running.
 */
function restartWorker(world: FakeWorld): Poller {
  const ports = (world.poller as unknown as { ports: PollerPorts }).ports;
  world.poller = new Poller({
    ...ports,
    readState: async () => sanitizeState(structuredClone(world.state) as unknown as Record<string, unknown>).state,
  });
  return world.poller;
}

async function signedInWithFigures(): Promise<FakeWorld> {
  const world = new FakeWorld({ status: NEAR_LIMIT });
  await world.poller.refresh('manual');
  return world;
}

describe('browser faults', () => {
  it('worker stopped mid-request: the next worker clears "refreshing", keeps the figures and the alarm, calls nobody', async () => {
    const world = await signedInWithFigures();
    const alarm = world.alarms.get(POLL_ALARM);
    // What a worker killed after sending its request leaves behind.
    world.state.refreshing = true;
    world.schedule.callLog.push(world.now);
    world.now += 30_000;
    const calls = world.calls.length;

    await restartWorker(world).start();
    expect(world.state.refreshing).toBe(false);
    expect(world.state.lastAttempt).toMatchObject({ outcome: 'ok' });
    expect(world.alarms.get(POLL_ALARM)).toBe(alarm);
    expect(world.calls).toHaveLength(calls);
    expect(badgeOf(world)).toMatchObject({ text: '10', color: RED });
    // The killed call still counts against the hourly cap: it may have reached Flickr.
    expect(world.schedule.callLog).toHaveLength(2);
  });

  it('browser restart: the badge comes back from the cached figures before any network', async () => {
    const world = await signedInWithFigures();
    world.sleep(HOUR); // browser closed for an hour
    await restartWorker(world).start();
    expect(world.calls).toHaveLength(1);
    expect(badgeOf(world)).toMatchObject({ state: 'critical', text: '10', color: RED });
  });

  it('browser restart after days: grey "stale" figures at once, then one refresh when the alarm fires', async () => {
    const world = await signedInWithFigures();
    world.sleep(3 * 24 * HOUR);
    await restartWorker(world).start();
    expect(world.calls).toHaveLength(1);
    expect(badgeOf(world)).toMatchObject({ state: 'stale', text: '10', color: GREY });
    // Chrome fires an alarm missed while the browser was closed once, at start.
    await world.advanceBy(MINUTE);
    expect(world.calls).toHaveLength(2);
  });

  it('alarm missing after an update: the next worker start re-creates it from the figures age, no call', async () => {
    const world = await signedInWithFigures();
    const due = world.alarms.get(POLL_ALARM)!;
    world.alarms.clear();
    world.now += 10 * MINUTE;
    await restartWorker(world).start();
    expect(world.alarms.get(POLL_ALARM)).toBe(due);
    expect(world.calls).toHaveLength(1);
  });

  it('alarm missing and the figures overdue: re-armed within the overdue spread, one call, not a burst', async () => {
    const world = await signedInWithFigures();
    world.alarms.clear();
    world.sleep(24 * HOUR);
    await restartWorker(world).start();
    expect(world.alarms.get(POLL_ALARM)! - world.now).toBeLessThanOrEqual(1_000 + OVERDUE_SPREAD_MS);
    await world.advanceBy(11 * MINUTE);
    expect(world.calls).toHaveLength(2);
  });

  it('popup and alarm refreshing at the same moment: one request', async () => {
    const world = new FakeWorld({ status: NEAR_LIMIT });
    world.state.status = { value: NEAR_LIMIT, fetchedAt: world.now - 7 * HOUR };
    const outcomes = await Promise.all([
      world.poller.refresh('alarm'),
      world.poller.refresh('popup'),
      world.poller.refresh('manual'),
    ]);
    expect(world.calls).toHaveLength(1);
    expect(outcomes.map((o) => o.kind)).toEqual(['fetched', 'skipped', 'skipped']);
  });

  it('storage from an older version (no schemaVersion): migrated, figures and sign-in kept', async () => {
    const world = await signedInWithFigures();
    const { schemaVersion: _dropped, ...old } = world.state;
    const { state, repair } = sanitizeState(old as Record<string, unknown>);
    expect(repair).toBe('migrated');
    world.state = state;
    await restartWorker(world).start();
    expect(world.state.schemaVersion).toBe(SCHEMA_VERSION);
    expect(world.state.session.state).toBe('signed-in');
    expect(badgeOf(world)).toMatchObject({ text: '10' });
    expect(world.calls).toHaveLength(1);
  });

  it('corrupted storage: reset to a valid state, the worker starts, nothing wrong is shown as current', async () => {
    const world = await signedInWithFigures();
    const junk = {
      schemaVersion: SCHEMA_VERSION,
      session: { state: 'signed-in', account: 42 },
      status: { value: { nsid: 'x', bandwidth: 'lots' }, fetchedAt: 'yesterday' },
      settings: { pollIntervalMinutes: -5, amberPercent: 'high' },
      lastAttempt: 'ok',
      refreshing: 'yes',
    };
    const { state, repair } = sanitizeState(junk);
    expect(repair).toBe('reset');
    // The worker's start also re-reads where the API key comes from (src/background/controller.ts).
    world.state = { ...state, credentialSource: 'build' };
    await restartWorker(world).start();
    expect(world.state.status).toBeNull();
    expect(world.state.refreshing).toBe(false);
    expect(world.state.settings.pollIntervalMinutes).toBeGreaterThanOrEqual(15);
    expect(badgeOf(world)).toMatchObject({ state: 'signed-out', text: '!' });
    expect(await world.poller.refresh('manual')).toEqual({ kind: 'skipped', why: 'signed-out' });
  });

  it('storage written by a newer version (downgrade): reset rather than misread', () => {
    const newer = { schemaVersion: SCHEMA_VERSION + 1, status: { value: 'from the future' } } as Record<string, unknown>;
    const { state, repair } = sanitizeState(newer);
    expect(repair).toBe('reset');
    expect(state.status).toBeNull();
  });
});

describe('load', () => {
  it('mashing Refresh 40 times: 30 calls reach Flickr in the hour, then the popup says when Refresh works again', async () => {
    const world = new FakeWorld({ status: NEAR_LIMIT });
    const first = world.now;
    for (let i = 0; i < 40; i++) {
      await world.poller.refresh('manual');
      world.now += 1_500;
    }
    expect(world.calls).toHaveLength(30);
    expect(world.state.lastAttempt).toMatchObject({ outcome: 'held', reason: 'call-cap', until: first + HOUR });
    const at = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(first + HOUR);
    expect(popupNotice(world)).toBe(`Too many requests; Refresh works again at ${at}.`);
    // The figures from the last good call stay on the badge, greyed while held.
    expect(badgeOf(world)).toMatchObject({ state: 'held', text: '10' });

    world.now = first + HOUR + 1;
    expect((await world.poller.refresh('manual')).kind).toBe('fetched');
    expect(world.calls).toHaveLength(31);
  });

  it('40 Refresh presses at the same instant: one call', async () => {
    const world = new FakeWorld({ status: NEAR_LIMIT });
    await Promise.all(Array.from({ length: 40 }, () => world.poller.refresh('manual')));
    expect(world.calls).toHaveLength(1);
  });

  it('the hourly cap counts every kind of call: getLimits, alarms, after-upload', async () => {
    const world = new FakeWorld({ status: NEAR_LIMIT });
    await world.poller.refresh('manual');
    await world.poller.ensureLimits();
    for (let i = 0; i < 40; i++) {
      await world.poller.uploadSessionEnded();
      await world.advanceBy(61_000);
    }
    expect(world.calls.filter((c) => c.at < world.calls[0]!.at + HOUR).length).toBeLessThanOrEqual(30);
  });

  it('ten upload tabs asking for limits: getLimits once a day, never a status call', async () => {
    const world = await signedInWithFigures();
    await Promise.all(Array.from({ length: 10 }, () => world.poller.ensureLimits()));
    for (let i = 0; i < 10; i++) await world.poller.ensureLimits();
    expect(world.calls.map((c) => c.method)).toEqual(['getUploadStatus', 'getLimits']);
    world.now += 25 * HOUR;
    await Promise.all(Array.from({ length: 10 }, () => world.poller.ensureLimits()));
    expect(world.calls.filter((c) => c.method === 'getLimits')).toHaveLength(2);
  });

  it('ten upload tabs while getLimits keeps failing: at most two tries, not one per tab', async () => {
    const world = await signedInWithFigures();
    // FakeWorld answers getLimits with `world.limits`: reading it now throws, so every getLimits fails.
    Object.defineProperty(world, 'limits', {
      get() {
        throw new Error('Flickr is down');
      },
    });
    await Promise.all(Array.from({ length: 10 }, () => world.poller.ensureLimits()));
    expect(world.calls.filter((c) => c.method === 'getLimits').length).toBeLessThanOrEqual(2);
    expect(world.state.status?.value).toEqual(NEAR_LIMIT);
  });

  it('the popup opened 100 times in an hour: no call while the figures are fresh', async () => {
    const world = await signedInWithFigures();
    for (let i = 0; i < 100; i++) {
      await world.poller.refresh('popup');
      world.now += 30_000;
    }
    expect(world.calls).toHaveLength(1);
  });
});

