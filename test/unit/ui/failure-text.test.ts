// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { BadBodyReason, FlickrFailure } from '../../../src/flickr/errors';
import { failureAdvice, failureSummary, heldAdvice, retryAfterTime } from '../../../src/quota/failure-text';
import { formatClockTime } from '../../../src/quota/format';
import { catalogueTranslate } from '../../support/i18n';

const t = catalogueTranslate();
const api = (code: number): FlickrFailure => ({ kind: 'api', code, message: 'whatever Flickr said' });

describe('failureAdvice for documented Flickr codes', () => {
  it('98: sign in again', () => {
    expect(failureAdvice(api(98), t)).toBe('Flickr no longer accepts this sign-in. Sign in again.');
  });
  it('99: sign in again granting read', () => {
    const text = failureAdvice(api(99), t);
    expect(text).toMatch(/Sign in again/);
    expect(text).toMatch(/read access/);
  });
  it('100: check the key and secret in the options', () => {
    expect(failureAdvice(api(100), t)).toBe(
      'Flickr rejected the API key. Check the API key and secret in the options.',
    );
  });
  it.each([96, 97])('%i: clock and secret advice with the code', (code) => {
    const text = failureAdvice(api(code), t);
    expect(text).toContain(`error ${code}`);
    expect(text).toMatch(/clock/);
    expect(text).toMatch(/API secret/);
  });
  it('95: a secure-connection bug to report', () => {
    const text = failureAdvice(api(95), t);
    expect(text).toContain('error 95');
    expect(text).toMatch(/report/);
  });
  it.each([105, 106])('%i: unavailable, with the age of the figures when known', (code) => {
    expect(failureAdvice(api(code), t, { figuresAge: '5 minutes ago' })).toBe(
      'Flickr is unavailable right now; showing the last figures from 5 minutes ago.',
    );
    expect(failureAdvice(api(code), t)).toBe('Flickr is unavailable right now. Try again later.');
  });
  it.each([111, 112, 114, 115, 116])('%i: a request bug to report, naming the code', (code) => {
    const text = failureAdvice(api(code), t);
    expect(text).toContain(`(error ${code})`);
    expect(text).toMatch(/please report it/);
  });
  it.each([1, 2, 117, 9999])('unknown code %i: generic text with the code number', (code) => {
    const text = failureAdvice(api(code), t);
    expect(text).toContain(`error ${code}.`);
    expect(failureSummary(api(code), t)).toBe(`Flickr error ${code}`);
  });
  it('never shows Flickr’s own message text', () => {
    for (const code of [95, 96, 97, 98, 99, 100, 105, 106, 111, 112, 114, 115, 116, 42]) {
      expect(failureAdvice(api(code), t)).not.toContain('whatever Flickr said');
    }
  });
});

describe('failureAdvice for other failure kinds', () => {
  it('oauth: sign-in failed naming the problem', () => {
    const f: FlickrFailure = { kind: 'oauth', status: 401, problem: 'verifier_invalid' };
    expect(failureAdvice(f, t)).toBe('Sign-in failed (verifier_invalid). Try again.');
    // Signed with the consumer secret alone: a bad signature there is a wrong secret.
    const wrongSecret: FlickrFailure = { kind: 'oauth', status: 401, problem: 'signature_invalid' };
    expect(failureAdvice(wrongSecret, t)).toBe('Flickr rejected the API key. Check the API key and secret in the options.');
    expect(failureSummary(f, t)).toBe('Sign-in failed');
  });
  it.each(['consumer_key_unknown', 'consumer_key_rejected'])('oauth %s: check the API key', (problem) => {
    const f: FlickrFailure = { kind: 'oauth', status: 401, problem };
    expect(failureAdvice(f, t)).toBe('Flickr rejected the API key. Check the API key and secret in the options.');
    expect(failureSummary(f, t)).toBe('API key rejected');
  });
  it('oauth timestamp_refused: set the clock', () => {
    const f: FlickrFailure = { kind: 'oauth', status: 401, problem: 'timestamp_refused' };
    expect(failureAdvice(f, t)).toMatch(/clock/);
    expect(failureSummary(f, t)).toBe('Sign-in failed');
  });
  it.each([500, 502, 503, 504])('HTTP %i: unavailable', (status) => {
    const f: FlickrFailure = { kind: 'http', status, retryAfterSeconds: undefined };
    expect(failureAdvice(f, t, { figuresAge: '2 hours ago' })).toBe(
      'Flickr is unavailable right now; showing the last figures from 2 hours ago.',
    );
    expect(failureSummary(f, t)).toBe('Flickr unavailable');
  });
  it('HTTP 429: too many requests, with the retry time when known', () => {
    const f: FlickrFailure = { kind: 'http', status: 429, retryAfterSeconds: 120 };
    expect(failureAdvice(f, t, { retryAt: '3:45 PM' })).toBe(
      'Too many requests; Refresh works again at 3:45 PM.',
    );
    expect(failureAdvice(f, t)).toBe('Too many requests; try Refresh again later.');
    expect(failureSummary(f, t)).toBe('Too many requests');
  });
  it('other HTTP statuses name the status', () => {
    const f: FlickrFailure = { kind: 'http', status: 404, retryAfterSeconds: undefined };
    expect(failureAdvice(f, t)).toContain('HTTP status 404');
    expect(failureSummary(f, t)).toBe('HTTP 404 from Flickr');
  });
  it.each<BadBodyReason>(['empty', 'html', 'malformed', 'unexpected-root', 'too-large'])(
    'bad body (%s): unavailable',
    (reason) => {
      const f: FlickrFailure = { kind: 'bad-body', reason, detail: '' };
      expect(failureAdvice(f, t, { figuresAge: 'yesterday' })).toBe(
        'Flickr is unavailable right now; showing the last figures from yesterday.',
      );
    },
  );
  it.each<BadBodyReason>(['json', 'doctype', 'missing-fields'])('bad body (%s): unreadable reply', (reason) => {
    const f: FlickrFailure = { kind: 'bad-body', reason, detail: '' };
    expect(failureAdvice(f, t)).toMatch(/cannot read/);
    expect(failureAdvice(f, t, { figuresAge: 'yesterday' })).toMatch(/last figures from yesterday\.$/);
    expect(failureSummary(f, t)).toBe('Flickr unavailable');
  });
  it('timeout: Flickr did not answer', () => {
    const f: FlickrFailure = { kind: 'timeout', afterMs: 15000 };
    expect(failureAdvice(f, t)).toMatch(/^Flickr did not answer\./);
    expect(failureSummary(f, t)).toBe('No answer from Flickr');
  });
  it('network: check the connection', () => {
    const f: FlickrFailure = { kind: 'network', detail: 'Failed to fetch' };
    expect(failureAdvice(f, t)).toBe('No connection to Flickr. Check your connection.');
    expect(failureSummary(f, t)).toBe('No connection');
  });
  it('every summary is short and differs from the advice', () => {
    const all: FlickrFailure[] = [
      ...[95, 96, 97, 98, 99, 100, 105, 106, 111, 112, 114, 115, 116, 7].map(api),
      { kind: 'oauth', status: 401, problem: 'token_rejected' },
      { kind: 'http', status: 429, retryAfterSeconds: undefined },
      { kind: 'http', status: 500, retryAfterSeconds: undefined },
      { kind: 'bad-body', reason: 'html', detail: '' },
      { kind: 'timeout', afterMs: 1 },
      { kind: 'network', detail: '' },
    ];
    for (const f of all) {
      const summary = failureSummary(f, t);
      expect(summary.length).toBeLessThanOrEqual(30);
      expect(summary).not.toBe(failureAdvice(f, t));
    }
  });
});

describe('heldAdvice', () => {
  const now = new Date(2025, 5, 10, 9, 0).getTime();
  const until = new Date(2025, 5, 10, 15, 45).getTime();
  it('call cap: too many requests until a clock time', () => {
    const text = heldAdvice('call-cap', until, t, 'en', now);
    expect(text).toBe(`Too many requests; Refresh works again at ${formatClockTime(until, now, 'en')}.`);
    expect(text).toMatch(/3:45/);
  });
  it('backoff: names the next try', () => {
    expect(heldAdvice('backoff', until, t, 'en', now)).toMatch(/next try is at 3:45/);
  });
  it('offline: check the connection', () => {
    expect(heldAdvice('offline', until, t, 'en', now)).toBe('No connection to Flickr. Check your connection.');
  });
});

describe('retryAfterTime', () => {
  it('adds Retry-After seconds to the attempt time', () => {
    expect(retryAfterTime({ kind: 'http', status: 429, retryAfterSeconds: 90 }, 1000)).toBe(91_000);
  });
  it('is undefined without Retry-After or for other kinds', () => {
    expect(retryAfterTime({ kind: 'http', status: 429, retryAfterSeconds: undefined }, 1000)).toBeUndefined();
    expect(retryAfterTime({ kind: 'timeout', afterMs: 5 }, 1000)).toBeUndefined();
  });
});
