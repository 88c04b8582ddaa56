/** UploadStatus objects built by hand for the quota tests (the parser is tested elsewhere). */
import type { UploadStatus } from '../../../src/flickr/types';
import type { Dated } from '../../../src/state';

const GiB = 1024 ** 3;

/** test/fixtures/flickr/doc-example-getUploadStatus.xml: Pro, 2 GiB bandwidth, 5 videos, lots left. */
export const docExample: UploadStatus = {
  nsid: '12037949754@N01',
  username: 'Bees',
  isPro: true,
  proBadge: undefined,
  bandwidth: { unlimited: false, maxBytes: 2147483648, usedBytes: 383724, remainingBytes: 2147099924 },
  photoMaxBytes: 10485760,
  videoMaxBytes: undefined,
  videoAllowance: { kind: 'unlimited' },
  videosUploaded: 5,
  setsCreated: 27,
  itemLimit: undefined,
};

/** test/fixtures/flickr/free-2014-getUploadStatus.json: free, unlimited="1" placeholder figures. */
export const free2014: UploadStatus = {
  nsid: '124857539@N03',
  username: 'jinxlib',
  isPro: false,
  proBadge: undefined,
  bandwidth: { unlimited: true, maxBytes: 214748364800, usedBytes: 0, remainingBytes: 214748364800 },
  photoMaxBytes: 209715200,
  videoMaxBytes: 1073741824,
  videoAllowance: { kind: 'unlimited' },
  videosUploaded: 0,
  setsCreated: 18,
  itemLimit: undefined,
};

/** A 2019+ free account: unlimited bandwidth, 1,000-item limit, 2 videos left. */
export function freeAccount(uploadCount: number, overrides: Partial<UploadStatus> = {}): UploadStatus {
  return {
    ...free2014,
    nsid: '12037949754@N01',
    username: 'Bees',
    proBadge: '',
    videoAllowance: { kind: 'limited', remaining: 2 },
    videosUploaded: 3,
    itemLimit: { uploadCount, uploadLimit: 1000, status: uploadCount < 1000 ? 'below_limit' : 'at_limit' },
    ...overrides,
  };
}

/** A Pro account with a limited monthly bandwidth and no other limit. */
export function limitedBandwidth(remainingBytes: number, maxBytes = GiB): UploadStatus {
  return {
    ...docExample,
    bandwidth: { unlimited: false, maxBytes, usedBytes: maxBytes - remainingBytes, remainingBytes },
  };
}

/** Only the video allowance is limited. */
export function limitedVideos(remaining: number, uploaded: number | undefined): UploadStatus {
  return {
    ...free2014,
    videoAllowance: { kind: 'limited', remaining },
    videosUploaded: uploaded,
  };
}

export function dated<T>(value: T, fetchedAt: number): Dated<T> {
  return { value, fetchedAt };
}
