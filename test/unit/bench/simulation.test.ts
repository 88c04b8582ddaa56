import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../../src/schedule/policy';
import { DEFAULT_SETTINGS } from '../../../src/state';
import { usersPerKey, usersPerKeyAtPeak } from '../../../bench/sim/call-budget';
import { awakeWindows, planDay, POPUP_OPENS_PER_DAY, seededRandom } from '../../../bench/sim/day';
import { naiveCalls, runProfile, SIM_START } from '../../../bench/sim/days';
import { SimInstall } from '../../../bench/sim/install';
import { PROFILES } from '../../../bench/sim/profiles';

const policy = { id: 'current', description: '', settings: DEFAULT_SETTINGS };
const profile = (id: string) => PROFILES.find((p) => p.id === id)!;

describe('the simulated day', () => {
  it('is 10 awake hours with 20 popup opens inside them and one network drop', () => {
    const windows = awakeWindows(SIM_START);
    expect(windows.reduce((s, [a, b]) => s + b - a, 0)).toBe(10 * HOUR);
    const plan = planDay(SIM_START, [], seededRandom(3));
    const popups = plan.events.filter((e) => e.kind === 'popup');
    expect(popups).toHaveLength(POPUP_OPENS_PER_DAY);
    for (const p of popups) expect(windows.some(([a, b]) => p.at >= a && p.at < b)).toBe(true);
    expect(plan.events.filter((e) => e.kind === 'offline')).toHaveLength(1);
  });

  it('gives the naive poller one call per 5 awake, online minutes', () => {
    const plan = planDay(SIM_START, [], seededRandom(3));
    const off = plan.events.find((e) => e.kind === 'offline')!.at;
    const on = plan.events.find((e) => e.kind === 'online')!.at;
    const calls = naiveCalls(plan, SIM_START);
    expect(calls).toBeLessThan(120);
    expect(calls).toBeGreaterThanOrEqual(120 - Math.ceil((on - off) / (5 * MINUTE)) - 1);
  });
});

describe('the call budget through the real Poller', () => {
  it('refreshes within 2 minutes after every upload session and tags the call', async () => {
    const install = new SimInstall(profile('free-near'), DEFAULT_SETTINGS, SIM_START + 7 * HOUR, 1);
    await install.signIn();
    const plan = planDay(SIM_START, profile('free-near').uploads(0), seededRandom(2));
    plan.events = plan.events.filter((e) => e.kind !== 'offline' && e.kind !== 'online');
    await install.runDay(plan);
    expect(install.breaches).toEqual([]);
    const end = SIM_START + 9.25 * HOUR + 5 * MINUTE;
    expect(install.callsBetween(end, end + 2 * MINUTE).map((c) => c.cause)).toEqual(['after-upload']);
    expect(install.account.status.itemLimit?.uploadCount).toBe(956);
  });

  it('reports an after-upload refresh the network drop held back, as excused', async () => {
    const install = new SimInstall(profile('free-near'), DEFAULT_SETTINGS, SIM_START + 7 * HOUR, 1);
    await install.signIn();
    const plan = planDay(SIM_START, profile('free-near').uploads(0), seededRandom(1));
    const end = SIM_START + 9.25 * HOUR + 5 * MINUTE;
    plan.events = plan.events.filter((e) => e.kind !== 'offline' && e.kind !== 'online');
    plan.events.push({ at: end - MINUTE, kind: 'offline' }, { at: end + 10 * MINUTE, kind: 'online' });
    plan.events.sort((a, b) => a.at - b.at);
    await install.runDay(plan);
    expect(install.breaches.filter((b) => b.kind === 'after-upload')).toMatchObject([{ excused: true }]);
  });

  it('calls far less than a naive poller, and a near-limit account more than a Pro one', async () => {
    const pro = await runProfile(profile('pro-rare'), policy, 7, 1);
    const near = await runProfile(profile('free-near'), policy, 7, 1);
    expect(pro.callsPerDay).toBeLessThan(near.callsPerDay);
    expect(near.callsPerDay * 10).toBeLessThan(near.naiveCallsPerDay);
    expect(pro.byHour.reduce((a, b) => a + b, 0)).toBeCloseTo(pro.callsPerDay);
  });

  it('turns calls per user-day into the users one key serves', () => {
    expect(usersPerKey(3)).toBe(28_800);
    expect(usersPerKey(120)).toBe(720);
    expect(usersPerKeyAtPeak(0.5)).toBe(7_200);
  });

  it('starts every simulation on the same day', () => {
    expect(new Date(SIM_START).getUTCDay()).toBe(1); // a Monday
    expect(SIM_START % DAY).toBe(0);
  });
});
