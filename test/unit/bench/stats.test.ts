import { describe, expect, it } from 'vitest';
import { median, percentile, spread } from '../../../bench/lib/stats';

describe('bench statistics', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('uses nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 50)).toBe(7);
  });

  it('summarises a series by median, min, max and count', () => {
    expect(spread([3.333, 1, 10])).toEqual({ median: 3.33, min: 1, max: 10, n: 3 });
  });
});
