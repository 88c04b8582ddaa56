import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatAge,
  formatBytes,
  formatClockTime,
  formatCount,
  formatDuration,
  formatPercent,
  wholePercentLeft,
} from '../../../src/quota/format';
import { catalogueTranslate } from '../../support/i18n';

const MB = 1024 ** 2;
const GB = 1024 ** 3;
const NBSP = '\u00a0';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1,023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [209715200, '200 MB'],
    [1073741824, '1 GB'],
    [2147483648, '2 GB'],
    [214748364800, '200 GB'],
    [1536 * MB, '1.5 GB'],
    [0.09 * GB, '92 MB'],
    [1023.96 * MB, '1 GB'],
    [9.96 * MB, '10 MB'],
    [12.6 * MB, '13 MB'],
    [5 * 1024 * GB, '5 TB'],
    [2000 * 1024 * GB, '2,000 TB'],
  ])('%d bytes in English is %s', (bytes, text) => {
    expect(formatBytes(bytes, 'en')).toBe(text);
  });

  it.each([
    ['de', 1536 * MB, '1,5 GB'],
    ['de', 214748364800, '200 GB'],
    ['de', 1023, '1.023 B'],
    ['ja', 1536 * MB, '1.5 GB'],
    ['ja', 209715200, '200 MB'],
  ])('%s: %d bytes is %s', (lang, bytes, text) => {
    expect(formatBytes(bytes, lang)).toBe(text);
  });

  it('never shows more than one decimal, nor a trailing .0, nor more than 4 significant digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (bytes) => {
        const [number, unit] = formatBytes(bytes, 'en').split(' ');
        expect(['B', 'KB', 'MB', 'GB', 'TB']).toContain(unit);
        expect(number).toMatch(/^\d{1,3}(,\d{3})?(\.[1-9])?$/);
        expect(number).not.toMatch(/\.\d{2}/);
      }),
    );
  });

  it('is close to the real size: within 5 % once above 1 KB', () => {
    const factor = { B: 1, KB: 1024, MB: MB, GB: GB, TB: 1024 * GB } as const;
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 2 ** 45 }), (bytes) => {
        const [number = '', unit = ''] = formatBytes(bytes, 'en').split(' ');
        const shown = Number(number.replace(/,/g, '')) * factor[unit as keyof typeof factor];
        expect(Math.abs(shown - bytes) / bytes).toBeLessThan(0.05);
      }),
    );
  });
});

describe('formatCount', () => {
  it.each([
    ['en', 1000, '1,000'],
    ['de', 1000, '1.000'],
    ['ja', 1000, '1,000'],
    ['en', 0, '0'],
    ['de', 214748364800, '214.748.364.800'],
  ])('%s: %d is %s', (lang, n, text) => {
    expect(formatCount(n, lang)).toBe(text);
  });
});

describe('formatPercent', () => {
  it.each([
    ['en', 0.099, '9%'],
    ['de', 0.099, `9${NBSP}%`],
    ['ja', 0.099, '9%'],
    ['en', 0.29, '29%'],
    ['en', 0.25, '25%'],
    ['en', 1, '100%'],
    ['en', 1.5, '100%'],
    ['en', 0, '0%'],
    ['en', -0.2, '0%'],
    ['en', 0.01, '1%'],
    ['en', 0.0099, '<1%'],
    ['de', 0.0001, `<1${NBSP}%`],
    ['ja', 0.005, '<1%'],
  ])('%s: %d is %s', (lang, fraction, text) => {
    expect(formatPercent(fraction, lang)).toBe(text);
  });

  it('never rounds up, and only an empty quota reads 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (left, total) => {
        fc.pre(left <= total);
        const percent = wholePercentLeft(left / total);
        expect(percent * total).toBeLessThanOrEqual(left * 100);
        expect((percent + 1) * total).toBeGreaterThan(left * 100);
        if (left > 0) expect(formatPercent(left / total, 'en')).not.toBe('0%');
      }),
    );
  });
});

describe('formatAge', () => {
  const t = catalogueTranslate();
  const MINUTE = 60_000;
  it.each([
    ['en', 0, 'just now'],
    ['en', 59_999, 'just now'],
    ['en', -5 * MINUTE, 'just now'],
    ['en', MINUTE, '1 minute ago'],
    ['en', 5 * MINUTE + 59_000, '5 minutes ago'],
    ['en', 60 * MINUTE, '1 hour ago'],
    ['en', 23 * 60 * MINUTE + 59 * MINUTE, '23 hours ago'],
    ['en', 24 * 60 * MINUTE, 'yesterday'],
    ['en', 3 * 24 * 60 * MINUTE, '3 days ago'],
    ['de', 5 * MINUTE, 'vor 5 Minuten'],
    ['de', 2 * 60 * MINUTE, 'vor 2 Stunden'],
    ['de', 3 * 24 * 60 * MINUTE, 'vor 3 Tagen'],
    ['ja', 5 * MINUTE, '5 分前'],
    ['ja', 24 * 60 * MINUTE, '昨日'],
  ])('%s: %d ms is %s', (lang, age, text) => {
    expect(formatAge(age, lang, t)).toBe(text);
  });

  it('says "now" in the UI language when no catalogue is given', () => {
    expect(formatAge(10_000, 'en')).toBe('now');
    expect(formatAge(10_000, 'de')).toBe('jetzt');
  });
});

describe('formatDuration', () => {
  it.each([
    ['en', 180, '3 min'],
    ['en', 5400, '1 hr 30 min'],
    ['en', 45, '45 sec'],
    ['en', 90, '1 min 30 sec'],
    ['en', 3725, '1 hr 2 min 5 sec'],
    ['en', 3600, '1 hr'],
    ['en', 0, '0 sec'],
    ['en', 179.6, '3 min'],
    ['de', 180, '3 Min.'],
    ['de', 45, '45 Sek.'],
    ['ja', 180, '3 分'],
    ['ja', 3600, '1 時間'],
  ])('%s: %d s is %s', (lang, seconds, text) => {
    expect(formatDuration(seconds, lang)).toBe(text);
  });
});

describe('formatClockTime', () => {
  // Forked test workers honour a runtime TZ change; this keeps the expected text fixed.
  process.env.TZ = 'UTC';
  const now = Date.UTC(2026, 2, 4, 12, 0); // a Wednesday
  it('shows the time alone within the next day', () => {
    expect(formatClockTime(Date.UTC(2026, 2, 4, 14, 30), now, 'en')).toBe('2:30 PM');
    expect(formatClockTime(Date.UTC(2026, 2, 4, 14, 30), now, 'de')).toBe('14:30');
  });
  it('adds the weekday further ahead', () => {
    expect(formatClockTime(Date.UTC(2026, 2, 6, 9, 5), now, 'en')).toBe('Fri 9:05 AM');
  });
});

describe('formatPastClockTime', () => {
  const now = Date.UTC(2026, 2, 4, 12, 0); // a Wednesday, in UTC (the unit project runs with TZ=UTC)
  it('gives the time the same day, the weekday within the week, else the date', async () => {
    const { formatPastClockTime } = await import('../../../src/quota/format');
    expect(formatPastClockTime(now - 5 * 60_000, now, 'en')).toBe('11:55 AM');
    expect(formatPastClockTime(now - 26 * 3600_000, now, 'en')).toBe('Tue 10:00 AM');
    expect(formatPastClockTime(now - 10 * 86400_000, now, 'en')).toBe('Feb 22, 12:00 PM');
    expect(formatPastClockTime(now - 5 * 60_000, now, 'de')).toBe('11:55');
  });
});
