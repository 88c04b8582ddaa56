import { describe, expect, it } from 'vitest';
import { parseLimitsReply } from '../../../src/content/reply';
import type { UploadLimits } from '../../../src/messages';

const limits: UploadLimits = {
  photoMaxBytes: 209715200,
  videoMaxBytes: 1073741824,
  videosLeft: 2,
  itemsLeft: 12,
  bandwidthLeftBytes: 214748364800,
  videoMaxSeconds: 180,
  fetchedAt: 1_700_000_000_000,
};

describe('parseLimitsReply', () => {
  it('passes the three states through', () => {
    expect(parseLimitsReply({ state: 'ready', limits })).toEqual({ state: 'ready', limits });
    expect(parseLimitsReply({ state: 'signed-out' })).toEqual({ state: 'signed-out' });
    expect(parseLimitsReply({ state: 'no-figures' })).toEqual({ state: 'no-figures' });
  });

  it('reads missing or null optional figures as unknown (Chrome drops undefined members)', () => {
    const { videoMaxBytes, itemsLeft, ...rest } = limits;
    void videoMaxBytes;
    void itemsLeft;
    const parsed = parseLimitsReply({
      state: 'ready',
      limits: { ...rest, videosLeft: 'unlimited', bandwidthLeftBytes: null, videoMaxSeconds: undefined },
    });
    expect(parsed).toEqual({
      state: 'ready',
      limits: {
        ...rest,
        videosLeft: 'unlimited',
        videoMaxBytes: undefined,
        itemsLeft: undefined,
        bandwidthLeftBytes: undefined,
        videoMaxSeconds: undefined,
      },
    });
  });

  it('keeps only the known fields', () => {
    const parsed = parseLimitsReply({ state: 'ready', limits: { ...limits, token: 'secret' }, extra: 1 });
    expect(parsed).toEqual({ state: 'ready', limits });
  });

  it.each([
    null,
    undefined,
    'ready',
    {},
    { state: 'ready' },
    { state: 'ready', limits: null },
    { state: 'ready', limits: { ...limits, photoMaxBytes: '200' } },
    { state: 'ready', limits: { ...limits, photoMaxBytes: undefined } },
    { state: 'ready', limits: { ...limits, videosLeft: 'lots' } },
    { state: 'ready', limits: { ...limits, videosLeft: -1 } },
    { state: 'ready', limits: { ...limits, itemsLeft: Number.NaN } },
    { state: 'ready', limits: { ...limits, bandwidthLeftBytes: Number.POSITIVE_INFINITY } },
    { state: 'ready', limits: { ...limits, videoMaxSeconds: '180' } },
    { state: 'ready', limits: { ...limits, fetchedAt: undefined } },
    { state: 'signed-in' },
  ])('rejects %j', (raw) => {
    expect(parseLimitsReply(raw)).toBeNull();
  });
});
