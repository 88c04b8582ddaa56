import { describe, expect, it } from 'vitest';
import { HOUR, isStale, pollDelayMs } from '../../../src/schedule/policy';
import { DEFAULT_SETTINGS } from '../../../src/state';
import { freeStatus, proStatus } from '../../support/statuses';

describe('staleness follows the adapted interval (badge and popup alike)', () => {
  const now = Date.UTC(2026, 11, 3, 12);
  it('a near-limit account is stale after 2 × its shortened interval, a Pro one after 2 × the full one', () => {
    const nearLimit = freeStatus(990);
    expect(pollDelayMs(nearLimit, DEFAULT_SETTINGS)).toBe(3 * HOUR);
    expect(isStale({ value: nearLimit, fetchedAt: now - 7 * HOUR }, DEFAULT_SETTINGS, now)).toBe(true);
    expect(isStale({ value: nearLimit, fetchedAt: now - 5 * HOUR }, DEFAULT_SETTINGS, now)).toBe(false);
    expect(isStale({ value: proStatus, fetchedAt: now - 7 * HOUR }, DEFAULT_SETTINGS, now)).toBe(false);
    expect(isStale({ value: proStatus, fetchedAt: now - 25 * HOUR }, DEFAULT_SETTINGS, now)).toBe(true);
  });
});
