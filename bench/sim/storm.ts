/**
 * The key over its limit: for three hours every call from every install gets HTTP 429 with
 * Retry-After: 120 (or, second scenario, Flickr error 105). Installs of the four profiles, each
 * with its own seed and day; one in five users also clicks Refresh four times during the storm.
 * Shows whether every install backs off and none hammers, against the naive 5-minute poller.
 */
import type { FlickrFailure } from '../../src/flickr/errors';
import { CALLS_PER_HOUR_CAP, DAY, HOUR, MINUTE } from '../../src/schedule/policy';
import { DEFAULT_SETTINGS } from '../../src/state';
import { mean, percentile, round } from '../lib/stats';
import { planDay, seededRandom } from './day';
import { NAIVE_INTERVAL_MS, SIM_START } from './days';
import { SimInstall } from './install';
import { PROFILES } from './profiles';

export const STORMS: Record<string, FlickrFailure> = {
  'HTTP 429, Retry-After 120': { kind: 'http', status: 429, retryAfterSeconds: 120 },
  'error 105 (service unavailable)': { kind: 'api', code: 105, message: 'Service currently unavailable' },
};

const STORM_FROM_HOUR = 10;
const STORM_HOURS = 3;
const IMPATIENT_EVERY = 5;
const CLICKS = 4;

export interface StormResult {
  storm: string;
  installs: number;
  hours: number;
  /** Calls per install per hour during the storm, all causes. */
  perInstallPerHour: { mean: number; p99: number; max: number };
  /** Of which automatic (alarm, popup, wake, after-upload, limits). */
  automaticPerInstallPerHour: { mean: number; max: number };
  /** Refresh clicks during the storm and the calls they made. */
  manual: { clicks: number; calls: number };
  /** Most calls one install made in any 60 minutes of the storm day (cap: CALLS_PER_HOUR_CAP). */
  maxInAnyHour: number;
  cap: number;
  /** All installs together, calls per hour per 1,000 installs. */
  keyPerHourPer1000: { before: number; during: number; after: number };
  /** The same storm with a naive 5-minute poller, per install per hour. */
  naivePerInstallPerHour: number;
}

export async function runStorm(storm: string, installs: number): Promise<StormResult> {
  const failure = STORMS[storm];
  if (!failure) throw new Error(`unknown storm ${storm}`);
  const day = SIM_START + DAY;
  const from = day + STORM_FROM_HOUR * HOUR;
  const to = from + STORM_HOURS * HOUR;
  const perInstall: number[] = [];
  const automatic: number[] = [];
  let clicks = 0;
  let manualCalls = 0;
  let maxInAnyHour = 0;
  const key = { before: 0, during: 0, after: 0 };
  for (let i = 0; i < installs; i++) {
    const profile = PROFILES[i % PROFILES.length]!;
    const random = seededRandom(7_000 + i);
    const install = new SimInstall(profile, DEFAULT_SETTINGS, SIM_START + 7 * HOUR + random() * HOUR, 7_000 + i);
    await install.signIn();
    await install.runDay(planDay(SIM_START, profile.uploads(0), random));
    install.failure = (now) => (now >= from && now < to ? failure : undefined);
    const plan = planDay(day, profile.uploads(1), random);
    if (i % IMPATIENT_EVERY === 0) {
      for (let c = 0; c < CLICKS; c++) plan.events.push({ at: Math.floor(from + random() * (to - from)), kind: 'manual' });
      plan.events.sort((a, b) => a.at - b.at);
      clicks += CLICKS;
    }
    await install.runDay(plan);

    const during = install.callsBetween(from, to);
    perInstall.push(during.length / STORM_HOURS);
    automatic.push(during.filter((c) => c.cause !== 'manual').length / STORM_HOURS);
    manualCalls += during.filter((c) => c.cause === 'manual').length;
    const times = install.callsBetween(day, day + DAY).map((c) => c.at);
    for (let a = 0; a < times.length; a++) {
      const inHour = times.filter((t) => t >= times[a]! && t < times[a]! + HOUR).length;
      maxInAnyHour = Math.max(maxInAnyHour, inHour);
    }
    key.before += install.callsBetween(day + 8 * HOUR, from).length / (STORM_FROM_HOUR - 8);
    key.during += during.length / STORM_HOURS;
    key.after += install.callsBetween(to, day + 19 * HOUR).length / (19 - STORM_FROM_HOUR - STORM_HOURS);
  }
  const per1000 = (v: number) => round((v / installs) * 1000, 0);
  return {
    storm,
    installs,
    hours: STORM_HOURS,
    perInstallPerHour: { mean: round(mean(perInstall), 2), p99: round(percentile(perInstall, 99), 2), max: round(Math.max(...perInstall), 2) },
    automaticPerInstallPerHour: { mean: round(mean(automatic), 2), max: round(Math.max(...automatic), 2) },
    manual: { clicks, calls: manualCalls },
    maxInAnyHour,
    cap: CALLS_PER_HOUR_CAP,
    keyPerHourPer1000: { before: per1000(key.before), during: per1000(key.during), after: per1000(key.after) },
    // Awake minus the 12:00–12:45 sleep inside the storm window: the timer keeps its pace.
    naivePerInstallPerHour: round(((STORM_HOURS * HOUR - 45 * MINUTE) / NAIVE_INTERVAL_MS) / STORM_HOURS, 1),
  };
}
