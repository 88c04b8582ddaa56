/**
 * Fault catalogue, OAuth: the token endpoints refuse with HTTP 401 `oauth_problem=…`. The client
 * must report the problem as Flickr named it, and the words shown must say what to do.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFlickrClient, type FlickrClient } from '../../../src/flickr/client';
import { FlickrError, type FlickrFailure } from '../../../src/flickr/errors';
import { failureAdvice } from '../../../src/quota/failure-text';
import { DEMO_CONSUMER, startEmulator, type Emulator } from '../../emulator/server';
import { emulatorFetch } from './emulator-fetch';
import { t } from './survival';

const CALLBACK = 'https://abcdefghijklmnop.chromiumapp.org/';
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => emulator.stop());
afterEach(() => {
  emulator.failOAuth('request_token', null);
  emulator.failOAuth('access_token', null);
});

function client(consumer: { key: string; secret: string } = DEMO_CONSUMER, target = emulator): FlickrClient {
  return createFlickrClient({ consumer, fetch: emulatorFetch(target) });
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

describe('OAuth endpoint faults', () => {
  it('a wrong consumer secret: request token refused with signature_invalid, advice points to the API key and secret', async () => {
    const failure = await failureOf(client({ key: DEMO_CONSUMER.key, secret: 'not-the-secret' }).getRequestToken(CALLBACK));
    expect(failure).toEqual({ kind: 'oauth', status: 401, problem: 'signature_invalid' });
    expect(failureAdvice(failure, t)).toBe('Flickr rejected the API key. Check the API key and secret in the options.');
    expect(emulator.calls.at(-1)).toMatchObject({ oauthEndpoint: 'request_token', outcome: 'fail', problem: 'signature_invalid' });
  });

  it('an unknown API key: consumer_key_unknown points to the API key in the options', async () => {
    const failure = await failureOf(client({ key: 'no-such-key', secret: 'x' }).getRequestToken(CALLBACK));
    expect(failure).toEqual({ kind: 'oauth', status: 401, problem: 'consumer_key_unknown' });
    expect(failureAdvice(failure, t)).toBe(t('error_api_key'));
  });

  it("the computer's clock an hour off: timestamp_refused says to fix the clock", async () => {
    const skewed = await startEmulator({ now: () => Date.now() + 3_600_000 });
    try {
      const failure = await failureOf(client(DEMO_CONSUMER, skewed).getRequestToken(CALLBACK));
      expect(failure).toMatchObject({ kind: 'oauth', problem: 'timestamp_refused' });
      expect(failureAdvice(failure, t)).toBe(t('error_clock'));
    } finally {
      await skewed.stop();
    }
  });

  it('401 at the access token step (request token expired meanwhile): a typed failure, no grant', async () => {
    const requestToken = await client().getRequestToken(CALLBACK);
    emulator.failOAuth('access_token', 'token_rejected');
    const failure = await failureOf(client().getAccessToken(requestToken, 'verifier'));
    expect(failure).toEqual({ kind: 'oauth', status: 401, problem: 'token_rejected' });
    expect(failureAdvice(failure, t)).toBe('Sign-in failed (token_rejected). Try again.');
    expect(emulator.issuedTokens().filter((tok) => tok.kind === 'access')).toHaveLength(0);
  });

  it('a verifier that does not belong to the request token: verifier_invalid', async () => {
    const requestToken = await client().getRequestToken(CALLBACK);
    const failure = await failureOf(client().getAccessToken(requestToken, 'guessed'));
    expect(failure).toMatchObject({ kind: 'oauth', problem: 'verifier_invalid' });
  });

  it('401 at the request token step via the fault knob is reported the same way', async () => {
    emulator.failOAuth('request_token', 'consumer_key_rejected');
    const failure = await failureOf(client().getRequestToken(CALLBACK));
    expect(failure).toEqual({ kind: 'oauth', status: 401, problem: 'consumer_key_rejected' });
    expect(failureAdvice(failure, t)).toBe(t('error_api_key'));
  });
});
