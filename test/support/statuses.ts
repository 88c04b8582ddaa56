/** UploadStatus values for tests, named after the account situations they describe. */
import type { UploadStatus } from '../../src/flickr/types';

const GiB = 1024 ** 3;

export const proStatus: UploadStatus = {
  nsid: '12037949754@N01',
  username: 'Bees',
  isPro: true,
  proBadge: undefined,
  bandwidth: { unlimited: true, maxBytes: 214748364800, usedBytes: 0, remainingBytes: 214748364800 },
  photoMaxBytes: 209715200,
  videoMaxBytes: GiB,
  videoAllowance: { kind: 'unlimited' },
  videosUploaded: 5,
  setsCreated: 27,
  itemLimit: undefined,
};

export function freeStatus(uploadCount: number, uploadLimit = 1000): UploadStatus {
  return {
    ...proStatus,
    nsid: '124857539@N03',
    username: 'jinxlib',
    isPro: false,
    videoAllowance: { kind: 'limited', remaining: 2 },
    videosUploaded: 0,
    itemLimit: { uploadCount, uploadLimit, status: uploadCount < uploadLimit ? 'below_limit' : 'at_limit' },
  };
}

export function limitedBandwidthStatus(fractionLeft: number): UploadStatus {
  const maxBytes = GiB;
  const remainingBytes = Math.round(maxBytes * fractionLeft);
  return {
    ...proStatus,
    isPro: false,
    bandwidth: { unlimited: false, maxBytes, usedBytes: maxBytes - remainingBytes, remainingBytes },
  };
}
