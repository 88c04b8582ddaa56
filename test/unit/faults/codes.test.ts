/**
 * Fault catalogue, Flickr's error codes: every documented code of getUploadStatus (95–116) and
 * unknown ones, from the body through the client to what the scheduler, popup and badge do.
 * Time-driven parts (105 storms, Retry-After) run the real Poller on the fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlickrClient, type FetchLike } from '../../../src/flickr/client';
import { FlickrError, type FlickrFailure } from '../../../src/flickr/errors';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, DAY, HOUR, MINUTE } from '../../../src/schedule/policy';
import { AFTER_UPLOAD_ALARM, POLL_ALARM } from '../../../src/schedule/poller';
import { escapeXml } from '../../emulator/fixtures';
import { DEMO_CONSUMER, startEmulator, type Emulator } from '../../emulator/server';
import { FakeWorld } from '../../support/fake-world';
import { emulatorFetch } from './emulator-fetch';
import { badgeOf, expectFiguresKept, GREY, meetFault, NEAR_LIMIT, popupNotice, RED, t } from './survival';

const access = { token: 'at', secret: 'as' };

async function failureOf(call: Promise<unknown>): Promise<FlickrFailure> {
  try {
    await call;
  } catch (error) {
    if (error instanceof FlickrError) return error.failure;
    throw error;
  }
  throw new Error('the call succeeded');
}

/** What the client makes of Flickr's `<err code msg>` reply (HTTP 200, as Flickr sends it). */
function codeFailure(code: number, msg: string): Promise<FlickrFailure> {
  const body = `<?xml version="1.0" encoding="utf-8" ?>\n<rsp stat="fail">\n\t<err code="${code}" msg="${escapeXml(msg)}" />\n</rsp>\n`;
  const fetch: FetchLike = async () => new Response(body, { status: 200, headers: { 'Content-Type': 'text/xml' } });
  return failureOf(createFlickrClient({ consumer: DEMO_CONSUMER, fetch }).getUploadStatus(access));
}

const AGE = '5 minutes ago';
type Behaviour = 'revoked' | 'key' | 'sign-in-again' | 'backoff' | 'normal';

/** Code → Flickr's message (never shown) → what the popup says → how polling goes on. */
const CODES: [number, string, string | undefined, Behaviour][] = [
  [95, 'SSL is required', t('error_ssl'), 'normal'],
  [96, 'Invalid signature', t('error_signature', [96]), 'normal'],
  [97, 'Missing signature', t('error_signature', [97]), 'normal'],
  [98, 'Invalid auth token', undefined, 'revoked'], // the revoked view says it, with its own button
  [99, 'Insufficient permissions', t('error_permission'), 'revoked'],
  [100, 'Invalid API Key (Key has expired)', t('error_api_key'), 'key'],
  [105, 'Service currently unavailable', t('error_unavailable_with_age', [AGE]), 'backoff'],
  [106, 'Write operation failed', t('error_unavailable_with_age', [AGE]), 'backoff'],
  [111, 'Format "xml" not found', t('error_request_bug', [111]), 'normal'],
  [112, 'Method "flickr.people.getUploadStatus" not found', t('error_request_bug', [112]), 'normal'],
  [114, 'Invalid SOAP envelope', t('error_request_bug', [114]), 'normal'],
  [115, 'Invalid XML-RPC Method Call', t('error_request_bug', [115]), 'normal'],
  [116, 'Bad URL found', t('error_request_bug', [116]), 'normal'],
  // Undocumented: in the gap, a low code, a far one, and a negative one.
  [101, 'Something new', t('error_api_other', [101]), 'normal'],
  [2, 'Unknown user', t('error_api_other', [2]), 'normal'],
  [999, 'Something unexpected happened', t('error_api_other', [999]), 'normal'],
  [-1, 'Odd', t('error_api_other', [-1]), 'normal'],
];

describe('Flickr error codes', () => {
  it.each(CODES)('code %i (%s)', async (code, msg, advice, behaviour) => {
    const failure = await codeFailure(code, msg);
    expect(failure).toEqual({ kind: 'api', code, message: msg });

    const after = await meetFault(failure);
    const { world } = after;
    expect(world.state.status).toEqual(after.good);
    expect(popupNotice(world)).toBe(advice);
    // Flickr's own msg varies between replies for one code: the user never sees it.
    expect(popupNotice(world) ?? '').not.toContain(msg);

    const badge = badgeOf(world);
    const nextPoll = world.alarms.get(POLL_ALARM);
    switch (behaviour) {
      case 'revoked':
        expect(world.state.session.state).toBe('revoked');
        expect(badge).toMatchObject({ state: 'revoked', text: '!', color: RED });
        expect(nextPoll).toBeUndefined();
        expect(world.alarms.has(AFTER_UPLOAD_ALARM)).toBe(false);
        await world.advanceBy(3 * DAY);
        expect(world.calls).toHaveLength(2);
        return;
      case 'key':
        expect(badge).toMatchObject({ state: 'key-rejected', text: '!', color: RED });
        expect(badge.title).toMatch(/API key/);
        break;
      case 'sign-in-again':
        expect(badge).toMatchObject({ state: 'revoked', text: '!', color: RED });
        break;
      case 'backoff':
        expectFiguresKept(after);
        expect(nextPoll! - world.now).toBeLessThanOrEqual(BACKOFF_BASE_MS);
        expect(world.schedule.consecutiveFailures).toBe(1);
        return;
      case 'normal':
        expectFiguresKept(after);
        break;
    }
    // Not a transient fault: no backoff, the regular interval (near the limit: shortened).
    expect(world.schedule.consecutiveFailures).toBe(0);
    expect(nextPoll! - world.now).toBeGreaterThan(BACKOFF_BASE_MS);
    expect(world.state.session.state).toBe('signed-in');
  });

  it('98 keeps the figures marked stale and resumes only after a new sign-in', async () => {
    const { world, good } = await meetFault(await codeFailure(98, 'Invalid token'));
    expect(world.state.session).toMatchObject({ state: 'revoked', account: { nsid: NEAR_LIMIT.nsid } });
    expect(world.state.status).toEqual(good);
    // Refresh is not offered, and an automatic refresh does nothing while revoked.
    expect(await world.poller.refresh('alarm')).toEqual({ kind: 'skipped', why: 'signed-out' });
    world.state.session = { state: 'signed-in', account: { nsid: NEAR_LIMIT.nsid, username: 'jinxlib', fullname: '' } };
    world.answer = NEAR_LIMIT;
    expect((await world.poller.refresh('sign-in')).kind).toBe('fetched');
    expect(world.alarms.has(POLL_ALARM)).toBe(true);
  });
});

describe('105 storm: exponential backoff with jitter and a cap, reset on success', () => {
  const unavailable: FlickrFailure = { kind: 'api', code: 105, message: 'Service currently unavailable' };

  /** The wait before each retry while Flickr keeps answering 105, over `failures` failures. */
  async function storm(seed: number, failures: number) {
    const world = new FakeWorld({ status: NEAR_LIMIT, seed });
    await world.poller.refresh('manual');
    world.answer = unavailable;
    await world.poller.refresh('alarm');
    const waits: number[] = [];
    for (let i = 1; i < failures; i++) {
      const next = world.alarms.get(POLL_ALARM)!;
      waits.push(next - world.now);
      await world.advanceTo(next);
    }
    waits.push(world.alarms.get(POLL_ALARM)! - world.now);
    return { world, waits };
  }

  it('each wait lies in [ceiling/2, ceiling] with ceiling = min(cap, 5 min · 2^(n-1))', async () => {
    const { waits } = await storm(7, 14);
    waits.forEach((wait, i) => {
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** i);
      expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
      expect(wait).toBeLessThanOrEqual(ceiling);
    });
    expect(Math.max(...waits)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    expect(waits.slice(-4).every((w) => w >= BACKOFF_CAP_MS / 2)).toBe(true);
  });

  it('is jittered: two installs in the same storm do not retry in lock-step', async () => {
    const a = await storm(1, 6);
    const b = await storm(2, 6);
    expect(a.waits).not.toEqual(b.waits);
    expect(new Set(a.waits.map((w, i) => w === b.waits[i])).has(false)).toBe(true);
  });

  it('a two-day storm costs a few dozen calls, and the popup keeps the figures with their age', async () => {
    const world = new FakeWorld({ status: NEAR_LIMIT });
    await world.poller.refresh('manual');
    world.answer = unavailable;
    const start = world.now;
    await world.advanceBy(2 * DAY);
    expect(world.callsSince(start)).toBeLessThanOrEqual(16);
    expect(world.calls.filter((c) => c.at > start && c.at <= start + HOUR).length).toBeLessThanOrEqual(4);
    expect(popupNotice(world)).toMatch(/^Flickr is unavailable right now; showing the last figures from (2 days ago|yesterday)\.$/);
    expect(badgeOf(world)).toMatchObject({ text: '10', color: GREY });
  });

  it('one success resets the backoff: the next wait is the regular interval again', async () => {
    const { world } = await storm(3, 8);
    world.answer = NEAR_LIMIT;
    await world.advanceTo(world.alarms.get(POLL_ALARM)!);
    expect(world.schedule).toMatchObject({ consecutiveFailures: 0, notBefore: null, hardNotBefore: null });
    expect(world.state.lastAttempt).toMatchObject({ outcome: 'ok' });
    world.answer = unavailable;
    await world.advanceTo(world.alarms.get(POLL_ALARM)!);
    expect(world.alarms.get(POLL_ALARM)! - world.now).toBeLessThanOrEqual(BACKOFF_BASE_MS);
  });

  it('the user can still press Refresh during a 105 backoff (it is not a hard hold)', async () => {
    const { world } = await storm(4, 3);
    const calls = world.calls.length;
    expect((await world.poller.refresh('manual')).kind).toBe('failed');
    expect(world.calls).toHaveLength(calls + 1);
  });
});

describe('HTTP 429 and Retry-After', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ scenario: 'rate-limited-429' });
  });
  afterAll(async () => emulator.stop());

  it('429 from the emulator: Retry-After 120 s holds every refresh, manual too, then lets one through', async () => {
    const client = createFlickrClient({ consumer: DEMO_CONSUMER, fetch: emulatorFetch(emulator) });
    const failure = await failureOf(client.getUploadStatus(emulator.issueAccessToken()));
    expect(failure).toEqual({ kind: 'http', status: 429, retryAfterSeconds: 120 });

    const { world } = await meetFault(failure);
    const failedAt = world.now;
    expect(popupNotice(world)).toMatch(/^Too many requests; Refresh works again at \d{1,2}:\d{2}/);
    expect(badgeOf(world)).toMatchObject({ text: '10', color: GREY });

    world.now = failedAt + 119_000;
    expect(await world.poller.refresh('manual')).toMatchObject({ kind: 'held', reason: 'backoff', until: failedAt + 120_000 });
    expect(popupNotice(world)).toMatch(/next try is at/);
    expect(world.calls).toHaveLength(2);

    world.answer = NEAR_LIMIT;
    world.now = failedAt + 120_000;
    expect((await world.poller.refresh('manual')).kind).toBe('fetched');
    expect(popupNotice(world)).toBeUndefined();
  });

  it('no automatic call before Retry-After, even when the jittered backoff would be sooner', async () => {
    const { world } = await meetFault({ kind: 'http', status: 503, retryAfterSeconds: 3 * 3600 });
    const failedAt = world.now;
    expect(world.alarms.get(POLL_ALARM)).toBeGreaterThanOrEqual(failedAt + 3 * HOUR);
    await world.advanceTo(failedAt + 3 * HOUR - MINUTE);
    expect(world.calls).toHaveLength(2);
  });

  it('an HTTP-date Retry-After is read against the clock', async () => {
    const now = Date.UTC(2026, 11, 3, 8, 0, 0);
    const fetch: FetchLike = async () =>
      new Response('<html>slow down</html>', { status: 429, headers: { 'Retry-After': 'Thu, 03 Dec 2026 08:10:00 GMT' } });
    const client = createFlickrClient({ consumer: DEMO_CONSUMER, fetch, nowMs: () => now });
    expect(await failureOf(client.getUploadStatus(access))).toEqual({ kind: 'http', status: 429, retryAfterSeconds: 600 });
  });
});
