import { describe, expect, it } from 'vitest';
import type { AccountLimits } from '../../../src/flickr/types';
import { uploadLimitsFrom } from '../../../src/quota/upload-limits';
import { dated, docExample, free2014, freeAccount, limitedBandwidth } from './statuses';

const FETCHED = 1_700_000_000_000;
const freeLimits: AccountLimits = {
  nsid: '12037949754@N01',
  photoMaxDisplayPx: 1024,
  photoMaxBytes: 209715200,
  videoMaxBytes: 1073741824,
  videoMaxSeconds: 180,
};

describe('uploadLimitsFrom', () => {
  it('doc example without getLimits', () => {
    expect(uploadLimitsFrom(dated(docExample, FETCHED), null)).toEqual({
      photoMaxBytes: 10485760,
      videoMaxBytes: undefined,
      videosLeft: 'unlimited',
      itemsLeft: undefined,
      bandwidthLeftBytes: 2147099924,
      videoMaxSeconds: undefined,
      fetchedAt: FETCHED,
    });
  });

  it('free 2014: unlimited bandwidth is undefined, never the placeholder figure', () => {
    const limits = uploadLimitsFrom(dated(free2014, FETCHED), null);
    expect(limits.bandwidthLeftBytes).toBeUndefined();
    expect(limits.photoMaxBytes).toBe(209715200);
    expect(limits.videoMaxBytes).toBe(1073741824);
  });

  it('a free account with getLimits: items and videos left, video length', () => {
    expect(uploadLimitsFrom(dated(freeAccount(990), FETCHED), dated(freeLimits, FETCHED - 1))).toEqual({
      photoMaxBytes: 209715200,
      videoMaxBytes: 1073741824,
      videosLeft: 2,
      itemsLeft: 10,
      bandwidthLeftBytes: undefined,
      videoMaxSeconds: 180,
      fetchedAt: FETCHED,
    });
  });

  it('over the item limit leaves 0 items, not a negative count', () => {
    expect(uploadLimitsFrom(dated(freeAccount(1003), FETCHED), null).itemsLeft).toBe(0);
  });

  it('takes the smaller file size when getUploadStatus and getLimits disagree', () => {
    const stricter = { ...freeLimits, photoMaxBytes: 100 * 1024 ** 2, videoMaxBytes: 2 * 1024 ** 3 };
    const limits = uploadLimitsFrom(dated(freeAccount(0), FETCHED), dated(stricter, FETCHED));
    expect(limits.photoMaxBytes).toBe(100 * 1024 ** 2);
    expect(limits.videoMaxBytes).toBe(1073741824);
  });

  it('fills a missing video size from getLimits and ignores non-positive figures', () => {
    const pro = { ...docExample, nsid: freeLimits.nsid };
    expect(uploadLimitsFrom(dated(pro, FETCHED), dated(freeLimits, FETCHED)).videoMaxBytes).toBe(1073741824);
    const broken = { ...freeLimits, photoMaxBytes: 0, videoMaxBytes: undefined };
    const limits = uploadLimitsFrom(dated(pro, FETCHED), dated(broken, FETCHED));
    expect(limits.photoMaxBytes).toBe(10485760);
    expect(limits.videoMaxBytes).toBeUndefined();
  });

  it("ignores another account's getLimits", () => {
    const other = { ...freeLimits, nsid: 'someone@N00', photoMaxBytes: 1 };
    const limits = uploadLimitsFrom(dated(freeAccount(0), FETCHED), dated(other, FETCHED));
    expect(limits.photoMaxBytes).toBe(209715200);
    expect(limits.videoMaxSeconds).toBeUndefined();
  });

  it('bandwidth left never goes negative', () => {
    expect(uploadLimitsFrom(dated(limitedBandwidth(-10), FETCHED), null).bandwidthLeftBytes).toBe(0);
  });
});
