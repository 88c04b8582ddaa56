// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { Popup } from '../../../src/popup/Popup';
import type { StoredState } from '../../../src/state';
import {
  buttonNamed,
  byTestId,
  click,
  FakePort,
  fakeServices,
  hasButton,
  mount,
  NOW,
  settle,
  text,
} from '../ui/fake-port';
import { FREE_LIMITS, freeStatus, LIMITED_BANDWIDTH, proStatus } from '../ui/statuses';

const MINUTE = 60_000;
const account = { nsid: '12345678@N00', username: 'jane_pro', fullname: 'Jane' };
const signedIn = { credentialSource: 'build', session: { state: 'signed-in', account } } as const;

async function open(state: Partial<StoredState>, clock = { now: NOW }) {
  const port = new FakePort(state);
  const root = await mount(<Popup initial={port.state} />, fakeServices(port, clock));
  return { port, root };
}

/** "label value" of one figure row. */
function row(root: HTMLElement, id: string): string {
  const el = byTestId(root, id);
  return `${el.querySelector('dt')?.textContent} ${el.querySelector('.figure-value')?.textContent}`;
}

function rowLabels(root: HTMLElement): string[] {
  return [...root.querySelectorAll('[data-testid="figures"] dt')].map((dt) => dt.textContent ?? '');
}

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe('popup without an API key', () => {
  it('explains and opens the options page', async () => {
    const { port, root } = await open({ credentialSource: 'none' });
    expect(text(root, 'no-key')).toContain('needs a Flickr API key');
    expect(hasButton(root, 'Sign in with Flickr')).toBe(false);
    await click(buttonNamed(root, 'Open options'));
    expect(port.optionsOpened).toBe(1);
  });
});

describe('popup signed out and signing in', () => {
  it('offers "Sign in with Flickr" and sends sign-in', async () => {
    const { port, root } = await open({ credentialSource: 'build' });
    byTestId(root, 'signed-out');
    await click(buttonNamed(root, 'Sign in with Flickr'));
    expect(port.sentTypes()).toEqual(['sign-in']);
  });

  it('shows "Waiting for Flickr…" while the worker is signing in', async () => {
    const { root } = await open({ credentialSource: 'build', session: { state: 'signing-in', since: NOW } });
    const button = buttonNamed(root, 'Waiting for Flickr…');
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');
  });

  it('waits while the sign-in request is in flight, then shows the refusal', async () => {
    const port = new FakePort({ credentialSource: 'build' });
    let answer!: (reply: { ok: false; error: string }) => void;
    port.answers.set('sign-in', () => new Promise((resolve) => (answer = resolve)));
    const root = await mount(<Popup initial={port.state} />, fakeServices(port));
    await click(buttonNamed(root, 'Sign in with Flickr'));
    expect(buttonNamed(root, 'Waiting for Flickr…').disabled).toBe(true);
    await act(() => answer({ ok: false, error: 'token_rejected' }));
    await settle();
    expect(text(root, 'sign-in-error')).toBe('Sign-in failed (token_rejected). Try again.');
    expect(hasButton(root, 'Sign in with Flickr')).toBe(true);
  });

  it('a refused sign-in shows what the worker recorded rather than its reply', async () => {
    const port = new FakePort({ credentialSource: 'build' });
    port.answers.set('sign-in', async () => {
      port.write({
        lastAttempt: { at: NOW, outcome: 'failed', failure: { kind: 'oauth', status: 401, problem: 'token_rejected' } },
      });
      return { ok: false, error: 'oauth' };
    });
    const root = await mount(<Popup initial={port.state} />, fakeServices(port));
    await click(buttonNamed(root, 'Sign in with Flickr'));
    expect(text(root, 'sign-in-error')).toBe('Sign-in failed (token_rejected). Try again.');
  });

  it('says why the last sign-in failed (oauth problem)', async () => {
    const { root } = await open({
      credentialSource: 'build',
      lastAttempt: { at: NOW - MINUTE, outcome: 'failed', failure: { kind: 'oauth', status: 401, problem: 'verifier_invalid' } },
    });
    expect(text(root, 'sign-in-error')).toBe('Sign-in failed (verifier_invalid). Try again.');
  });
});

describe('popup signed in', () => {
  it('Pro: name, account type with badge, unlimited quotas, sizes, length, links, actions', async () => {
    const { root } = await open({
      ...signedIn,
      status: { value: proStatus(), fetchedAt: NOW - 5 * MINUTE },
      limits: { value: FREE_LIMITS, fetchedAt: NOW - 5 * MINUTE },
    });
    expect(text(root, 'username')).toBe('jane_pro');
    expect(text(root, 'account-type')).toBe('Pro (standard)');
    expect(row(root, 'figure-bandwidth')).toBe('Bandwidth left this month Unlimited');
    expect(root.querySelector('meter')).toBeNull();
    expect(row(root, 'figure-videos')).toBe('Video uploads left Unlimited');
    expect(root.querySelector('[data-testid="figure-items"]')).toBeNull();
    expect(row(root, 'figure-photo-size')).toBe('Largest photo 200 MB');
    expect(row(root, 'figure-video-size')).toBe('Largest video 1 GB');
    expect(row(root, 'figure-video-length')).toBe('Longest video 3 min');
    expect(text(root, 'updated')).toBe('Updated 5 minutes ago');
    expect(root.querySelector('[data-testid="stale-hint"]')).toBeNull();
    const uploader = byTestId<HTMLAnchorElement>(root, 'uploader-link');
    expect(uploader.getAttribute('href')).toBe('https://www.flickr.com/photos/upload/');
    expect(uploader.target).toBe('_blank');
    expect(uploader.rel).toContain('noopener');
    expect(byTestId<HTMLAnchorElement>(root, 'account-link').getAttribute('href')).toBe('https://www.flickr.com/account');
    expect(hasButton(root, 'Refresh')).toBe(true);
    expect(hasButton(root, 'Sign out')).toBe(true);
    expect(root.querySelector('[data-testid="attempt-error"]')).toBeNull();
  });

  it('Pro without a badge says just "Pro"; no video size and no limits → rows omitted', async () => {
    const { root } = await open({
      ...signedIn,
      status: { value: proStatus({ proBadge: undefined, videoMaxBytes: undefined }), fetchedAt: NOW },
    });
    expect(text(root, 'account-type')).toBe('Pro');
    expect(rowLabels(root)).toEqual(['Bandwidth left this month', 'Video uploads left', 'Largest photo']);
    expect(text(root, 'updated')).toBe('Updated just now');
  });

  it('free account near the item limit: counts, a meter, videos left', async () => {
    const { root } = await open({ ...signedIn, status: { value: freeStatus(980), fetchedAt: NOW } });
    expect(text(root, 'account-type')).toBe('Free');
    expect(row(root, 'figure-items')).toBe('Photos and videos 980 of 1,000 used, 20 left');
    const meter = byTestId<HTMLMeterElement>(root, 'meter-items');
    expect(meter.getAttribute('aria-label')).toBe('Items left before the limit');
    expect(meter.getAttribute('aria-valuenow')).toBe('20');
    expect(meter.getAttribute('aria-valuemax')).toBe('1000');
    expect(meter.getAttribute('aria-valuetext')).toBe('20 left of 1,000');
    expect(row(root, 'figure-videos')).toBe('Video uploads left 2');
    expect(rowLabels(root)).toEqual([
      'Bandwidth left this month',
      'Video uploads left',
      'Photos and videos',
      'Largest photo',
      'Largest video',
    ]);
  });

  it('free account over the limit: "over the limit", 0 left, marked exhausted', async () => {
    const { root } = await open({ ...signedIn, status: { value: freeStatus(1020, {}, 'over_limit'), fetchedAt: NOW } });
    expect(row(root, 'figure-items')).toBe('Photos and videos 1,020 of 1,000 used: over the limit, 0 left');
    expect(byTestId(root, 'figure-items').classList.contains('exhausted')).toBe(true);
    expect(byTestId(root, 'meter-items').getAttribute('aria-valuenow')).toBe('0');
  });

  it('an upload_limit_status it does not know: shows the counts and the status, no meter', async () => {
    const { root } = await open({
      ...signedIn,
      status: { value: freeStatus(1000, {}, 'limit_reached'), fetchedAt: NOW },
    });
    expect(row(root, 'figure-items')).toBe('Photos and videos 1,000 of 1,000 used (Flickr reports “limit_reached”)');
    expect(root.querySelector('[data-testid="meter-items"]')).toBeNull();
  });

  it('no videos left is marked exhausted', async () => {
    const { root } = await open({
      ...signedIn,
      status: { value: freeStatus(10, { videoAllowance: { kind: 'limited', remaining: 0 } }), fetchedAt: NOW },
    });
    expect(row(root, 'figure-videos')).toBe('Video uploads left 0');
    expect(byTestId(root, 'figure-videos').classList.contains('exhausted')).toBe(true);
  });

  it('limited bandwidth: amount left of the maximum and a meter with the thresholds', async () => {
    const status = freeStatus(10, { bandwidth: LIMITED_BANDWIDTH });
    const { root } = await open({
      ...signedIn,
      settings: { pollIntervalMinutes: 360, amberPercent: 25, redPercent: 10, notifications: false },
      status: { value: status, fetchedAt: NOW },
    });
    expect(row(root, 'figure-bandwidth')).toBe('Bandwidth left this month 92 MB left of 1 GB');
    const meter = byTestId<HTMLMeterElement>(root, 'meter-bandwidth');
    expect(meter.tagName).toBe('METER');
    expect(meter.getAttribute('aria-label')).toBe('Bandwidth left this month');
    expect(meter.getAttribute('aria-valuemin')).toBe('0');
    expect(meter.getAttribute('aria-valuemax')).toBe(String(LIMITED_BANDWIDTH.maxBytes));
    expect(meter.getAttribute('aria-valuenow')).toBe(String(LIMITED_BANDWIDTH.remainingBytes));
    expect(meter.getAttribute('aria-valuetext')).toBe('92 MB left of 1 GB');
    expect(Number(meter.getAttribute('low'))).toBeCloseTo(LIMITED_BANDWIDTH.maxBytes * 0.1);
    expect(Number(meter.getAttribute('high'))).toBeCloseTo(LIMITED_BANDWIDTH.maxBytes * 0.25);
  });

  it('never shows the placeholder bytes of unlimited bandwidth', async () => {
    const { root } = await open({ ...signedIn, status: { value: proStatus(), fetchedAt: NOW } });
    expect(root.textContent).not.toMatch(/200 GB|2 GB/);
  });

  it('shows a stale hint only past two poll intervals', async () => {
    const settings = { pollIntervalMinutes: 60, amberPercent: 25, redPercent: 10, notifications: false };
    const fresh = await open({ ...signedIn, settings, status: { value: proStatus(), fetchedAt: NOW - 119 * MINUTE } });
    expect(fresh.root.querySelector('[data-testid="stale-hint"]')).toBeNull();
    const old = await open({ ...signedIn, settings, status: { value: proStatus(), fetchedAt: NOW - 121 * MINUTE } });
    expect(text(old.root, 'stale-hint')).toBe('These figures may be out of date.');
    expect(text(old.root, 'updated')).toBe('Updated 2 hours ago');
  });

  it('re-renders the age every 30 seconds', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = { now: NOW };
    const { root } = await open({ ...signedIn, status: { value: proStatus(), fetchedAt: NOW } }, clock);
    expect(text(root, 'updated')).toBe('Updated just now');
    clock.now = NOW + 61_000;
    await act(() => {
      vi.advanceTimersByTime(30_000);
    });
    expect(text(root, 'updated')).toBe('Updated 1 minute ago');
  });

  it('follows storage changes', async () => {
    const { port, root } = await open({ ...signedIn, status: { value: freeStatus(980), fetchedAt: NOW } });
    await act(() => port.write({ status: { value: freeStatus(990), fetchedAt: NOW } }));
    expect(row(root, 'figure-items')).toBe('Photos and videos 990 of 1,000 used, 10 left');
  });

  it('before the first figures: says so', async () => {
    const { port, root } = await open({ ...signedIn });
    expect(text(root, 'no-figures')).toMatch(/No figures yet/);
    await act(() => port.write({ refreshing: true }));
    expect(text(root, 'no-figures')).toBe('Fetching your figures…');
  });
});

describe('popup errors', () => {
  it('an outage: the advice, then the last good figures with their age', async () => {
    const { root } = await open({
      ...signedIn,
      status: { value: freeStatus(980), fetchedAt: NOW - 3 * 60 * MINUTE },
      lastAttempt: { at: NOW - MINUTE, outcome: 'failed', failure: { kind: 'api', code: 105, message: 'Service currently unavailable' } },
    });
    const error = byTestId(root, 'attempt-error');
    expect(error.textContent).toBe('Flickr is unavailable right now; showing the last figures from 3 hours ago.');
    expect(error.title).toBe('Flickr unavailable');
    expect(row(root, 'figure-items')).toContain('980 of 1,000 used');
    expect(text(root, 'updated')).toBe('Updated 3 hours ago');
    // The notice comes before the figures.
    expect(error.compareDocumentPosition(byTestId(root, 'figures')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('API key rejected (100): points to the options', async () => {
    const { root } = await open({
      ...signedIn,
      status: { value: proStatus(), fetchedAt: NOW },
      lastAttempt: { at: NOW, outcome: 'failed', failure: { kind: 'api', code: 100, message: 'Invalid API Key' } },
    });
    expect(text(root, 'attempt-error')).toBe('Flickr rejected the API key. Check the API key and secret in the options.');
  });

  it('HTTP 429 with Retry-After: when Refresh works again', async () => {
    const { root } = await open({
      ...signedIn,
      status: { value: proStatus(), fetchedAt: NOW - MINUTE },
      lastAttempt: { at: NOW, outcome: 'failed', failure: { kind: 'http', status: 429, retryAfterSeconds: 15 * 60 } },
    });
    expect(text(root, 'attempt-error')).toBe('Too many requests; Refresh works again at 9:15 AM.');
  });

  it('held by the call cap: when Refresh works again', async () => {
    const until = new Date(2025, 5, 10, 15, 45).getTime();
    const { root } = await open({
      ...signedIn,
      status: { value: proStatus(), fetchedAt: NOW - MINUTE },
      lastAttempt: { at: NOW, outcome: 'held', reason: 'call-cap', until },
    });
    expect(text(root, 'attempt-error')).toBe('Too many requests; Refresh works again at 3:45 PM.');
  });

  it('a hold that has run out is not shown', async () => {
    const { root } = await open({
      ...signedIn,
      status: { value: proStatus(), fetchedAt: NOW - MINUTE },
      lastAttempt: { at: NOW - 10 * MINUTE, outcome: 'held', reason: 'call-cap', until: NOW - MINUTE },
    });
    expect(root.querySelector('[data-testid="attempt-error"]')).toBeNull();
  });

  it('revoked: says so once, offers "Sign in again", shows the figures as stale', async () => {
    const { port, root } = await open({
      credentialSource: 'build',
      session: { state: 'revoked', account },
      status: { value: proStatus(), fetchedAt: NOW - 5 * MINUTE },
      lastAttempt: { at: NOW, outcome: 'failed', failure: { kind: 'api', code: 98, message: 'Invalid auth token' } },
    });
    expect(text(root, 'revoked')).toMatch(/^Flickr no longer accepts this sign-in\./);
    expect(root.querySelector('[data-testid="attempt-error"]')).toBeNull();
    expect(text(root, 'stale-hint')).toBe('These figures may be out of date.');
    expect(byTestId(root, 'figures').classList.contains('stale')).toBe(true);
    expect(hasButton(root, 'Refresh')).toBe(false);
    await click(buttonNamed(root, 'Sign in again'));
    expect(port.sentTypes()).toEqual(['sign-in']);
  });
});

describe('popup actions', () => {
  it('Refresh is busy and disabled while the worker refreshes', async () => {
    const { port, root } = await open({ ...signedIn, status: { value: proStatus(), fetchedAt: NOW } });
    expect(buttonNamed(root, 'Refresh').disabled).toBe(false);
    await act(() => port.write({ refreshing: true }));
    const button = buttonNamed(root, 'Refresh');
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');
    await act(() => port.write({ refreshing: false }));
    expect(buttonNamed(root, 'Refresh').disabled).toBe(false);
  });

  it('announces a successful refresh in the polite live region', async () => {
    const clock = { now: NOW };
    const { port, root } = await open({ ...signedIn, status: { value: proStatus(), fetchedAt: NOW - 90 * MINUTE } }, clock);
    const live = byTestId(root, 'refresh-result');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toBe('');
    await click(buttonNamed(root, 'Refresh'));
    expect(port.sentTypes()).toEqual(['refresh']);
    clock.now = NOW + 1000;
    await act(() =>
      port.write({ status: { value: proStatus(), fetchedAt: NOW + 900 }, lastAttempt: { at: NOW + 900, outcome: 'ok' } }),
    );
    expect(live.textContent).toBe('Updated just now');
    expect(text(root, 'updated')).toBe('Updated just now');
  });

  it('announces a failed refresh with the advice', async () => {
    const { port, root } = await open({ ...signedIn, status: { value: proStatus(), fetchedAt: NOW - 90 * MINUTE } });
    await click(buttonNamed(root, 'Refresh'));
    await act(() =>
      port.write({ lastAttempt: { at: NOW + 5, outcome: 'failed', failure: { kind: 'network', detail: 'Failed to fetch' } } }),
    );
    expect(text(root, 'refresh-result')).toBe('No connection to Flickr. Check your connection.');
  });

  it('announces nothing until the worker has written a new attempt', async () => {
    const earlier = { at: NOW - 90 * MINUTE, outcome: 'failed', failure: { kind: 'timeout', afterMs: 15000 } } as const;
    const { port, root } = await open({ ...signedIn, status: { value: proStatus(), fetchedAt: NOW - 90 * MINUTE }, lastAttempt: earlier });
    await click(buttonNamed(root, 'Refresh'));
    expect(text(root, 'refresh-result')).toBe('');
    await act(() => port.write({ refreshing: true }));
    await act(() => port.write({ lastAttempt: { at: NOW + 5, outcome: 'ok' } }));
    expect(text(root, 'refresh-result')).toBe('');
    await act(() => port.write({ refreshing: false }));
    expect(text(root, 'refresh-result')).toBe('Updated just now');
  });

  it('a failed refresh is announced from the attempt the worker stored, not from its reply', async () => {
    const port = new FakePort({ ...signedIn, status: { value: proStatus(), fetchedAt: NOW - 90 * MINUTE } });
    port.answers.set('refresh', async () => {
      port.write({ refreshing: true });
      port.write({
        refreshing: false,
        lastAttempt: { at: NOW + 5, outcome: 'failed', failure: { kind: 'timeout', afterMs: 15000 } },
      });
      return { ok: false, error: 'timeout' };
    });
    const root = await mount(<Popup initial={port.state} />, fakeServices(port));
    await click(buttonNamed(root, 'Refresh'));
    expect(text(root, 'refresh-result')).toBe('Flickr did not answer. Try again in a moment.');
  });

  it('a refused refresh with no stored attempt is announced after a grace period', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const port = new FakePort({ ...signedIn, status: { value: proStatus(), fetchedAt: NOW } });
    port.answers.set('refresh', { ok: false, error: 'refused' });
    const root = await mount(<Popup initial={port.state} />, fakeServices(port));
    await act(async () => {
      buttonNamed(root, 'Refresh').click();
      await Promise.resolve();
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    expect(text(root, 'refresh-result')).toBe('');
    expect(buttonNamed(root, 'Refresh').disabled).toBe(false);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(600);
    });
    expect(text(root, 'refresh-result')).toBe('Refresh failed: refused');
  });

  it('Sign out: sends sign-out, then shows where to revoke the access on Flickr', async () => {
    const { port, root } = await open({ ...signedIn, status: { value: proStatus(), fetchedAt: NOW } });
    port.answers.set('sign-out', async () => {
      port.write({ session: { state: 'signed-out' }, status: null });
      return { ok: true };
    });
    await click(buttonNamed(root, 'Sign out'));
    expect(port.sentTypes()).toEqual(['sign-out']);
    byTestId(root, 'signed-out');
    const link = byTestId<HTMLAnchorElement>(root, 'revoke-link');
    expect(link.getAttribute('href')).toBe('https://www.flickr.com/services/auth/list.gne');
    expect(link.textContent).toBe("Apps you're using");
    expect(link.target).toBe('_blank');
  });

  it('a failed sign-out says so and shows no revoke hint', async () => {
    const port = new FakePort({ ...signedIn, status: { value: proStatus(), fetchedAt: NOW } });
    port.answers.set('sign-out', { ok: false, error: 'vault locked' });
    const root = await mount(<Popup initial={port.state} />, fakeServices(port));
    await click(buttonNamed(root, 'Sign out'));
    expect(text(root, 'sign-out-error')).toBe('Sign-out failed: vault locked');
    expect(root.querySelector('[data-testid="revoke-hint"]')).toBeNull();
  });
});
