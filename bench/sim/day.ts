/**
 * One simulated browser day, as timed events: the browser is open 08:00–19:00 with two sleep
 * gaps (12:00–12:45, 15:30–15:45), so 10 h awake; 20 popup opens at random awake moments; one
 * network drop of 10–30 min; the profile's upload sessions. Pure: times only.
 */
import { HOUR, MINUTE } from '../../src/schedule/policy';
import type { UploadSession } from './profiles';

export const OPEN_HOUR = 8;
export const CLOSE_HOUR = 19;
export const SLEEP_GAPS: readonly (readonly [number, number])[] = [
  [12, 12.75],
  [15.5, 15.75],
];
export const POPUP_OPENS_PER_DAY = 20;
/** After an upload session ends, fresh figures are due within this (freshness contract). */
export const AFTER_UPLOAD_DEADLINE_MS = 2 * MINUTE;

export type DayEvent =
  | { at: number; kind: 'popup' }
  | { at: number; kind: 'offline' }
  | { at: number; kind: 'online' }
  | { at: number; kind: 'sleep'; until: number }
  | { at: number; kind: 'upload-start' }
  | { at: number; kind: 'upload-end'; session: UploadSession }
  | { at: number; kind: 'upload-check'; endedAt: number }
  | { at: number; kind: 'manual' };

export interface DayPlan {
  open: number;
  close: number;
  events: DayEvent[];
}

/** Awake stretches of the day, [from, to) in ms since the epoch. */
export function awakeWindows(dayStart: number): [number, number][] {
  const windows: [number, number][] = [];
  let from = dayStart + OPEN_HOUR * HOUR;
  for (const [sleep, wake] of SLEEP_GAPS) {
    windows.push([from, dayStart + sleep * HOUR]);
    from = dayStart + wake * HOUR;
  }
  windows.push([from, dayStart + CLOSE_HOUR * HOUR]);
  return windows;
}

/** A uniformly random awake moment at least `room` ms before its window closes. */
export function awakeMoment(windows: readonly [number, number][], random: () => number, room = 0): number {
  const usable = windows.map(([a, b]) => [a, Math.max(a, b - room)] as const);
  const total = usable.reduce((sum, [a, b]) => sum + (b - a), 0);
  let pick = random() * total;
  for (const [a, b] of usable) {
    if (pick < b - a) return Math.floor(a + pick);
    pick -= b - a;
  }
  return usable.at(-1)![1];
}

export function planDay(dayStart: number, uploads: readonly UploadSession[], random: () => number): DayPlan {
  const windows = awakeWindows(dayStart);
  const events: DayEvent[] = [];
  for (const [sleep, wake] of SLEEP_GAPS) events.push({ at: dayStart + sleep * HOUR, kind: 'sleep', until: dayStart + wake * HOUR });
  for (let i = 0; i < POPUP_OPENS_PER_DAY; i++) events.push({ at: awakeMoment(windows, random), kind: 'popup' });
  const dropMs = (10 + random() * 20) * MINUTE;
  const drop = awakeMoment(windows, random, dropMs);
  events.push({ at: drop, kind: 'offline' }, { at: Math.floor(drop + dropMs), kind: 'online' });
  for (const session of uploads) {
    const start = dayStart + session.startHour * HOUR;
    const end = start + session.minutes * MINUTE;
    events.push(
      { at: start, kind: 'upload-start' },
      { at: end, kind: 'upload-end', session },
      { at: end + AFTER_UPLOAD_DEADLINE_MS, kind: 'upload-check', endedAt: end },
    );
  }
  // Stable order for equal times: the listed order above.
  events.sort((a, b) => a.at - b.at);
  return { open: dayStart + OPEN_HOUR * HOUR, close: dayStart + CLOSE_HOUR * HOUR, events };
}

/** Seeded PRNG (mulberry32): the same seed, the same days. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
