import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FlickrFailure } from '../../../src/flickr/errors';
import type { UploadStatus } from '../../../src/flickr/types';
import type { BadgeInput, BadgeStateName } from '../../../src/quota/badge';
import { BADGE_STATES, compactCount, decideBadge } from '../../../src/quota/badge';
import type { CredentialSource, LastAttempt, Session } from '../../../src/state';
import { catalogueTranslate } from '../../support/i18n';
import { dated, free2014, freeAccount, limitedBandwidth, limitedVideos } from './statuses';

process.env.TZ = 'UTC';

const t = catalogueTranslate();
const NOW = Date.UTC(2026, 2, 4, 12, 0);
const MINUTE = 60_000;
const POLL = 360 * MINUTE;
const account = { nsid: '12037949754@N01', username: 'Bees', fullname: 'Bees' };
const signedIn: Session = { state: 'signed-in', account };
const PRODUCT = 'Quota Badge for Flickr';

function input(status: UploadStatus | null, overrides: Partial<BadgeInput> = {}): BadgeInput {
  return {
    session: signedIn,
    credentialSource: 'build',
    status: status && dated(status, NOW - 5 * MINUTE),
    lastAttempt: { at: NOW - 5 * MINUTE, outcome: 'ok' },
    now: NOW,
    pollIntervalMs: POLL,
    thresholds: { amberPercent: 25, redPercent: 10 },
    ...overrides,
  };
}

const badge = (i: BadgeInput, lang = 'en') => decideBadge(i, t, lang);
const failed = (failure: FlickrFailure): LastAttempt => ({ at: NOW - MINUTE, outcome: 'failed', failure });
const itemsOnly = (count: number) => freeAccount(count, { videoAllowance: { kind: 'unlimited' } });

describe('every badge state', () => {
  const cases: [string, BadgeInput, BadgeStateName, string, string][] = [
    [
      'no API key',
      input(itemsOnly(10), { credentialSource: 'none' }),
      'no-api-key',
      '!',
      'no Flickr API key set — open the options page to add one',
    ],
    [
      'signed out',
      input(null, { session: { state: 'signed-out' } }),
      'signed-out',
      '!',
      'sign in needed — click to sign in',
    ],
    [
      'revoked (figures kept)',
      input(itemsOnly(10), { session: { state: 'revoked', account } }),
      'revoked',
      '!',
      'Flickr no longer accepts this sign-in — click to sign in again',
    ],
    [
      'error 98 on the last call',
      input(itemsOnly(10), { lastAttempt: failed({ kind: 'api', code: 98, message: 'Invalid token' }) }),
      'revoked',
      '!',
      'Flickr no longer accepts this sign-in — click to sign in again',
    ],
    [
      'error 100 on the last call',
      input(itemsOnly(10), { lastAttempt: failed({ kind: 'api', code: 100, message: 'Invalid API Key' }) }),
      'key-rejected',
      '!',
      'Flickr refused the API key — check it on the options page',
    ],
    [
      'signing in',
      input(null, { session: { state: 'signing-in', since: NOW } }),
      'signing-in',
      '…',
      'signing in…',
    ],
    ['no figures yet', input(null, { lastAttempt: null }), 'loading', '…', 'signed in, loading your upload limits…'],
    [
      'no figures, first call failed',
      input(null, { lastAttempt: failed({ kind: 'network', detail: 'Failed to fetch' }) }),
      'unavailable',
      '?',
      'no figures yet — last refresh failed: No connection',
    ],
    [
      'nothing limited',
      input(free2014),
      'unlimited',
      '∞',
      'no upload limits on this account · updated at 11:55 AM',
    ],
    [
      'plenty of items',
      input(itemsOnly(500)),
      'plenty',
      '500',
      '500 items left of 1,000 (free account) · updated at 11:55 AM',
    ],
    [
      'items at 25 %',
      input(itemsOnly(750)),
      'low',
      '250',
      '250 items left of 1,000 (free account) — running low · updated at 11:55 AM',
    ],
    [
      'items at 10 %',
      input(itemsOnly(900)),
      'critical',
      '100',
      '100 items left of 1,000 (free account) — almost used up · updated at 11:55 AM',
    ],
    [
      'one item left',
      input(itemsOnly(999)),
      'critical',
      '1',
      '1 item left of 1,000 (free account) — almost used up · updated at 11:55 AM',
    ],
    [
      'item limit reached',
      input(itemsOnly(1000)),
      'used-up',
      '0',
      'item limit reached: no items left of 1,000 (free account) · updated at 11:55 AM',
    ],
    [
      'bandwidth at 9 %',
      input(limitedBandwidth(0.09 * 1024 ** 3)),
      'critical',
      '9%',
      '9% of monthly bandwidth left (92 MB) — almost used up · updated at 11:55 AM',
    ],
    [
      'bandwidth used up',
      input(limitedBandwidth(0)),
      'used-up',
      '0%',
      'monthly bandwidth used up (1 GB) · updated at 11:55 AM',
    ],
    [
      'two videos left of five',
      input(limitedVideos(2, 3)),
      'plenty',
      '2▶',
      '2 video uploads left · updated at 11:55 AM',
    ],
    [
      'one video left of four',
      input(limitedVideos(1, 3)),
      'low',
      '1▶',
      '1 video upload left — running low · updated at 11:55 AM',
    ],
    [
      'no videos left',
      input(limitedVideos(0, 2)),
      'used-up',
      '0▶',
      'no video uploads left · updated at 11:55 AM',
    ],
    [
      'last refresh failed',
      input(itemsOnly(990), { lastAttempt: failed({ kind: 'http', status: 503, retryAfterSeconds: undefined }) }),
      'failed',
      '10',
      '10 items left of 1,000 (free account) · updated at 11:55 AM · last refresh failed: Flickr unavailable',
    ],
    [
      'call cap',
      input(itemsOnly(990), {
        lastAttempt: { at: NOW, outcome: 'held', reason: 'call-cap', until: Date.UTC(2026, 2, 4, 14, 30) },
      }),
      'held',
      '10',
      '10 items left of 1,000 (free account) · updated at 11:55 AM · Too many requests; Refresh works again at 2:30 PM.',
    ],
    [
      'stale figures',
      input(free2014, { status: dated(free2014, NOW - 2 * POLL - 1) }),
      'stale',
      '∞',
      'no upload limits on this account · may be out of date: updated at Tue 11:59 PM',
    ],
  ];

  it.each(cases)('%s', (_, i, state, text, sentence) => {
    expect(badge(i)).toEqual({
      state,
      text,
      color: BADGE_STATES[state].color,
      title: `${PRODUCT}: ${sentence}`,
    });
  });

  it('the table lists every state the cases reach, and the cases reach every state', () => {
    expect(new Set(cases.map((c) => c[2]))).toEqual(new Set(Object.keys(BADGE_STATES)));
  });
});

describe('colours', () => {
  const GREEN = BADGE_STATES.plenty.color;
  const AMBER = BADGE_STATES.low.color;
  const RED = BADGE_STATES.critical.color;
  const GREY = BADGE_STATES.stale.color;

  it('red for attention, grey for waiting or old figures', () => {
    for (const s of ['no-api-key', 'key-rejected', 'signed-out', 'revoked', 'critical', 'used-up'] as const) {
      expect(BADGE_STATES[s].color).toBe(RED);
    }
    for (const s of ['signing-in', 'loading', 'unavailable', 'failed', 'held', 'stale'] as const) {
      expect(BADGE_STATES[s].color).toBe(GREY);
    }
    expect(BADGE_STATES.unlimited.color).toBe(GREEN);
    expect(new Set([GREEN, AMBER, RED, GREY]).size).toBe(4);
  });

  it.each([
    ['items 251 left', itemsOnly(749), GREEN],
    ['items 250 left', itemsOnly(750), AMBER],
    ['items 101 left', itemsOnly(899), AMBER],
    ['items 100 left', itemsOnly(900), RED],
    ['bandwidth 25 % + 1 byte', limitedBandwidth(251, 1000), GREEN],
    ['bandwidth 25 %', limitedBandwidth(250, 1000), AMBER],
    ['bandwidth 10 % + 1 byte', limitedBandwidth(101, 1000), AMBER],
    ['bandwidth 10 %', limitedBandwidth(100, 1000), RED],
    ['bandwidth 25 % of 1 GiB', limitedBandwidth(1024 ** 3 / 4), AMBER],
    ['bandwidth 10 % of 200 GiB', limitedBandwidth(21474836480, 214748364800), RED],
    ['videos 1 of 4', limitedVideos(1, 3), AMBER],
    ['videos 1 of 10', limitedVideos(1, 9), RED],
    ['videos 1, total unknown', limitedVideos(1, undefined), GREEN],
  ])('%s', (_, status, color) => {
    expect(badge(input(status)).color).toBe(color);
  });

  it('follows the thresholds from the settings', () => {
    const thresholds = { amberPercent: 60, redPercent: 50 };
    expect(badge(input(itemsOnly(390), { thresholds })).color).toBe(GREEN);
    expect(badge(input(itemsOnly(400), { thresholds })).color).toBe(AMBER);
    expect(badge(input(itemsOnly(500), { thresholds })).color).toBe(RED);
    const none = { amberPercent: 1, redPercent: 0 };
    expect(badge(input(itemsOnly(999), { thresholds: none })).color).toBe(AMBER);
    expect(badge(input(itemsOnly(1000), { thresholds: none })).color).toBe(RED);
  });

  // WCAG 2 relative luminance; Chrome draws badge text in white.
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  it.each(Object.entries(BADGE_STATES))('%s: white text has at least 3:1 contrast', (_, { color }) => {
    expect(color).toMatch(/^#[0-9a-f]{6}$/);
    expect(1.05 / (luminance(color) + 0.05)).toBeGreaterThanOrEqual(3);
  });
});

describe('precedence', () => {
  it('a missing API key comes before everything', () => {
    expect(badge(input(null, { credentialSource: 'none', session: { state: 'signed-out' } })).state).toBe('no-api-key');
  });
  it('a failure wins over staleness, and says how old the figures are', () => {
    const old = input(itemsOnly(10), {
      status: dated(itemsOnly(10), NOW - 3 * 24 * 60 * MINUTE),
      lastAttempt: failed({ kind: 'timeout', afterMs: 30_000 }),
    });
    const view = badge(old);
    expect(view.state).toBe('failed');
    expect(view.title).toContain('updated at Sun 12:00 PM');
    expect(view.title).toContain('No answer from Flickr');
  });
  it('exactly 2 × the poll interval old is not stale yet', () => {
    expect(badge(input(free2014, { status: dated(free2014, NOW - 2 * POLL) })).state).toBe('unlimited');
  });
  it('signing in shows no figures even when some are stored', () => {
    expect(badge(input(itemsOnly(10), { session: { state: 'signing-in', since: NOW } })).text).toBe('…');
  });
});

describe('failure words in the tooltip', () => {
  it.each<[FlickrFailure, string]>([
    [{ kind: 'api', code: 105, message: 'Service currently unavailable' }, 'Flickr unavailable'],
    [{ kind: 'bad-body', reason: 'html', detail: '<html>' }, 'Flickr unavailable'],
    [{ kind: 'network', detail: 'offline' }, 'No connection'],
    [{ kind: 'timeout', afterMs: 30_000 }, 'No answer from Flickr'],
    [{ kind: 'http', status: 429, retryAfterSeconds: 60 }, 'Too many requests'],
    [{ kind: 'api', code: 999, message: '?' }, 'Flickr error 999'],
  ])('%j', (failure, words) => {
    const view = badge(input(itemsOnly(990), { lastAttempt: failed(failure) }));
    expect(view.state).toBe('failed');
    expect(view.text).toBe('10');
    expect(view.title).toContain(`last refresh failed: ${words}`);
  });

  it.each([
    ['backoff', 'Flickr had trouble answering; the next try is at 2:30 PM.'],
    ['offline', 'No connection to Flickr. Check your connection.'],
  ] as const)('held: %s', (reason, words) => {
    const lastAttempt: LastAttempt = { at: NOW, outcome: 'held', reason, until: Date.UTC(2026, 2, 4, 14, 30) };
    expect(badge(input(limitedBandwidth(1024 ** 3 / 2), { lastAttempt })).title).toBe(
      `${PRODUCT}: 50% of monthly bandwidth left (512 MB) · updated at 11:55 AM · ${words}`,
    );
  });
});

describe('numbers follow the UI language', () => {
  it('German grouping and decimals in the tooltip, plain digits on the badge', () => {
    const view = badge(input(limitedBandwidth(1.5 * 1024 ** 3, 10 * 1024 ** 3)), 'de');
    expect(view.text).toBe('15%');
    expect(view.title).toContain('15\u00a0% of monthly bandwidth left (1,5 GB)');
    expect(badge(input(itemsOnly(0)), 'de').title).toContain('1.000 items left of 1.000');
  });
  it('Arabic digits on the badge', () => {
    expect(badge(input(itemsOnly(880)), 'ar-EG').text).toBe('١٢٠');
    expect(badge(input(limitedVideos(2, 3)), 'ar-EG').text).toBe('٢▶');
  });
});

describe('badge text', () => {
  it('compactCount rounds down and fits the width', () => {
    expect(compactCount(9999, 4, 'en')).toBe('9999');
    expect(compactCount(12_345, 4, 'en')).toBe('12k');
    expect(compactCount(999, 3, 'en')).toBe('999');
    expect(compactCount(1999, 3, 'en')).toBe('1k');
    expect(compactCount(99_999_999, 3, 'en')).toBe('99M');
    expect(compactCount(123_456_789, 3, 'en')).toBe('99M');
    expect(compactCount(123_456_789, 4, 'en')).toBe('123M');
    expect(compactCount(0, 3, 'en')).toBe('0');
    expect(compactCount(-4, 3, 'en')).toBe('0');
    expect(compactCount(12_345, 4, 'ar-EG')).toBe('١٢k');
  });

  const langs = fc.constantFrom('en', 'de', 'ja', 'ar-EG', 'hi-IN-u-nu-deva', 'fr', 'zh-Hans-CN-u-nu-hanidec');
  const session = fc.constantFrom<Session>(
    { state: 'signed-out' },
    { state: 'signing-in', since: NOW },
    signedIn,
    signedIn,
    signedIn,
    { state: 'revoked', account },
  );
  const failure = fc.constantFrom<FlickrFailure>(
    { kind: 'api', code: 105, message: '' },
    { kind: 'api', code: 98, message: '' },
    { kind: 'api', code: 100, message: '' },
    { kind: 'api', code: 2, message: '' },
    { kind: 'oauth', status: 401, problem: 'signature_invalid' },
    { kind: 'http', status: 502, retryAfterSeconds: undefined },
    { kind: 'http', status: 404, retryAfterSeconds: undefined },
    { kind: 'bad-body', reason: 'json', detail: '' },
    { kind: 'timeout', afterMs: 1 },
    { kind: 'network', detail: '' },
  );
  const lastAttempt = fc.option(
    fc.oneof(
      fc.constant<LastAttempt>({ at: NOW, outcome: 'ok' }),
      failure.map<LastAttempt>((f) => ({ at: NOW, outcome: 'failed', failure: f })),
      fc
        .constantFrom('call-cap', 'backoff', 'offline' as const)
        .map<LastAttempt>((reason) => ({ at: NOW, outcome: 'held', reason, until: NOW + 3_600_000 })),
    ),
    { nil: null },
  );
  const status = fc.record({
    count: fc.integer({ min: 0, max: 2_000_000 }),
    limit: fc.option(fc.integer({ min: -1, max: 2_000_000 }), { nil: undefined }),
    unlimited: fc.boolean(),
    maxBytes: fc.integer({ min: 0, max: 2 ** 50 }),
    remainingBytes: fc.integer({ min: -1000, max: 2 ** 50 }),
    videos: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: undefined }),
    uploaded: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
    ageMs: fc.integer({ min: -MINUTE, max: 60 * 24 * 60 * MINUTE }),
  });

  it('is never longer than 4 characters, and the tooltip always names the product', () => {
    fc.assert(
      fc.property(
        langs,
        session,
        fc.constantFrom<CredentialSource>('options', 'build', 'none'),
        fc.option(status, { nil: null }),
        lastAttempt,
        (lang, s, credentialSource, figures, attempt) => {
          const uploadStatus: UploadStatus | null = figures && {
            ...free2014,
            bandwidth: {
              unlimited: figures.unlimited,
              maxBytes: figures.maxBytes,
              usedBytes: 0,
              remainingBytes: figures.remainingBytes,
            },
            videoAllowance:
              figures.videos === undefined ? { kind: 'unlimited' } : { kind: 'limited', remaining: figures.videos },
            videosUploaded: figures.uploaded,
            itemLimit:
              figures.limit === undefined
                ? undefined
                : { uploadCount: figures.count, uploadLimit: figures.limit, status: 'below_limit' },
          };
          const view = decideBadge(
            {
              ...input(null),
              session: s,
              credentialSource,
              status: uploadStatus && dated(uploadStatus, NOW - (figures?.ageMs ?? 0)),
              lastAttempt: attempt,
            },
            t,
            lang,
          );
          expect([...view.text].length).toBeGreaterThan(0);
          expect([...view.text].length).toBeLessThanOrEqual(4);
          expect(view.color).toBe(BADGE_STATES[view.state].color);
          expect(view.title.startsWith(`${PRODUCT}: `)).toBe(true);
          expect(view.title).not.toMatch(/\$|⟦|undefined|NaN/);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('a refused key stopped a sign-in', () => {
  it('points to the options page, not to signing in again', () => {
    const view = badge(
      input(null, {
        session: { state: 'signed-out' },
        lastAttempt: failed({ kind: 'oauth', status: 401, problem: 'signature_invalid' }),
      }),
    );
    expect(view).toMatchObject({ state: 'key-rejected', text: '!' });
    expect(view.title).toMatch(/API key/);
    // An ordinary signed-out state still asks to sign in.
    expect(badge(input(null, { session: { state: 'signed-out' }, lastAttempt: null })).state).toBe('signed-out');
  });
});
