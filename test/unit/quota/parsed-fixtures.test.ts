/** The whole chain on the emulator's synthetic replies: parser → gauges → badge. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUploadStatus } from '../../../src/flickr/parse';
import { decideBadge } from '../../../src/quota/badge';
import { itemLimitView, mostConstraining } from '../../../src/quota/gauges';
import { catalogueTranslate } from '../../support/i18n';

const parsed = (name: string) =>
  parseUploadStatus(readFileSync(new URL(`../../fixtures/flickr/${name}`, import.meta.url), 'utf8'));

describe.each([
  ['synthetic-free-2014-getUploadStatus.xml', undefined, { kind: 'none' }, '∞', 'unlimited'],
  ['synthetic-free-near-limit-getUploadStatus.xml', 'items', { kind: 'counted', used: 990, limit: 1000, left: 10, over: false }, '10', 'critical'],
  ['synthetic-free-at-limit-getUploadStatus.xml', 'items', { kind: 'counted', used: 1000, limit: 1000, left: 0, over: false }, '0', 'used-up'],
  ['synthetic-free-over-limit-getUploadStatus.xml', 'items', { kind: 'counted', used: 1003, limit: 1000, left: 0, over: true }, '0', 'used-up'],
  // 85899345 of 1 GiB is just under 8 % (shown rounded down); 1 of 5 videos is 20 %.
  ['synthetic-limited-bandwidth-getUploadStatus.xml', 'bandwidth', { kind: 'counted', used: 420, limit: 1000, left: 580, over: false }, '7%', 'critical'],
  ['synthetic-no-videos-left-getUploadStatus.xml', 'videos', { kind: 'counted', used: 640, limit: 1000, left: 360, over: false }, '0▶', 'used-up'],
])('%s', (file, kind, itemView, text, state) => {
  const status = parsed(file);
  it('most constraining quota and item limit', () => {
    expect(mostConstraining(status)?.kind).toBe(kind);
    expect(itemLimitView(status)).toEqual(itemView);
  });
  it('badge', () => {
    const now = 1_700_000_000_000;
    const view = decideBadge(
      {
        session: { state: 'signed-in', account: { nsid: status.nsid, username: 'Bees', fullname: '' } },
        credentialSource: 'build',
        status: { value: status, fetchedAt: now },
        lastAttempt: { at: now, outcome: 'ok' },
        now,
        pollIntervalMs: 3_600_000,
        thresholds: { amberPercent: 25, redPercent: 10 },
      },
      catalogueTranslate(),
      'en',
    );
    expect([view.text, view.state]).toEqual([text, state]);
  });
});
