/**
 * Simulated days per profile through the real Poller, and the same days through a naive poller
 * that calls every 5 minutes while the browser is open, awake and online.
 */
import { DAY, HOUR, MINUTE } from '../../src/schedule/policy';
import type { Settings } from '../../src/state';
import { awakeWindows, planDay, seededRandom, type DayPlan } from './day';
import { SimInstall, type Breach, type CallCause } from './install';
import type { Profile } from './profiles';

/** Day 0 of the simulation: Monday 7 December 2026, 00:00 UTC. */
export const SIM_START = Date.UTC(2026, 11, 7);
export const NAIVE_INTERVAL_MS = 5 * MINUTE;

export interface ProfileRun {
  profile: string;
  days: number;
  callsPerDay: number;
  /** Calls per day by cause (alarm, popup, wake, after-upload, limits, …). */
  byCause: Record<string, number>;
  /** Mean calls per day in each hour of the day (0–23). */
  byHour: number[];
  naiveCallsPerDay: number;
  breaches: Breach[];
}

/** A policy to simulate: Settings the product takes, plus changes emulated from outside. */
export interface Policy {
  id: string;
  description: string;
  settings: Settings;
  /** getLimits cache age (the product's is LIMITS_MAX_AGE_MS, one day). */
  limitsMaxAgeMs?: number;
}

export async function runProfile(profile: Profile, policy: Policy, days: number, seed: number): Promise<ProfileRun> {
  const random = seededRandom(seed);
  const install = new SimInstall(profile, policy.settings, SIM_START - DAY + 7 * HOUR, seed, policy.limitsMaxAgeMs);
  await install.signIn();
  // Day -1 settles the schedule; it is not counted.
  await install.runDay(planDay(SIM_START - DAY, profile.uploads(6), random)); // a Sunday
  const counted = install.breaches.length;
  let naive = 0;
  for (let day = 0; day < days; day++) {
    const plan = planDay(SIM_START + day * DAY, profile.uploads(day), random);
    await install.runDay(plan);
    naive += naiveCalls(plan, SIM_START + day * DAY);
  }
  const calls = install.callsBetween(SIM_START, SIM_START + days * DAY);
  const byCause: Partial<Record<CallCause, number>> = {};
  const byHour = Array.from({ length: 24 }, () => 0);
  for (const call of calls) {
    byCause[call.cause] = (byCause[call.cause] ?? 0) + 1 / days;
    byHour[Math.floor(((call.at - SIM_START) % DAY) / HOUR)]! += 1 / days;
  }
  return {
    profile: profile.id,
    days,
    callsPerDay: calls.length / days,
    byCause,
    byHour,
    naiveCallsPerDay: naive / days,
    breaches: install.breaches.slice(counted),
  };
}

/**
 * A poller on a 5-minute timer: it calls when the browser starts and every 5 minutes after;
 * a suspended machine fires the overdue timer once on wake; offline ticks reach no server.
 */
export function naiveCalls(plan: DayPlan, dayStart: number): number {
  const offline: [number, number][] = [];
  let from: number | undefined;
  for (const e of plan.events) {
    if (e.kind === 'offline') from = e.at;
    if (e.kind === 'online' && from !== undefined) {
      offline.push([from, e.at]);
      from = undefined;
    }
  }
  let calls = 0;
  for (const [start, end] of awakeWindows(dayStart)) {
    for (let t = start; t < end; t += NAIVE_INTERVAL_MS) {
      if (!offline.some(([a, b]) => t >= a && t < b)) calls++;
    }
  }
  return calls;
}
