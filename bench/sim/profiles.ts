/**
 * The user mix of the call-budget simulation, and how each account's figures move when its
 * owner uploads from this browser. Statuses come from test/support/statuses.ts.
 */
import type { UploadStatus } from '../../src/flickr/types';
import { freeStatus, limitedBandwidthStatus, proStatus } from '../../test/support/statuses';

const MB = 1024 * 1024;

/** One upload session in this browser: the upload page from `startHour` for `minutes`. */
export interface UploadSession {
  /** Hours after midnight, in the browser's awake time. */
  startHour: number;
  minutes: number;
  files: number;
  bytes: number;
}

export interface Profile {
  id: string;
  description: string;
  initial: UploadStatus;
  /** Upload sessions on simulated day `day` (0-based; day 0 is a Monday). */
  uploads(day: number): UploadSession[];
}

export const PROFILES: readonly Profile[] = [
  {
    id: 'pro-rare',
    description: 'Pro, rarely uploads (one session every two weeks)',
    initial: proStatus,
    uploads: (day) => (day % 14 === 4 ? [{ startHour: 10.5, minutes: 20, files: 30, bytes: 300 * MB }] : []),
  },
  {
    id: 'free-far',
    description: 'free, 300 of 1,000 items, uploads twice a week',
    initial: freeStatus(300),
    uploads: (day) => (day % 7 === 1 || day % 7 === 5 ? [{ startHour: 18, minutes: 15, files: 8, bytes: 40 * MB }] : []),
  },
  {
    id: 'free-near',
    description: 'free, 45 items left of 1,000, uploads one photo daily',
    initial: freeStatus(955),
    uploads: () => [{ startHour: 9.25, minutes: 5, files: 1, bytes: 5 * MB }],
  },
  {
    id: 'heavy-bandwidth',
    description: 'heavy uploader, 1 GB monthly bandwidth, two sessions a day (≈ 34 MB/day, month starts on day 0)',
    initial: limitedBandwidthStatus(1),
    uploads: () => [
      { startHour: 10.5, minutes: 20, files: 6, bytes: 17 * MB },
      { startHour: 16.5, minutes: 20, files: 6, bytes: 17 * MB },
    ],
  },
];

/** The account as Flickr sees it: the status after every upload made so far. */
export class Account {
  private value: UploadStatus;

  constructor(initial: UploadStatus) {
    this.value = structuredClone(initial);
  }

  get status(): UploadStatus {
    return this.value;
  }

  uploaded(session: UploadSession): void {
    const next = structuredClone(this.value);
    if (next.itemLimit) next.itemLimit = { ...next.itemLimit, uploadCount: next.itemLimit.uploadCount + session.files };
    if (!next.bandwidth.unlimited) {
      const used = Math.min(next.bandwidth.maxBytes, next.bandwidth.usedBytes + session.bytes);
      next.bandwidth = { ...next.bandwidth, usedBytes: used, remainingBytes: next.bandwidth.maxBytes - used };
    }
    this.value = next;
  }
}
