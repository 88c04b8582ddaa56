import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { UploadStatus } from '../../../src/flickr/types';
import { itemLimitView, mostConstraining, quotaGauges } from '../../../src/quota/gauges';
import { docExample, free2014, freeAccount, limitedBandwidth, limitedVideos } from './statuses';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/flickr/${name}`, import.meta.url), 'utf8');

describe('the hand-built samples match the fixture files', () => {
  it('doc example', () => {
    const xml = fixture('doc-example-getUploadStatus.xml');
    const attr = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(xml)?.[1]);
    expect(docExample.bandwidth.maxBytes).toBe(attr('maxbytes'));
    expect(docExample.bandwidth.usedBytes).toBe(attr('usedbytes'));
    expect(docExample.bandwidth.remainingBytes).toBe(attr('remainingbytes'));
    expect(docExample.videosUploaded).toBe(attr('uploaded'));
    expect(xml).toContain('ispro="1"');
    expect(xml).not.toContain('unlimited=');
    expect(xml).not.toContain('upload_limit');
  });

  it('free 2014', () => {
    const { user } = JSON.parse(fixture('free-2014-getUploadStatus.json')) as {
      user: Record<string, Record<string, string | number>>;
    };
    expect(Number(user.bandwidth?.maxbytes)).toBe(free2014.bandwidth.maxBytes);
    expect(Number(user.bandwidth?.remainingbytes)).toBe(free2014.bandwidth.remainingBytes);
    expect(Number(user.bandwidth?.unlimited)).toBe(1);
    expect(Number(user.filesize?.maxbytes)).toBe(free2014.photoMaxBytes);
    expect(Number(user.videosize?.maxbytes)).toBe(free2014.videoMaxBytes);
    expect(user.videos?.remaining).toBe('lots');
  });
});

describe('quotaGauges on the real samples', () => {
  it('doc example (Pro, 2 GiB monthly bandwidth): only bandwidth is limited', () => {
    expect(quotaGauges(docExample)).toEqual([
      {
        kind: 'bandwidth',
        left: 2147099924,
        total: 2147483648,
        fractionLeft: 2147099924 / 2147483648,
        usedUp: false,
      },
    ]);
  });

  it('free 2014 (unlimited="1", lots of videos, no upload_limit): nothing is limited', () => {
    expect(quotaGauges(free2014)).toEqual([]);
    expect(mostConstraining(free2014)).toBeUndefined();
  });
});

describe('items', () => {
  it.each([
    [0, 1000, 1, false],
    [990, 10, 0.01, false],
    [1000, 0, 0, true],
    [1003, 0, 0, true],
  ])('%d of 1,000 uploaded: %d left', (count, left, fractionLeft, usedUp) => {
    const [items] = quotaGauges(freeAccount(count));
    expect(items).toEqual({ kind: 'items', left, total: 1000, fractionLeft, usedUp });
  });

  it('a limit of 0 is used up, not a division by zero', () => {
    const status = freeAccount(0, { itemLimit: { uploadCount: 0, uploadLimit: 0, status: undefined } });
    expect(quotaGauges(status)[0]).toMatchObject({ kind: 'items', left: 0, fractionLeft: 0, usedUp: true });
  });

  it('upload_limit -1 means no item gauge', () => {
    const status = freeAccount(5, { itemLimit: { uploadCount: 5, uploadLimit: -1, status: undefined } });
    expect(quotaGauges(status).map((g) => g.kind)).toEqual(['videos']);
  });
});

describe('bandwidth', () => {
  it('unlimited bandwidth has no gauge even with figures', () => {
    expect(quotaGauges(free2014).some((g) => g.kind === 'bandwidth')).toBe(false);
  });

  it('max 0 does not divide by zero', () => {
    expect(quotaGauges(limitedBandwidth(0, 0))[0]).toEqual({
      kind: 'bandwidth',
      left: 0,
      total: 0,
      fractionLeft: 0,
      usedUp: true,
    });
  });

  it('a negative remaining (over the budget) counts as 0 left', () => {
    expect(quotaGauges(limitedBandwidth(-5))[0]).toMatchObject({ left: 0, fractionLeft: 0, usedUp: true });
  });
});

describe('videos', () => {
  it.each([
    [2, 3, 5, 0.4, false],
    [2, 0, 2, 1, false],
    [0, 2, 2, 0, true],
    [0, 0, 0, 0, true],
  ])('%d left after %d uploaded: total %d', (remaining, uploaded, total, fractionLeft, usedUp) => {
    expect(quotaGauges(limitedVideos(remaining, uploaded))).toEqual([
      { kind: 'videos', left: remaining, total, fractionLeft, usedUp },
    ]);
  });

  it('without an uploaded count: full while any is left, empty at 0', () => {
    expect(quotaGauges(limitedVideos(1, undefined))[0]).toMatchObject({ total: undefined, fractionLeft: 1 });
    expect(quotaGauges(limitedVideos(0, undefined))[0]).toMatchObject({
      total: undefined,
      fractionLeft: 0,
      usedUp: true,
    });
  });
});

describe('mostConstraining', () => {
  it('picks the smallest fraction left', () => {
    const status: UploadStatus = { ...freeAccount(100), bandwidth: limitedBandwidth(0.5 * 1024 ** 3).bandwidth };
    expect(mostConstraining(status)?.kind).toBe('videos'); // 2 of 5 = 40 % < 50 % < 90 %
    expect(mostConstraining({ ...status, videosUploaded: 0 })?.kind).toBe('bandwidth');
  });

  it('ties go to a used-up gauge, then items, bandwidth, videos', () => {
    const half = limitedBandwidth(512 * 1024 ** 2).bandwidth;
    const tie: UploadStatus = {
      ...freeAccount(500),
      bandwidth: half,
      videoAllowance: { kind: 'limited', remaining: 1 },
      videosUploaded: 1,
    };
    expect(mostConstraining(tie)?.kind).toBe('items');
    expect(mostConstraining({ ...tie, itemLimit: undefined })?.kind).toBe('bandwidth');
    // Empty items and empty bandwidth: both 0 and used up, items wins by order.
    const empty: UploadStatus = { ...freeAccount(1000), bandwidth: limitedBandwidth(0).bandwidth };
    expect(mostConstraining(empty)?.kind).toBe('items');
    // Bandwidth and videos both used up: bandwidth comes first.
    const videosOut: UploadStatus = { ...limitedVideos(0, undefined), bandwidth: limitedBandwidth(0, 0).bandwidth };
    expect(mostConstraining(videosOut)?.kind).toBe('bandwidth');
  });

  it('is always one of the gauges and none is tighter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1200 }),
        fc.integer({ min: 0, max: 1024 }),
        fc.integer({ min: 0, max: 2 }),
        fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
        (count, remainingMiB, videosLeft, uploaded) => {
          const status: UploadStatus = {
            ...freeAccount(count),
            bandwidth: limitedBandwidth(remainingMiB * 1024 ** 2).bandwidth,
            videoAllowance: { kind: 'limited', remaining: videosLeft },
            videosUploaded: uploaded,
          };
          const gauges = quotaGauges(status);
          const pick = mostConstraining(status);
          expect(gauges).toContainEqual(pick);
          for (const g of gauges) expect(g.fractionLeft).toBeGreaterThanOrEqual(pick?.fractionLeft ?? 0);
          for (const g of gauges) {
            expect(g.left).toBeGreaterThanOrEqual(0);
            expect(g.fractionLeft).toBeGreaterThanOrEqual(0);
            expect(g.fractionLeft).toBeLessThanOrEqual(1);
            expect(g.usedUp).toBe(g.left === 0);
          }
        },
      ),
    );
  });
});

describe('itemLimitView', () => {
  it('no upload_limit: none', () => {
    expect(itemLimitView(docExample)).toEqual({ kind: 'none' });
    expect(itemLimitView(free2014)).toEqual({ kind: 'none' });
  });

  it.each([
    [990, 'below_limit', 10, false],
    [1000, 'at_limit', 0, false],
    [1003, 'over_limit', 0, true],
    [1003, undefined, 0, true],
  ])('%d of 1,000 with %s: %d left', (used, status, left, over) => {
    const s = freeAccount(used, { itemLimit: { uploadCount: used, uploadLimit: 1000, status } });
    expect(itemLimitView(s)).toEqual({ kind: 'counted', used, limit: 1000, left, over });
  });

  it('an upload_limit_status we do not know shows the counts and the status', () => {
    const s = freeAccount(20, { itemLimit: { uploadCount: 20, uploadLimit: 1000, status: 'grace_period' } });
    expect(itemLimitView(s)).toEqual({ kind: 'unknown-status', used: 20, limit: 1000, status: 'grace_period' });
  });
});
