/**
 * Sign-in with Flickr (OAuth 1.0a) run entirely in the worker: the popup closes as soon as the
 * auth window opens. The request-token secret lives only in this function's scope for the
 * handshake; only the access token pair is kept, in the vault.
 */
import browser from 'webextension-polyfill';
import type { FlickrClient } from '../flickr/client';
import { FlickrError } from '../flickr/errors';
import type { Account, Session } from '../state';
import { authRedirectUrl, isUserCancelledAuth } from '../platform';
import { store } from './store';
import { vault } from './vault';

export type SignInOutcome =
  | { kind: 'signed-in'; account: Account }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: FlickrError }
  | { kind: 'already-running' };

let running: Promise<SignInOutcome> | null = null;

/**
 * Cancel on Flickr sends the window to Flickr's home page and leaves it open: the flow would wait
 * for ever. After this long the sign-in counts as cancelled (a late approval is ignored).
 */
export const SIGN_IN_TIMEOUT_MS = 10 * 60_000;

function withinSignInTime<T>(flow: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Sign-in cancelled: the Flickr window was left open')), SIGN_IN_TIMEOUT_MS);
  });
  return Promise.race([flow, deadline]).finally(() => clearTimeout(timer));
}

/** A second sign-in while one runs gets the same outcome instead of a second auth window. */
export function signIn(client: FlickrClient, now: () => number): Promise<SignInOutcome> {
  if (running) return running.then((): SignInOutcome => ({ kind: 'already-running' }));
  running = handshake(client, now).finally(() => {
    running = null;
  });
  return running;
}

async function handshake(client: FlickrClient, now: () => number): Promise<SignInOutcome> {
  const before: Session = (await store.readState()).session;
  const previous = before.state === 'signed-in' || before.state === 'revoked' ? before : undefined;
  await store.writeState({ session: { state: 'signing-in', since: now(), ...(previous ? { previous } : {}) } });
  try {
    await store.recordCall(now());
    const requestToken = await client.getRequestToken(authRedirectUrl());
    const redirect = await withinSignInTime(
      browser.identity.launchWebAuthFlow({ url: client.authorizeUrl(requestToken), interactive: true }),
    );
    const params = new URL(redirect).searchParams;
    const verifier = params.get('oauth_verifier');
    if (params.get('oauth_token') !== requestToken.token || !verifier) {
      throw new FlickrError({ kind: 'oauth', status: 0, problem: 'callback_mismatch' });
    }
    await store.recordCall(now());
    const grant = await client.getAccessToken(requestToken, verifier);
    const account: Account = { nsid: grant.nsid, username: grant.username, fullname: grant.fullname };
    await vault.put('access', { token: grant.token, secret: grant.secret });
    // Another account than before: its figures are not ours.
    const sameAccount = previous?.account.nsid === account.nsid;
    await store.writeState({
      session: { state: 'signed-in', account },
      lastAttempt: null,
      notice: null,
      ...(sameAccount ? {} : { status: null, limits: null }),
    });
    return { kind: 'signed-in', account };
  } catch (error) {
    await store.writeState({ session: before.state === 'signing-in' ? { state: 'signed-out' } : before });
    if (error instanceof FlickrError) {
      await store.writeState({ lastAttempt: { at: now(), outcome: 'failed', failure: error.failure } });
      return { kind: 'failed', error };
    }
    if (isUserCancelledAuth(error)) return { kind: 'cancelled' };
    const failure = { kind: 'network' as const, detail: error instanceof Error ? error.message : String(error) };
    await store.writeState({ lastAttempt: { at: now(), outcome: 'failed', failure } });
    return { kind: 'failed', error: new FlickrError(failure) };
  }
}

export async function signOut(): Promise<void> {
  await vault.remove('access');
  await store.clearAccountData();
}
