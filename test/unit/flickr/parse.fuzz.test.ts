/** Short run of the fuzz properties (test/fuzz/properties.ts); `tsx test/fuzz/deep.ts` runs them deep. */
import { describe, expect, it } from 'vitest';
import { properties, runProperty } from '../../fuzz/properties';

const RUNS = 250;

describe('fuzz (short run)', () => {
  it('covers every property', () => {
    expect(properties.length).toBeGreaterThanOrEqual(15);
  });

  it.each(properties.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    expect(runProperty(p, RUNS).cases).toBe(RUNS);
  });
});
