/** Typed access to storage.local: the view state (src/state.ts) and the worker's schedule. */
import browser from 'webextension-polyfill';
import { pruneCallLog } from '../schedule/policy';
import { INITIAL_SCHEDULE, INITIAL_STATE, type ScheduleState, type StoredState } from '../state';
import { sanitizeSchedule, sanitizeState, type Repair } from './schema';
import { vault } from './vault';

const STATE_KEYS = Object.keys(INITIAL_STATE) as (keyof StoredState)[];
const SCHEDULE_KEY = 'schedule';

export const store = {
  async readState(): Promise<StoredState> {
    return sanitizeState(await browser.storage.local.get(STATE_KEYS)).state;
  },
  async writeState(patch: Partial<StoredState>): Promise<void> {
    await browser.storage.local.set(patch);
  },
  async readSchedule(): Promise<ScheduleState> {
    const raw = await browser.storage.local.get(SCHEDULE_KEY);
    return sanitizeSchedule(raw[SCHEDULE_KEY]);
  },
  async writeSchedule(patch: Partial<ScheduleState>): Promise<void> {
    const current = await this.readSchedule();
    await browser.storage.local.set({ [SCHEDULE_KEY]: { ...current, ...patch } });
  },
  /**
   * Run at every worker start (with what storage.local held, when already read): rewrites
   * storage in the current schema. Damaged or newer-version
   * storage is reset (tokens in the vault are not touched by this).
   */
  async migrate(stored?: Record<string, unknown>): Promise<Repair> {
    const raw = stored ?? (await browser.storage.local.get(null));
    const { state, repair } = sanitizeState(raw);
    if (repair === 'current') return repair;
    if (repair === 'reset') {
      // Start clean and say so; a token without its account would be a half sign-in.
      await browser.storage.local.clear();
      await vault.remove('access');
      await browser.storage.local.set({ ...INITIAL_STATE, settings: state.settings, notice: { kind: 'storage-reset', at: Date.now() } });
      return repair;
    }
    await browser.storage.local.set({ ...state });
    return repair;
  },
  async clearAccountData(): Promise<void> {
    await browser.storage.local.set({
      session: { state: 'signed-out' },
      status: null,
      limits: null,
      lastAttempt: null,
      nextPollAt: null,
      refreshing: false,
    } satisfies Partial<StoredState>);
    // The call log and a Retry-After stay: signing out and in again must not reset the hourly cap.
    const { callLog, hardNotBefore } = await this.readSchedule();
    await browser.storage.local.set({ [SCHEDULE_KEY]: { ...INITIAL_SCHEDULE, callLog, hardNotBefore } });
  },
  /** Counts a call to Flickr made outside the poller (the sign-in's token requests). */
  async recordCall(now: number): Promise<void> {
    const { callLog } = await this.readSchedule();
    await this.writeSchedule({ callLog: [...pruneCallLog(callLog, now), now] });
  },
};
