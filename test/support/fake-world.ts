/**
 * An in-memory browser for the scheduler: a clock you move, alarms that fire when it passes
 * them, storage as a plain object, and a Flickr whose answers each test scripts. Drives the real
 * Poller (src/schedule/poller.ts); used by unit tests and by the benchmark's simulated days.
 */
import type { AccountLimits, UploadStatus } from '../../src/flickr/types';
import { FlickrError, type FlickrFailure } from '../../src/flickr/errors';
import { AFTER_UPLOAD_ALARM, POLL_ALARM, Poller, type PollerPorts } from '../../src/schedule/poller';
import { INITIAL_SCHEDULE, INITIAL_STATE, type ScheduleState, type StoredState } from '../../src/state';

export type FlickrAnswer = UploadStatus | FlickrFailure | (() => UploadStatus | FlickrFailure);

export class FakeWorld {
  now: number;
  online = true;
  state: StoredState;
  schedule: ScheduleState = { ...INITIAL_SCHEDULE };
  alarms = new Map<string, number>();
  /** Every call that reached "Flickr", with its time. */
  calls: { at: number; method: 'getUploadStatus' | 'getLimits' }[] = [];
  /** How long a call takes, in fake ms. */
  latencyMs = 200;
  answer: FlickrAnswer;
  limits: AccountLimits = { nsid: 'n', photoMaxDisplayPx: 1024, photoMaxBytes: 209715200, videoMaxBytes: 1073741824, videoMaxSeconds: 180 };
  hasToken = true;
  poller: Poller;
  private rng: () => number;

  constructor(options: { now?: number; status: UploadStatus; signedIn?: boolean; seed?: number }) {
    this.now = options.now ?? Date.UTC(2026, 11, 3, 8, 0, 0);
    this.answer = options.status;
    this.state = {
      ...INITIAL_STATE,
      credentialSource: 'build',
      session:
        options.signedIn === false
          ? { state: 'signed-out' }
          : { state: 'signed-in', account: { nsid: options.status.nsid, username: options.status.username, fullname: '' } },
    };
    let seed = options.seed ?? 42;
    this.rng = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    this.poller = new Poller(this.ports());
  }

  private ports(): PollerPorts {
    const world = this;
    const call = async <T>(method: 'getUploadStatus' | 'getLimits', produce: () => T): Promise<T> => {
      world.calls.push({ at: world.now, method });
      await Promise.resolve();
      world.now += world.latencyMs;
      return produce();
    };
    return {
      now: () => world.now,
      random: () => world.rng(),
      isOnline: () => world.online,
      readState: async () => structuredClone(world.state),
      writeState: async (patch) => {
        world.state = { ...world.state, ...structuredClone(patch) };
      },
      readSchedule: async () => structuredClone(world.schedule),
      writeSchedule: async (patch) => {
        world.schedule = { ...world.schedule, ...structuredClone(patch) };
      },
      alarmTime: async (name) => world.alarms.get(name),
      setAlarm: async (name, when) => {
        world.alarms.set(name, when);
      },
      clearAlarm: async (name) => {
        world.alarms.delete(name);
      },
      quotaSource: async () =>
        world.hasToken
          ? {
              getUploadStatus: () =>
                call('getUploadStatus', () => {
                  const a = typeof world.answer === 'function' ? world.answer() : world.answer;
                  if ('kind' in a) throw new FlickrError(a);
                  return a;
                }),
              getLimits: () => call('getLimits', () => world.limits),
            }
          : null,
      changed: async () => undefined,
    };
  }

  /** Moves the clock to `until`, firing every alarm that falls due on the way (like Chrome). */
  async advanceTo(until: number): Promise<void> {
    for (;;) {
      const due = [...this.alarms.entries()].filter(([, t]) => t <= until).sort((a, b) => a[1] - b[1])[0];
      if (!due) break;
      const [name, when] = due;
      this.alarms.delete(name);
      this.now = Math.max(this.now, when);
      if (name === POLL_ALARM) await this.poller.refresh('alarm');
      else if (name === AFTER_UPLOAD_ALARM) await this.poller.refresh('after-upload');
    }
    this.now = Math.max(this.now, until);
  }

  async advanceBy(ms: number): Promise<void> {
    await this.advanceTo(this.now + ms);
  }

  /** A suspended machine: the clock jumps, alarms do not fire until it wakes (then once each). */
  sleep(ms: number): void {
    this.now += ms;
  }

  callsSince(t: number): number {
    return this.calls.filter((c) => c.at >= t).length;
  }
}
