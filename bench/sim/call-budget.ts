/**
 * Figure 8: API calls per user-day over the user mix (each profile weighs the same), for the
 * current policy and for proposed ones, plus the storms. One key allows about 3,600 calls an
 * hour for all its users together.
 */
import { DAY } from '../../src/schedule/policy';
import { DEFAULT_SETTINGS } from '../../src/state';
import { mean, round } from '../lib/stats';
import { runProfile, type Policy, type ProfileRun } from './days';
import { PROFILES } from './profiles';
import { runStorm, STORMS, type StormResult } from './storm';

export const KEY_CALLS_PER_HOUR = 3600;
export const SIM_DAYS = 28;
export const STORM_INSTALLS = 400;

/** Daily users one key serves when calls spread over the day: 3,600 × 24 / calls per user-day. */
export function usersPerKey(callsPerUserDay: number): number {
  return Math.floor((KEY_CALLS_PER_HOUR * 24) / callsPerUserDay);
}

/** The same when every user keeps the same hours: 3,600 / calls per user in the busiest hour. */
export function usersPerKeyAtPeak(callsPerUserInBusiestHour: number): number {
  return Math.floor(KEY_CALLS_PER_HOUR / callsPerUserInBusiestHour);
}

export const POLICIES: readonly Policy[] = [
  { id: 'current', description: 'defaults today (interval 6 h, ½ at amber, ¼ at red; getLimits cached 1 day)', settings: DEFAULT_SETTINGS },
  { id: 'interval-12h', description: 'pollIntervalMinutes 720', settings: { ...DEFAULT_SETTINGS, pollIntervalMinutes: 720 } },
  {
    id: 'interval-12h+limits-7d',
    description: 'pollIntervalMinutes 720, getLimits cached 7 days (emulated)',
    settings: { ...DEFAULT_SETTINGS, pollIntervalMinutes: 720 },
    limitsMaxAgeMs: 7 * DAY,
  },
  {
    id: 'interval-6h+red-½+limits-7d',
    description: 'interval 6 h, red shortens like amber (½; emulated with redPercent 0), getLimits cached 7 days (emulated)',
    settings: { ...DEFAULT_SETTINGS, redPercent: 0 },
    limitsMaxAgeMs: 7 * DAY,
  },
  { id: 'interval-24h', description: 'pollIntervalMinutes 1440', settings: { ...DEFAULT_SETTINGS, pollIntervalMinutes: 1440 } },
];

export interface PolicyResult {
  policy: string;
  description: string;
  profiles: (Omit<ProfileRun, 'byHour' | 'breaches'> & { breaches: number; excusedBreaches: number; breachDetails: string[] })[];
  mixCallsPerUserDay: number;
  naiveCallsPerUserDay: number;
  ratioToNaive: number;
  usersPerKey: number;
  naiveUsersPerKey: number;
  /** Mix calls per user in its busiest hour of the day, and the users a key serves then. */
  busiestHour: { hour: number; callsPerUser: number; usersPerKey: number };
  breaches: number;
  excusedBreaches: number;
}

export interface CallBudgetResult {
  days: number;
  policies: PolicyResult[];
  storms: StormResult[];
}

export async function runCallBudget(): Promise<CallBudgetResult> {
  const policies: PolicyResult[] = [];
  for (const policy of POLICIES) {
    const runs: ProfileRun[] = [];
    for (const [i, profile] of PROFILES.entries()) runs.push(await runProfile(profile, policy, SIM_DAYS, 1_000 + i));
    const mix = mean(runs.map((r) => r.callsPerDay));
    const naive = mean(runs.map((r) => r.naiveCallsPerDay));
    const byHour = Array.from({ length: 24 }, (_, h) => mean(runs.map((r) => r.byHour[h]!)));
    const busiest = byHour.reduce((best, v, h) => (v > byHour[best]! ? h : best), 0);
    const real = (r: ProfileRun) => r.breaches.filter((b) => !b.excused).length;
    const excused = (r: ProfileRun) => r.breaches.filter((b) => b.excused).length;
    policies.push({
      policy: policy.id,
      description: policy.description,
      profiles: runs.map(({ byHour: _h, breaches, ...run }) => ({
        ...run,
        callsPerDay: round(run.callsPerDay, 2),
        naiveCallsPerDay: round(run.naiveCallsPerDay, 1),
        byCause: Object.fromEntries(Object.entries(run.byCause).map(([k, v]) => [k, round(v, 2)])),
        breaches: breaches.filter((b) => !b.excused).length,
        excusedBreaches: breaches.filter((b) => b.excused).length,
        breachDetails: breaches.map((b) => `${new Date(b.at).toISOString().slice(0, 16)} ${b.kind}${b.excused ? ' (excused)' : ''}: ${b.detail}`),
      })),
      mixCallsPerUserDay: round(mix, 2),
      naiveCallsPerUserDay: round(naive, 1),
      ratioToNaive: round(mix / naive, 4),
      usersPerKey: usersPerKey(mix),
      naiveUsersPerKey: usersPerKey(naive),
      busiestHour: { hour: busiest, callsPerUser: round(byHour[busiest]!, 3), usersPerKey: usersPerKeyAtPeak(byHour[busiest]!) },
      breaches: runs.reduce((s, r) => s + real(r), 0),
      excusedBreaches: runs.reduce((s, r) => s + excused(r), 0),
    });
  }
  const storms: StormResult[] = [];
  for (const storm of Object.keys(STORMS)) storms.push(await runStorm(storm, STORM_INSTALLS));
  return { days: SIM_DAYS, policies, storms };
}
