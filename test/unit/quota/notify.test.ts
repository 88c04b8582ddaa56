import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { UploadStatus } from '../../../src/flickr/types';
import { notificationText, pastThresholdIds, thresholdCrossings } from '../../../src/quota/notify';
import { catalogueTranslate } from '../../support/i18n';
import { free2014, freeAccount, limitedBandwidth, limitedVideos } from './statuses';

const t = catalogueTranslate();
const GiB = 1024 ** 3;
const ids = (previous: UploadStatus | null, current: UploadStatus) =>
  thresholdCrossings(previous, current).map((c) => c.id);

describe('thresholdCrossings', () => {
  it.each([
    ['items 60 → 50 left', freeAccount(940), freeAccount(950), ['items-le-50']],
    ['items 51 → 51 left', freeAccount(949), freeAccount(949), []],
    ['items 40 → 30 left (already past)', freeAccount(960), freeAccount(970), []],
    ['items 30 → 0 left', freeAccount(970), freeAccount(1000), ['items-le-0']],
    ['items 100 → 0 left: only the deepest', freeAccount(900), freeAccount(1000), ['items-le-0']],
    ['bandwidth 11 % → 10 %', limitedBandwidth(110, 1000), limitedBandwidth(100, 1000), ['bandwidth-le-10pct']],
    ['bandwidth 10 % → 5 %', limitedBandwidth(100, 1000), limitedBandwidth(50, 1000), []],
    ['bandwidth 5 % → 0', limitedBandwidth(0.05 * GiB), limitedBandwidth(0), ['bandwidth-le-0']],
    ['videos 1 → 0', limitedVideos(1, 1), limitedVideos(0, 2), ['videos-le-0']],
    ['videos 2 → 1', limitedVideos(2, 0), limitedVideos(1, 1), []],
    ['nothing limited', free2014, free2014, []],
  ])('%s', (_, previous, current, expected) => {
    expect(ids(previous, current)).toEqual(expected);
  });

  it('with no previous figures, reports what the current ones are already past', () => {
    expect(ids(null, freeAccount(980))).toEqual(['items-le-50']);
    const both: UploadStatus = { ...freeAccount(1000), bandwidth: limitedBandwidth(0.01 * GiB).bandwidth };
    expect(ids(null, both)).toEqual(['items-le-0', 'bandwidth-le-10pct']);
    expect(ids(null, freeAccount(0))).toEqual([]);
  });

  it('a refilled quota can cross again (a new month)', () => {
    const low = limitedBandwidth(0.05 * GiB);
    const refilled = limitedBandwidth(GiB);
    expect(ids(low, refilled)).toEqual([]);
    expect(pastThresholdIds(refilled)).toEqual([]);
    expect(ids(refilled, low)).toEqual(['bandwidth-le-10pct']);
  });

  it('reports a threshold at most once over any sequence of figures, unless it was left first', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }), (counts) => {
        let previous: UploadStatus | null = null;
        for (const count of counts) {
          const current = freeAccount(count);
          const past = new Set(pastThresholdIds(current));
          for (const c of thresholdCrossings(previous, current)) {
            expect(past.has(c.id)).toBe(true);
            if (previous) expect(pastThresholdIds(previous)).not.toContain(c.id);
            expect(c.kind).toBe('items');
          }
          previous = current;
        }
      }),
    );
  });
});

describe('notificationText', () => {
  it.each([
    [freeAccount(950), 'Flickr: few uploads left', '50 items left of 1,000 (free account)'],
    [freeAccount(1000), 'Flickr: item limit reached', 'item limit reached: no items left of 1,000 (free account)'],
    [limitedBandwidth(0.09 * GiB), 'Flickr: monthly bandwidth running low', '9% of monthly bandwidth left (92 MB)'],
    [limitedBandwidth(0), 'Flickr: monthly bandwidth used up', 'monthly bandwidth used up (1 GB)'],
    [limitedVideos(0, 2), 'Flickr: no video uploads left', 'no video uploads left'],
  ])('%#', (status, title, message) => {
    const [crossing] = thresholdCrossings(null, status);
    expect(crossing).toBeDefined();
    if (crossing) expect(notificationText(crossing, t, 'en')).toEqual({ title, message });
  });

  it('formats numbers in the UI language', () => {
    const [crossing] = thresholdCrossings(null, freeAccount(1000));
    expect(crossing && notificationText(crossing, t, 'de').message).toContain('1.000');
  });
});

describe('notificationsDue', () => {
  it('notifies a crossing once, forgets it when the quota recovers, and notifies the next crossing again', async () => {
    const { notificationsDue } = await import('../../../src/quota/notify');
    const { freeStatus } = await import('../../support/statuses');
    const far = freeStatus(900);
    const near = freeStatus(960);
    const first = notificationsDue(far, near, []);
    expect(first.show.map((c) => c.id)).toEqual(['items-le-50']);
    expect(first.remember).toEqual(['items-le-50']);
    // Same figures again, or a worker restart that lost `previous`: nothing new.
    expect(notificationsDue(near, near, first.remember).show).toEqual([]);
    expect(notificationsDue(null, near, first.remember).show).toEqual([]);
    // Items deleted: back above the threshold, the id is forgotten…
    const recovered = notificationsDue(near, far, first.remember);
    expect(recovered).toEqual({ show: [], remember: [] });
    // …so the next crossing is news again.
    expect(notificationsDue(far, near, recovered.remember).show.map((c) => c.id)).toEqual(['items-le-50']);
  });
});
