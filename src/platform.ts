/**
 * Everything that differs between Chrome and Firefox, in one place.
 *
 * - Background: Chrome runs the worker as a service worker, Firefox as an event page
 *   (`background.scripts`); both run the same module, so nothing here depends on which.
 * - Sign-in redirect: `identity.getRedirectURL()` is `https://<id>.chromiumapp.org/` in Chrome and
 *   `https://<hash>.extensions.allizom.org/` in Firefox; Flickr only needs it as `oauth_callback`.
 * - Storage: Chrome lets content scripts read `storage.local` unless the worker restricts it with
 *   `setAccessLevel`; Firefox has no such call. Tokens and secrets therefore never go to
 *   `storage.local` in either browser: they live in the extension's own IndexedDB (vault.ts),
 *   which content scripts cannot open (theirs is the page's).
 */
import browser from 'webextension-polyfill';

export function authRedirectUrl(): string {
  return browser.identity.getRedirectURL();
}

/** Chrome only: close storage.local to content scripts (they get limits by message). */
export async function restrictStorageToTrustedContexts(): Promise<void> {
  const local = (globalThis as { chrome?: typeof chrome }).chrome?.storage?.local as
    | { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> }
    | undefined;
  if (typeof local?.setAccessLevel === 'function') {
    await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  }
}

/** `navigator.onLine` is false only when the browser knows it is offline. */
export function isOnline(): boolean {
  return (globalThis.navigator as Navigator | undefined)?.onLine !== false;
}

/** The exact error text each browser uses when the user closes the sign-in window. */
export function isUserCancelledAuth(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  // Chrome: "The user did not approve access." Firefox: "User cancelled or denied access."
  return /did not approve|cancel+ed|denied/i.test(message);
}
