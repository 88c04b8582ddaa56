/**
 * The fault catalogue in Chromium against the emulator: what the user sees when Flickr, the
 * network or the browser misbehaves. Time-driven parts (backoff, storms, the 20 s timeout bound)
 * are also covered with the fake clock in test/unit/faults/.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FlickrFailure } from '../../src/flickr/errors';
import type { LastAttempt, Session } from '../../src/state';
import { DEMO_CONSUMER, startEmulator, type Emulator, type ScenarioName } from '../emulator/server';
import { catalogueTranslate } from '../support/i18n';
import { launchChromium, stopServiceWorker, type BadgeState, type ChromiumSession } from './harness/chromium';
import { CHROME_BUILD, startProduct, startSignedIn, type Product } from './support/product';

const t = catalogueTranslate();
const GREY = [0x57, 0x60, 0x6a, 255];
const RED = [0xcf, 0x22, 0x2e, 255];
/** The near-limit account's items row: these figures must survive every fault. */
const FIGURES = '990 of 1,000 used, 10 left';

/** A catalogue sentence as a pattern, with `.+` where a placeholder (an age, a time) goes. */
function sentence(key: string, subs: (string | number | RegExp)[] = []): RegExp {
  const marks = subs.map((_, i) => `\u0000${i}\u0000`);
  const text = t(key, subs.map((s, i) => (s instanceof RegExp ? marks[i]! : s)));
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\u0000(\d+)\u0000/g, (_, i: string) => (subs[Number(i)] as RegExp).source)}$`);
}

const AGE = /(just now|\d+ minutes? ago)/;
const CLOCK = /\d{1,2}:\d{2}\s?[AP]M/;

async function lastAttempt(product: Product): Promise<LastAttempt | null> {
  return product.storage<LastAttempt | null>('lastAttempt');
}

/** Presses Refresh and waits until the worker has stored the outcome of that press. */
async function pressRefresh(product: Product, popup: Page, timeoutMs = 10_000): Promise<LastAttempt> {
  const before = JSON.stringify(await lastAttempt(product));
  await popup.getByRole('button', { name: 'Refresh', exact: true }).click({ timeout: timeoutMs });
  let after: LastAttempt | null = null;
  await expect
    .poll(
      async () => {
        after = await lastAttempt(product);
        return JSON.stringify(after) !== before && !(await product.storage<boolean>('refreshing'));
      },
      { timeout: timeoutMs },
    )
    .toBe(true);
  return after!;
}

async function noticeText(popup: Page): Promise<string> {
  const notice = popup.getByTestId('attempt-error');
  await notice.waitFor({ timeout: 5_000 });
  return (await notice.textContent()) ?? '';
}

/** The old numbers are still on show, with their age. */
async function expectFiguresKept(popup: Page): Promise<void> {
  await expect.poll(() => popup.getByText(FIGURES).isVisible()).toBe(true);
  await expect.poll(async () => (await popup.getByTestId('updated').textContent()) ?? '').toMatch(/^Updated (just now|\d+ minutes? ago)$/);
}

/** REST calls that reached the emulator, answered or not. */
const restLog = (emulator: Emulator) => emulator.calls.filter((call) => call.apiMethod !== undefined);
const restCalls = (emulator: Emulator) => restLog(emulator).length;

interface BadReply {
  /** The emulator scenario, or a fault made with the emulator's knobs. */
  fault: ScenarioName | 'refused';
  failure: Partial<FlickrFailure>;
  advice: RegExp;
  /**
   * Whether the emulator answers at all. A refused port or a handshake reset: never (a request
   * sent over a kept-alive connection may arrive, and is then reset unanswered).
   */
  reaches: boolean;
  badge?: { text: string; color: number[] };
}

const unavailable = sentence('error_unavailable_with_age', [AGE]);
const unreadable = sentence('error_unreadable_with_age', [AGE]);

const BAD_REPLIES: BadReply[] = [
  { fault: 'html-500', failure: { kind: 'http', status: 500 }, advice: unavailable, reaches: true },
  { fault: 'html-502', failure: { kind: 'http', status: 502 }, advice: unavailable, reaches: true },
  { fault: 'html-503', failure: { kind: 'http', status: 503 }, advice: unavailable, reaches: true },
  { fault: 'not-found-404', failure: { kind: 'http', status: 404 }, advice: sentence('error_http', [404]), reaches: true },
  { fault: 'empty', failure: { kind: 'bad-body', reason: 'empty' }, advice: unavailable, reaches: true },
  { fault: 'malformed', failure: { kind: 'bad-body', reason: 'malformed' }, advice: unavailable, reaches: true },
  { fault: 'json-where-xml', failure: { kind: 'bad-body', reason: 'json' }, advice: unreadable, reaches: true },
  { fault: 'jsonp-where-xml', failure: { kind: 'bad-body', reason: 'json' }, advice: unreadable, reaches: true },
  { fault: 'doctype', failure: { kind: 'bad-body', reason: 'doctype' }, advice: unreadable, reaches: true },
  { fault: 'huge', failure: { kind: 'bad-body', reason: 'too-large' }, advice: unavailable, reaches: true },
  { fault: 'unknown-root', failure: { kind: 'bad-body', reason: 'unexpected-root' }, advice: unavailable, reaches: true },
  { fault: 'missing-fields', failure: { kind: 'bad-body', reason: 'missing-fields' }, advice: unreadable, reaches: true },
  { fault: 'non-numeric', failure: { kind: 'bad-body', reason: 'missing-fields' }, advice: unreadable, reaches: true },
  { fault: 'unavailable-105', failure: { kind: 'api', code: 105 }, advice: unavailable, reaches: true },
  { fault: 'unknown-code', failure: { kind: 'api', code: 999 }, advice: sentence('error_api_other', [999]), reaches: true },
  { fault: 'reset', failure: { kind: 'network' }, advice: sentence('error_network'), reaches: true },
  { fault: 'tls-reset', failure: { kind: 'network' }, advice: sentence('error_network'), reaches: false },
  { fault: 'refused', failure: { kind: 'network' }, advice: sentence('error_network'), reaches: false },
  {
    fault: 'invalid-key',
    failure: { kind: 'api', code: 100 },
    advice: sentence('error_api_key'),
    reaches: true,
    badge: { text: '!', color: RED },
  },
];

describe('bad replies and broken connections keep the last good figures (one browser)', () => {
  let product: Product;
  let popup: Page;

  beforeAll(async () => {
    product = await startSignedIn();
    await product.waitForBadge((b) => b.text === '10');
    popup = await product.openPopup();
    await popup.getByText(FIGURES).waitFor();
  }, 60_000);
  afterAll(async () => product?.close());
  afterEach(async () => {
    product.emulator.setScenario('free-near-limit');
    await product.emulator.resumeListening();
  });

  it.each(BAD_REPLIES.map((c) => [c.fault, c] as const))('%s', async (_, c) => {
    const { emulator } = product;
    const calls = restCalls(emulator);
    if (c.fault === 'refused') await emulator.stopListening();
    else emulator.setScenario(c.fault);

    const attempt = await pressRefresh(product, popup);
    expect(attempt).toMatchObject({ outcome: 'failed', failure: c.failure });
    const arrived = restLog(emulator).slice(calls);
    if (c.reaches) expect(arrived.length).toBeGreaterThan(0);
    else expect(arrived.filter((call) => call.status !== 0)).toEqual([]);

    expect(await noticeText(popup)).toMatch(c.advice);
    await expectFiguresKept(popup);
    const badge = await product.waitForBadge((b) => b.text === (c.badge?.text ?? '10'));
    expect(badge.color).toEqual(c.badge?.color ?? GREY);
  });

  it('hung connection: after the 20 s timeout the popup says Flickr did not answer, figures kept', async () => {
    product.emulator.setScenario('hang');
    const started = Date.now();
    const attempt = await pressRefresh(product, popup, 30_000);
    const waited = Date.now() - started;
    expect(attempt).toMatchObject({ outcome: 'failed', failure: { kind: 'timeout', afterMs: 20_000 } });
    expect(waited).toBeGreaterThanOrEqual(19_000);
    expect(waited).toBeLessThan(26_000);
    expect(await noticeText(popup)).toMatch(sentence('error_timeout'));
    await expectFiguresKept(popup);
    expect((await product.waitForBadge((b) => b.text === '10')).color).toEqual(GREY);
  }, 45_000);

  it('HTTP 429 with Retry-After: says when Refresh works again, and a second press sends nothing', async () => {
    const { emulator } = product;
    emulator.setScenario('rate-limited-429');
    const attempt = await pressRefresh(product, popup);
    expect(attempt).toMatchObject({ outcome: 'failed', failure: { kind: 'http', status: 429, retryAfterSeconds: 120 } });
    expect(await noticeText(popup)).toMatch(sentence('error_rate_limited_until', [CLOCK]));
    await expectFiguresKept(popup);

    const calls = restCalls(emulator);
    emulator.setScenario('free-near-limit');
    expect(await pressRefresh(product, popup)).toMatchObject({ outcome: 'held', reason: 'backoff' });
    expect(restCalls(emulator)).toBe(calls);
    expect(await noticeText(popup)).toMatch(sentence('error_backoff_until', [CLOCK]));
    await expectFiguresKept(popup);
  });
});

// ---- helpers for the tests that need their own browser ------------------------------------

let own: Product | undefined;
afterEach(async () => {
  await own?.close();
  own = undefined;
});

async function signedInProduct(scenario: ScenarioName = 'free-near-limit'): Promise<Product> {
  own = await startProduct({ scenario });
  await own.enterApiKey();
  await own.signIn();
  await own.waitForBadge((b) => b.text === '10' || scenario !== 'free-near-limit');
  return own;
}

function alarmTime(session: ChromiumSession, name: string): Promise<number | null> {
  return session.worker.evaluate(async (n) => (await chrome.alarms.get(n))?.scheduledTime ?? null, name);
}

/** What the vault (the worker's IndexedDB) holds under `key`, read from the worker. */
function vaultEntry(session: ChromiumSession, key: 'access' | 'consumer'): Promise<unknown> {
  return session.worker.evaluate(
    (k) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('quota-badge-vault');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('secrets').objectStore('secrets').get(k);
          get.onsuccess = () => {
            resolve(get.result ?? null);
            open.result.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
    key,
  );
}

/** Sends a request to the worker as the popup would, from an extension page; resolves with the reply. */
function sendFrom(page: Page, message: unknown): Promise<unknown> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message);
}

/** Stops the worker and starts it again the way Chrome does: an extension page talks to it. */
async function restartWorker(product: Product): Promise<Page> {
  await stopServiceWorker(product.browser.context, product.browser.extensionId);
  const popup = await product.openPopup();
  await product.browser.worker.evaluate(() => true);
  return popup;
}

const session = (product: Product) => product.storage<Session>('session');

describe('Flickr codes that change what the extension does', () => {
  it('98 (access revoked): polling stops, the popup asks to sign in again, the figures stay marked stale', async () => {
    const product = await signedInProduct();
    const popup = await product.openPopup();
    await popup.getByText(FIGURES).waitFor();
    expect(await alarmTime(product.browser, 'poll')).not.toBeNull();

    product.emulator.setScenario('revoked');
    expect(await pressRefresh(product, popup)).toMatchObject({ outcome: 'failed', failure: { kind: 'api', code: 98 } });
    expect(await session(product)).toMatchObject({ state: 'revoked', account: { username: 'Bees' } });
    expect(await alarmTime(product.browser, 'poll')).toBeNull();
    expect(await alarmTime(product.browser, 'after-upload')).toBeNull();

    await expect.poll(() => popup.getByTestId('revoked').textContent()).toContain(t('popup_revoked'));
    expect(await popup.getByRole('button', { name: 'Sign in again' }).isVisible()).toBe(true);
    expect(await popup.getByRole('button', { name: 'Refresh', exact: true }).count()).toBe(0);
    await expectFiguresKept(popup);
    expect(await popup.getByTestId('stale-hint').textContent()).toBe(t('popup_stale_hint'));
    const badge = await product.waitForBadge((b) => b.text === '!');
    expect(badge.color).toEqual(RED);
    expect(badge.title).toMatch(/no longer accepts this sign-in/);

    // Opening the popup again calls nobody.
    const calls = restCalls(product.emulator);
    await (await product.openPopup()).getByTestId('revoked').waitFor();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(restCalls(product.emulator)).toBe(calls);

    // Signing in again brings polling back.
    product.emulator.setScenario('free-near-limit');
    await product.signIn();
    await expect.poll(() => lastAttempt(product)).toMatchObject({ outcome: 'ok' });
    expect(await alarmTime(product.browser, 'poll')).not.toBeNull();
    expect((await product.waitForBadge((b) => b.text === '10')).color).toEqual(RED);
  });
});

describe('offline', () => {
  it('sends nothing while offline and says so; back online, one catch-up refresh when the popup opens', async () => {
    const product = await signedInProduct();
    const { context, worker } = product.browser;
    // The figures are seven hours old, as after a night with the laptop closed: due for a refresh.
    await worker.evaluate(async () => {
      const { status } = (await chrome.storage.local.get('status')) as { status: { fetchedAt: number } };
      await chrome.storage.local.set({ status: { ...status, fetchedAt: status.fetchedAt - 7 * 3_600_000 } });
    });
    const calls = restCalls(product.emulator);

    await context.setOffline(true);
    // The emulated network state reaches the worker a moment later.
    await expect.poll(() => worker.evaluate(() => navigator.onLine)).toBe(false);
    const popup = await product.openPopup();
    await expect.poll(() => lastAttempt(product)).toMatchObject({ outcome: 'held', reason: 'offline' });
    expect(await noticeText(popup)).toMatch(sentence('error_network'));
    await popup.getByText(FIGURES).waitFor();
    await popup.getByRole('button', { name: 'Refresh', exact: true }).click();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await lastAttempt(product)).toMatchObject({ outcome: 'held', reason: 'offline' });
    expect(restCalls(product.emulator)).toBe(calls);
    await popup.close();

    await context.setOffline(false);
    await expect.poll(() => worker.evaluate(() => navigator.onLine)).toBe(true);
    const back = await product.openPopup();
    await expect.poll(() => restCalls(product.emulator)).toBe(calls + 1);
    await expect.poll(() => lastAttempt(product)).toMatchObject({ outcome: 'ok' });
    await expect.poll(() => back.getByTestId('updated').textContent()).toBe('Updated just now');
    // A second popup finds fresh figures: no second call.
    await (await product.openPopup()).getByText(FIGURES).waitFor();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(restCalls(product.emulator)).toBe(calls + 1);
  });
});

describe('sign-in faults (one browser, in order)', () => {
  let product: Product;
  beforeAll(async () => {
    product = await startProduct({ scenario: 'free-near-limit' });
    await product.enterApiKey();
  }, 60_000);
  afterAll(async () => product?.close());

  const authWindows = () => product.browser.context.pages().filter((p) => p.url().includes('/services/oauth/authorize'));
  const oauthCalls = (endpoint: string) => product.emulator.calls.filter((c) => c.oauthEndpoint === endpoint);

  /** `badgeSays`: a refused key points to the options page, anything else asks to sign in. */
  async function expectNoHalfSignIn(badgeSays = /sign in/i): Promise<void> {
    await expect.poll(async () => (await session(product)).state).toBe('signed-out');
    expect(await vaultEntry(product.browser, 'access')).toBeNull();
    expect(await product.storage('status')).toBeNull();
    expect((await product.waitForBadge((b) => b.text === '!')).title).toMatch(badgeSays);
  }

  it('the user closes the auth window: signed out, nothing recorded, no half sign-in', async () => {
    const popup = await product.openPopup();
    const opened = product.browser.context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Sign in with Flickr' }).click();
    const auth = await opened;
    await auth.waitForLoadState('domcontentloaded');
    expect((await session(product)).state).toBe('signing-in');
    await auth.close();
    await expectNoHalfSignIn();
    expect(await lastAttempt(product)).toBeNull();
    await expect.poll(() => popup.getByRole('button', { name: 'Sign in with Flickr' }).isEnabled()).toBe(true);
    expect(await popup.getByTestId('sign-in-error').count()).toBe(0);
    await popup.close();
  });

  it('a second sign-in while one runs opens no second auth window, and both end signed in', async () => {
    const requestTokens = oauthCalls('request_token').length;
    const first = await product.openPopup();
    const opened = product.browser.context.waitForEvent('page');
    await first.getByRole('button', { name: 'Sign in with Flickr' }).click();
    const auth = await opened;
    await auth.waitForLoadState('domcontentloaded');

    const second = await product.openPopup();
    await expect.poll(() => second.getByRole('button', { name: 'Waiting for Flickr…' }).isDisabled()).toBe(true);
    // Even a request that bypasses the disabled button joins the running sign-in.
    const secondReply = sendFrom(second, { type: 'sign-in' });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(authWindows()).toHaveLength(1);
    expect(oauthCalls('request_token').length).toBe(requestTokens + 1);

    await auth.getByRole('button', { name: "OK, I'll authorize it" }).click();
    expect(await secondReply).toEqual({ ok: true });
    await expect.poll(async () => (await session(product)).state).toBe('signed-in');
    expect(oauthCalls('access_token').filter((c) => c.outcome === 'ok')).toHaveLength(1);
    expect(authWindows()).toHaveLength(0);
    await product.waitForBadge((b) => b.text === '10');
    await first.close();
    await second.getByRole('button', { name: 'Sign out' }).click();
    await expectNoHalfSignIn();
    await second.close();
  });

  it('HTTP 401 oauth_problem at the access token step: a clear message and no half sign-in', async () => {
    product.emulator.failOAuth('access_token', 'token_rejected');
    const restBefore = restCalls(product.emulator);
    try {
      const popup = await product.openPopup();
      const opened = product.browser.context.waitForEvent('page');
      await popup.getByRole('button', { name: 'Sign in with Flickr' }).click();
      const auth = await opened;
      await auth.getByRole('button', { name: "OK, I'll authorize it" }).click();
      await expect.poll(() => popup.getByTestId('sign-in-error').textContent()).toBe(t('error_sign_in', ['token_rejected']));
      await expectNoHalfSignIn();
      expect(oauthCalls('access_token').at(-1)).toMatchObject({ outcome: 'fail', problem: 'token_rejected' });
      expect(restCalls(product.emulator)).toBe(restBefore);
      await popup.close();
    } finally {
      product.emulator.failOAuth('access_token', null);
    }
  });

  it('a wrong API secret on the options page: the request token is refused, no auth window, a clear message', async () => {
    await product.enterApiKey(DEMO_CONSUMER.key, 'not-the-right-secret');
    const pages = product.browser.context.pages().length;
    const popup = await product.openPopup();
    await popup.getByRole('button', { name: 'Sign in with Flickr' }).click();
    await expect.poll(() => popup.getByTestId('sign-in-error').textContent()).toBe(t('error_api_key')); // signed with the secret alone: it is the secret
    expect(product.browser.context.pages()).toHaveLength(pages + 1); // the popup only
    expect(oauthCalls('request_token').at(-1)).toMatchObject({ outcome: 'fail', problem: 'signature_invalid' });
    await expectNoHalfSignIn(/API key/);
    await popup.close();
  });

  it('an unknown API key: the popup points to the API key in the options', async () => {
    await product.enterApiKey('not-a-flickr-key', DEMO_CONSUMER.secret);
    const popup = await product.openPopup();
    await popup.getByRole('button', { name: 'Sign in with Flickr' }).click();
    await expect.poll(() => popup.getByTestId('sign-in-error').textContent()).toBe(t('error_api_key'));
    await expectNoHalfSignIn(/API key/);
    await popup.close();
  });
});

describe('browser faults (one browser, in order)', () => {
  let product: Product;
  beforeAll(async () => {
    product = await startSignedIn();
    await product.waitForBadge((b) => b.text === '10');
  }, 60_000);
  afterAll(async () => product?.close());
  afterEach(() => {
    product.emulator.setScenario('free-near-limit');
    product.emulator.setReplyDelay(0);
  });

  it('alarm missing after an update: re-created when the worker starts again, without a call', async () => {
    const { worker } = product.browser;
    const due = await alarmTime(product.browser, 'poll');
    expect(due).not.toBeNull();
    await worker.evaluate(() => chrome.alarms.clear('poll'));
    expect(await alarmTime(product.browser, 'poll')).toBeNull();
    const calls = restCalls(product.emulator);

    const popup = await restartWorker(product);
    await expect.poll(() => alarmTime(product.browser, 'poll')).toBe(due);
    await popup.getByText(FIGURES).waitFor();
    expect(restCalls(product.emulator)).toBe(calls);
    await popup.close();
  });

  it('popup and alarm refreshing at the same moment: one request', async () => {
    const { worker } = product.browser;
    const popup = await product.openPopup();
    await popup.getByText(FIGURES).waitFor();
    const calls = restCalls(product.emulator);
    product.emulator.setReplyDelay(1_500);
    await worker.evaluate(() => chrome.alarms.create('poll', { when: Date.now() }));
    await expect.poll(() => restCalls(product.emulator), { timeout: 5_000 }).toBe(calls + 1);
    // The popup's Refresh arrives while the alarm's call is still out.
    expect(await product.storage('refreshing')).toBe(true);
    const reply = await sendFrom(popup, { type: 'refresh' });
    expect(reply).toEqual({ ok: true });
    await expect.poll(() => product.storage('refreshing')).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    expect(restCalls(product.emulator)).toBe(calls + 1);
    expect(await alarmTime(product.browser, 'poll')).toBeGreaterThan(Date.now() + 60 * 60_000);
    await popup.close();
  });

  it('worker stopped mid-request: when it starts again nothing is left "refreshing" and the badge is right', async () => {
    const before = await lastAttempt(product);
    product.emulator.setScenario('hang');
    const popup = await product.openPopup();
    await popup.getByText(FIGURES).waitFor();
    const calls = restCalls(product.emulator);
    await popup.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect.poll(() => restCalls(product.emulator)).toBe(calls + 1);
    expect(await product.storage('refreshing')).toBe(true);
    expect(product.emulator.calls.at(-1)).toMatchObject({ status: 0 });

    await stopServiceWorker(product.browser.context, product.browser.extensionId);
    product.emulator.setScenario('free-near-limit');
    await popup.close();
    const after = await product.openPopup();
    await expect.poll(() => product.storage('refreshing')).toBe(false);
    expect(await lastAttempt(product)).toEqual(before);
    const badge = await product.waitForBadge((b) => b.text === '10');
    expect(badge.color).toEqual(RED);
    const refresh = after.getByRole('button', { name: 'Refresh', exact: true });
    await expect.poll(() => refresh.isEnabled()).toBe(true);
    await expectFiguresKept(after);
    // And it works again.
    expect(await pressRefresh(product, after)).toMatchObject({ outcome: 'ok' });
    await after.close();
  });

  it('storage from an older version (no schemaVersion): migrated at the next worker start, figures kept', async () => {
    await product.browser.worker.evaluate(() => chrome.storage.local.remove('schemaVersion'));
    expect(await product.storage('schemaVersion')).toBeNull();
    const calls = restCalls(product.emulator);
    const popup = await restartWorker(product);
    await expect.poll(() => product.storage('schemaVersion')).toBe(1);
    expect((await session(product)).state).toBe('signed-in');
    await popup.getByText(FIGURES).waitFor();
    expect((await product.waitForBadge((b) => b.text === '10')).color).toEqual(RED);
    expect(restCalls(product.emulator)).toBe(calls);
    await popup.close();
  });

  it('corrupted storage: reset at the next worker start, which still answers; signing in again works', async () => {
    await product.browser.worker.evaluate(() =>
      chrome.storage.local.set({
        schemaVersion: 1,
        session: { state: 'signed-in', account: 7 },
        status: 'garbage',
        settings: { pollIntervalMinutes: 'often' },
        lastAttempt: [1, 2, 3],
        refreshing: 'yes',
        schedule: { callLog: 'x' },
      }),
    );
    const popup = await restartWorker(product);
    await expect.poll(async () => (await session(product)).state).toBe('signed-out');
    expect(await product.storage('status')).toBeNull();
    expect(await product.storage('refreshing')).toBe(false);
    expect(await product.storage<{ pollIntervalMinutes: number }>('settings')).toMatchObject({ pollIntervalMinutes: 720 });
    expect(await sendFrom(popup, { type: 'ping' })).toEqual({ ok: true });
    await popup.getByRole('button', { name: 'Sign in with Flickr' }).waitFor();
    // Reset with a message, and no half sign-in: the token went with the account it belonged to.
    expect(await popup.getByTestId('storage-notice').textContent()).toMatch(/damaged .* reset\. Sign in again/);
    expect(await product.browser.worker.evaluate(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open('quota-badge-vault');
          open.onsuccess = () => {
            const get = open.result.transaction('secrets').objectStore('secrets').get('access');
            get.onsuccess = () => resolve(get.result ?? null);
          };
        }),
    )).toBeNull();
    expect((await product.waitForBadge((b) => b.text === '!')).title).toMatch(/sign in/i);
    await popup.close();

    await product.signIn();
    await product.waitForBadge((b) => b.text === '10');
    expect(await product.storage('notice')).toBeNull();
  });
});

describe('browser restart', () => {
  let emulator: Emulator | undefined;
  let profile: string | undefined;
  let browser: ChromiumSession | undefined;
  afterEach(async () => {
    await browser?.close();
    await emulator?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
    browser = emulator = profile = undefined;
  });

  async function badgeOf(session: ChromiumSession, wanted: (b: BadgeState) => boolean): Promise<BadgeState> {
    let last: BadgeState | undefined;
    await expect
      .poll(async () => {
        last = await session.badge();
        return wanted(last);
      }, { timeout: 10_000 })
      .toBe(true);
    return last!;
  }

  it('the badge comes back from the cached figures before any network', async () => {
    emulator = await startEmulator({ scenario: 'free-near-limit' });
    profile = await mkdtemp(join(tmpdir(), 'qb-restart-'));
    const launch = () => launchChromium({ extensionDir: CHROME_BUILD, emulatorPort: emulator!.port, userDataDir: profile });

    browser = await launch();
    const { context } = browser;
    const options = await browser.newPage();
    await options.goto(browser.extensionUrl('src/options/index.html'));
    await options.getByLabel('API key', { exact: true }).fill(DEMO_CONSUMER.key);
    await options.getByLabel('API secret', { exact: true }).fill(DEMO_CONSUMER.secret);
    await options.getByTestId('credentials-form').getByRole('button', { name: 'Save', exact: true }).click();
    const popup = await browser.newPage();
    await popup.goto(browser.extensionUrl('src/popup/index.html'));
    const opened = context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Sign in with Flickr' }).click();
    await (await opened).getByRole('button', { name: "OK, I'll authorize it" }).click();
    const first = await badgeOf(browser, (b) => b.text === '10');
    await browser.close();

    emulator.clearCalls();
    emulator.setScenario('hang'); // any call now would leave the badge waiting
    browser = await launch();
    const restored = await badgeOf(browser, (b) => b.text === '10');
    expect(restored).toEqual(first);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(emulator.calls).toEqual([]);
    expect(await browser.badge()).toEqual(first);
  });
});

describe('load (one browser, in order)', () => {
  let product: Product;
  beforeAll(async () => {
    product = await startSignedIn();
    await product.waitForBadge((b) => b.text === '10');
  }, 60_000);
  afterAll(async () => product?.close());

  it('ten upload tabs: one getLimits between them, and no status calls', async () => {
    const { emulator } = product;
    const statusCalls = emulator.restCallCount('flickr.people.getUploadStatus');
    const tabs = await Promise.all(Array.from({ length: 10 }, () => product.openUploadPage()));
    // Each tab asks the worker once the user starts to act on it.
    await Promise.all(tabs.map((tab) => tab.mouse.click(5, 5)));
    await expect.poll(() => product.storage('limits'), { timeout: 10_000 }).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(emulator.restCallCount('flickr.people.getLimits')).toBe(1);
    expect(emulator.restCallCount('flickr.people.getUploadStatus')).toBe(statusCalls);
    // Reloading every tab asks again; the limits are a day fresh, so Flickr hears nothing.
    await Promise.all(tabs.map((tab) => tab.reload()));
    await Promise.all(tabs.map((tab) => tab.mouse.click(5, 5)));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(emulator.restCallCount()).toBe(statusCalls + 1);
    await Promise.all(tabs.map((tab) => tab.close()));
  });

  it('mashing Refresh 40 times: at most 30 calls an hour reach Flickr, then the popup says when Refresh works again', async () => {
    const popup = await product.openPopup();
    await popup.getByText(FIGURES).waitFor();
    const refresh = popup.getByRole('button', { name: 'Refresh', exact: true });
    for (let i = 0; i < 40; i++) await refresh.click();
    await expect.poll(() => product.storage('refreshing')).toBe(false);
    const total = restCalls(product.emulator);
    expect(total).toBeLessThanOrEqual(30);
    expect(total).toBeGreaterThanOrEqual(25);
    const held = await lastAttempt(product);
    expect(held).toMatchObject({ outcome: 'held', reason: 'call-cap' });
    const firstCall = product.emulator.calls.find((c) => c.apiMethod)!.at;
    expect((held as { until: number }).until).toBeGreaterThan(firstCall + 59 * 60_000);
    expect(await noticeText(popup)).toMatch(sentence('error_rate_limited_until', [CLOCK]));
    await expectFiguresKept(popup);
    expect((await product.waitForBadge((b) => b.text === '10')).color).toEqual(GREY);
    // One more press still sends nothing.
    await refresh.click();
    await new Promise((r) => setTimeout(r, 500));
    expect(restCalls(product.emulator)).toBe(total);
  });
});
