import { describe, expect, it } from 'vitest';
import { sanitizeSchedule, sanitizeSettings, sanitizeState } from '../../../src/background/schema';
import { DEFAULT_SETTINGS, INITIAL_STATE, SCHEMA_VERSION } from '../../../src/state';
import { proStatus } from '../../support/statuses';

const account = { nsid: '1@N01', username: 'Bees', fullname: 'B' };

describe('stored state', () => {
  it('starts fresh on empty storage', () => {
    expect(sanitizeState({})).toEqual({ state: INITIAL_STATE, repair: 'fresh' });
  });

  it('keeps a current, valid state as it is', () => {
    const stored = { ...INITIAL_STATE, session: { state: 'signed-in', account }, status: { value: proStatus, fetchedAt: 5 } };
    const { state, repair } = sanitizeState(stored as unknown as Record<string, unknown>);
    expect(repair).toBe('current');
    expect(state.status?.value).toEqual(proStatus);
  });

  it('migrates storage from before schema versions (no schemaVersion key), keeping figures', () => {
    const old = { session: { state: 'signed-in', account }, status: { value: proStatus, fetchedAt: 5 }, settings: { pollIntervalMinutes: 60 } };
    const { state, repair } = sanitizeState(old);
    expect(repair).toBe('migrated');
    expect(state.schemaVersion).toBe(SCHEMA_VERSION);
    expect(state.settings).toEqual({ ...DEFAULT_SETTINGS, pollIntervalMinutes: 60 });
    expect(state.status?.fetchedAt).toBe(5);
  });

  it('resets damaged entries and says so', () => {
    const damaged = { schemaVersion: 1, session: { state: 'signed-in', account: 'nope' }, status: { value: 'garbage' } };
    const { state, repair } = sanitizeState(damaged);
    expect(repair).toBe('reset');
    expect(state.session).toEqual({ state: 'signed-out' });
    expect(state.status).toBeNull();
  });

  it('refuses state written by a newer version rather than misreading it', () => {
    expect(sanitizeState({ schemaVersion: SCHEMA_VERSION + 1, status: {} }).repair).toBe('reset');
  });

  it('keeps the session a sign-in started from, so a restart mid-sign-in can go back to it', () => {
    const signingIn = { state: 'signing-in', since: 9, previous: { state: 'revoked', account } };
    expect(sanitizeState({ schemaVersion: 1, session: signingIn }).state.session).toEqual(signingIn);
    expect(sanitizeState({ schemaVersion: 1, session: { state: 'signing-in', since: 9, previous: { state: 'x' } } }).state.session).toEqual({
      state: 'signing-in',
      since: 9,
    });
  });

  it('never restores a refresh in progress', () => {
    expect(sanitizeState({ schemaVersion: 1, refreshing: true }).state.refreshing).toBe(false);
  });

  it('clamps settings into bounds and keeps red below amber', () => {
    expect(sanitizeSettings({ pollIntervalMinutes: 1, amberPercent: 20, redPercent: 50 })).toEqual({
      pollIntervalMinutes: 15,
      amberPercent: 20,
      redPercent: 19,
      notifications: false,
    });
    expect(sanitizeSettings({ pollIntervalMinutes: Number.NaN, amberPercent: 'x' })).toEqual(DEFAULT_SETTINGS);
  });

  it('drops non-numbers from the schedule', () => {
    expect(sanitizeSchedule({ callLog: [1, 'x', null, 3], consecutiveFailures: -2, notified: ['a', 1] })).toMatchObject({
      callLog: [1, 3],
      consecutiveFailures: 0,
      notified: ['a'],
    });
  });
});
