/** UploadStatus values shaped like the Flickr replies in test/fixtures/flickr. */
import type { AccountLimits, UploadStatus } from '../../../src/flickr/types';

const MB = 1024 * 1024;
const GB = 1024 * MB;

export function proStatus(overrides: Partial<UploadStatus> = {}): UploadStatus {
  return {
    nsid: '12345678@N00',
    username: 'jane_pro',
    isPro: true,
    proBadge: 'standard',
    // unlimited="1": the byte figures are placeholders.
    bandwidth: { unlimited: true, maxBytes: 214748364800, usedBytes: 0, remainingBytes: 214748364800 },
    photoMaxBytes: 200 * MB,
    videoMaxBytes: 1 * GB,
    videoAllowance: { kind: 'unlimited' },
    videosUploaded: 4,
    setsCreated: 2,
    itemLimit: undefined,
    ...overrides,
  };
}

export function freeStatus(
  uploadCount: number,
  overrides: Partial<UploadStatus> = {},
  status: string | undefined = 'below_limit',
): UploadStatus {
  return {
    nsid: '87654321@N00',
    username: 'sam_free',
    isPro: false,
    proBadge: undefined,
    bandwidth: { unlimited: true, maxBytes: 2 * GB, usedBytes: 0, remainingBytes: 2 * GB },
    photoMaxBytes: 200 * MB,
    videoMaxBytes: 1 * GB,
    videoAllowance: { kind: 'limited', remaining: 2 },
    videosUploaded: 0,
    setsCreated: undefined,
    itemLimit: { uploadCount, uploadLimit: 1000, status },
    ...overrides,
  };
}

/** 92 MB left of 1 GB this month. */
export const LIMITED_BANDWIDTH = {
  unlimited: false,
  maxBytes: 1 * GB,
  usedBytes: 1 * GB - 92 * MB,
  remainingBytes: 92 * MB,
};

export const FREE_LIMITS: AccountLimits = {
  nsid: '87654321@N00',
  photoMaxDisplayPx: 1024,
  photoMaxBytes: 200 * MB,
  videoMaxBytes: 1 * GB,
  videoMaxSeconds: 180,
};
