/**
 * Fault catalogue, network: what the product's client gets from a hung, refused, reset or absent
 * connection (real sockets to the emulator; the real default timeout on a fake clock), and what
 * the popup and badge then show.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFlickrClient, DEFAULT_TIMEOUT_MS, type FetchLike } from '../../../src/flickr/client';
import { FlickrError, type FlickrFailure } from '../../../src/flickr/errors';
import { HOUR, MIN_POLL_DELAY_MS, MINUTE } from '../../../src/schedule/policy';
import { POLL_ALARM } from '../../../src/schedule/poller';
import { DEMO_CONSUMER, startEmulator, type AccessGrant, type Emulator } from '../../emulator/server';
import { FakeWorld } from '../../support/fake-world';
import { emulatorFetch } from './emulator-fetch';
import { expectFiguresKept, meetFault, NEAR_LIMIT, popupNotice, t } from './survival';

let emulator: Emulator;
let grant: AccessGrant;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: 'free-near-limit' });
  grant = emulator.issueAccessToken();
});
afterAll(async () => emulator.stop());
afterEach(() => {
  emulator.setScenario('free-near-limit');
  vi.useRealTimers();
});

function client(timeoutMs = 2_000) {
  return createFlickrClient({ consumer: DEMO_CONSUMER, fetch: emulatorFetch(emulator), timeoutMs });
}

async function failureOf(call: Promise<unknown>): Promise<FlickrFailure> {
  try {
    await call;
  } catch (error) {
    if (error instanceof FlickrError) return error.failure;
    throw error;
  }
  throw new Error('the call succeeded');
}

const status = () => client().getUploadStatus(grant);

describe('network faults', () => {
  it('the adapter reaches the emulator: a good call parses (control)', async () => {
    expect((await status()).itemLimit).toMatchObject({ uploadCount: 990, uploadLimit: 1000 });
  });

  it('hung connection: bounded by the timeout, then "Flickr did not answer"', async () => {
    emulator.setScenario('hang');
    const started = Date.now();
    const failure = await failureOf(client(400).getUploadStatus(grant));
    expect(failure).toEqual({ kind: 'timeout', afterMs: 400 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(emulator.calls.at(-1)).toMatchObject({ apiMethod: 'flickr.people.getUploadStatus', status: 0 });

    const after = await meetFault(failure);
    expectFiguresKept(after);
    expect(popupNotice(after.world)).toBe('Flickr did not answer. Try again in a moment.');
  });

  it('the real default timeout is 20 s: still waiting at 19.999 s, failed at 20 s (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const neverAnswers: FetchLike = () => new Promise(() => undefined);
    const call = createFlickrClient({ consumer: DEMO_CONSUMER, fetch: neverAnswers }).getUploadStatus(grant);
    let settled: FlickrFailure | undefined;
    void failureOf(call).then((f) => (settled = f));
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUT_MS - 1);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toEqual({ kind: 'timeout', afterMs: 20_000 });
  });

  it('a body that drips in slower than the deadline times out too (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const drip: FetchLike = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            await new Promise((r) => setTimeout(r, 1_000));
            controller.enqueue(new TextEncoder().encode(' '));
          },
        }),
      );
    let settled: FlickrFailure | undefined;
    void failureOf(createFlickrClient({ consumer: DEMO_CONSUMER, fetch: drip }).getUploadStatus(grant)).then((f) => (settled = f));
    await vi.advanceTimersByTimeAsync(19_000);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(settled).toEqual({ kind: 'timeout', afterMs: DEFAULT_TIMEOUT_MS });
  });

  it('connection refused (nothing listens): a network failure, "No connection to Flickr"', async () => {
    await emulator.stopListening();
    const before = emulator.calls.length;
    try {
      const failure = await failureOf(status());
      expect(failure).toMatchObject({ kind: 'network', detail: expect.stringMatching(/ECONNREFUSED/) });
      expect(emulator.calls.length).toBe(before);
      const after = await meetFault(failure);
      expectFiguresKept(after);
      expect(popupNotice(after.world)).toBe(t('error_network'));
    } finally {
      await emulator.resumeListening();
    }
    expect((await status()).nsid).toBe(grant.nsid);
  });

  it('connection reset in the middle of the reply: a network failure, never a parse of half a body', async () => {
    emulator.setScenario('reset');
    const failure = await failureOf(status());
    expect(failure.kind).toBe('network');
    const after = await meetFault(failure);
    expectFiguresKept(after);
    expect(popupNotice(after.world)).toBe('No connection to Flickr. Check your connection.');
  });

  it('connection reset during the TLS handshake: a network failure', async () => {
    emulator.setScenario('tls-reset');
    const failure = await failureOf(status());
    expect(failure).toMatchObject({ kind: 'network', detail: expect.stringMatching(/ECONNRESET|socket hang up|disconnected/) });
    expectFiguresKept(await meetFault(failure));
  });

  it('transient network faults back off instead of retrying at once', async () => {
    const { world } = await meetFault({ kind: 'network', detail: 'TypeError: Failed to fetch' });
    const wait = world.alarms.get(POLL_ALARM)! - world.now;
    expect(wait).toBeGreaterThanOrEqual(2.5 * MINUTE);
    expect(wait).toBeLessThanOrEqual(5 * MINUTE);
    expect(world.calls).toHaveLength(2);
  });
});

describe('offline (navigator.onLine false)', () => {
  it('makes no request, says so, and catches up with one refresh when back', async () => {
    const world = new FakeWorld({ status: NEAR_LIMIT });
    await world.poller.refresh('manual');
    world.sleep(7 * HOUR); // figures now due
    world.online = false;
    expect(await world.poller.refresh('popup')).toMatchObject({ kind: 'held', reason: 'offline' });
    expect(await world.poller.refresh('manual')).toMatchObject({ kind: 'held', reason: 'offline' });
    expect(popupNotice(world)).toBe(t('error_network'));
    // Offline alarms look again later, for free; no request goes out meanwhile.
    expect(world.alarms.get(POLL_ALARM)! - world.now).toBeGreaterThanOrEqual(MIN_POLL_DELAY_MS);
    await world.advanceBy(3 * HOUR);
    expect(world.calls).toHaveLength(1);

    world.online = true;
    // A popup opening and an idle→active wake arrive together: one call between them.
    await Promise.all([world.poller.refresh('popup'), world.poller.refresh('wake')]);
    await world.poller.refresh('popup');
    expect(world.calls).toHaveLength(2);
    expect(popupNotice(world)).toBeUndefined();
    expect(world.state.lastAttempt).toMatchObject({ outcome: 'ok' });
  });

  it('a stopped worker gets no online event: the next alarm catches up once', async () => {
    const world = new FakeWorld({ status: NEAR_LIMIT });
    await world.poller.refresh('manual');
    world.online = false;
    await world.advanceBy(10 * HOUR); // alarms fire while offline: held, no calls
    expect(world.calls).toHaveLength(1);
    world.online = true;
    const back = world.now;
    await world.advanceBy(MIN_POLL_DELAY_MS + MINUTE);
    expect(world.callsSince(back)).toBe(1);
  });
});
