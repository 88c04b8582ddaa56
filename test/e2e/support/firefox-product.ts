/**
 * The product as a Firefox user meets it: the release build in `<QB_OUT>/firefox`, the Flickr
 * emulator behind the real hostnames, the API key entered on the options page, and sign-in
 * through the emulator's authorize page. The Firefox twin of product.ts.
 *
 * Firefox's background page is no BiDi context, so `browser.*` reads (badge, storage, the
 * vault) run in an extension page: the options tab the extension opens on install, kept open
 * as `probe`.
 */
import { DEMO_CONSUMER, startEmulator, type Emulator, type ScenarioName } from '../../emulator/server';
import { launchFirefox, type BadgeState, type FirefoxHarness } from '../harness/firefox';
import { catalogueTranslate } from '../../support/i18n';
import { until } from './product';

export const FIREFOX_BUILD = `${process.env.QB_OUT ?? 'dist'}/firefox`;

export const OPTIONS_PAGE = 'src/options/index.html';
export const POPUP_PAGE = 'src/popup/index.html';

export interface FirefoxProduct {
  emulator: Emulator;
  fx: FirefoxHarness;
  /** The options tab the extension opened on install: an extension page for `browser.*` reads. */
  probe: string;
  /** Fills "API key" / "API secret" on a fresh options tab, saves, and closes that tab. */
  enterApiKey(key?: string, secret?: string): Promise<void>;
  /** Popup → "Sign in with Flickr" (or "Sign in again") → authorize page → approve; resolves once signed in with figures. */
  signIn(): Promise<void>;
  /** The popup page in a tab; resolves once it has rendered. */
  openPopup(): Promise<string>;
  /** https://www.flickr.com<path> in a new tab. */
  openUploadPage(path?: string): Promise<string>;
  waitForBadge(predicate: (b: BadgeState) => boolean, timeoutMs?: number): Promise<BadgeState>;
  /** One key of `storage.local` (null when absent). */
  storage<T = unknown>(key: string): Promise<T>;
  /** Everything in `storage.local`. */
  storageAll(): Promise<Record<string, unknown>>;
  /** One entry of the extension's IndexedDB vault (`quota-badge-vault`, store `secrets`), null when absent. */
  vaultEntry<T = unknown>(key: string): Promise<T>;
  close(): Promise<void>;
}

/** Waits for `text` in the page's rendered text (`innerText`, so hidden nodes do not count). */
export async function waitForText(fx: FirefoxHarness, context: string, text: string, timeoutMs = 10_000): Promise<void> {
  await fx.waitFor(context, `document.body?.innerText.includes(${JSON.stringify(text)})`, timeoutMs);
}

const READ_VAULT = `(key) => new Promise((resolve, reject) => {
  const open = indexedDB.open('quota-badge-vault');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('secrets')) { db.close(); resolve(null); return; }
    const get = db.transaction('secrets').objectStore('secrets').get(key);
    get.onsuccess = () => { db.close(); resolve(get.result ?? null); };
    get.onerror = () => { db.close(); reject(get.error); };
  };
})`;

export async function startFirefoxProduct(
  options: { scenario?: ScenarioName; headless?: boolean; locale?: string } = {},
): Promise<FirefoxProduct> {
  const emulator = await startEmulator({ scenario: options.scenario ?? 'free-near-limit' });
  // Buttons and labels are found by the text the user sees, in the UI language.
  const t = catalogueTranslate(options.locale ?? 'en');
  let launched: FirefoxHarness | undefined;
  let probe: string;
  try {
    launched = await launchFirefox({
      extensionDir: FIREFOX_BUILD,
      emulatorPort: emulator.port,
      headless: options.headless ?? true,
      ...(options.locale ? { locale: options.locale } : {}),
    });
    // With no API key, the worker opens its options page on install, in the first blank tab.
    probe = await launched.waitForContextUrl(launched.extensionUrl(OPTIONS_PAGE));
    await launched.waitFor(probe, "document.readyState === 'complete' && typeof browser === 'object'");
  } catch (error) {
    await launched?.close();
    await emulator.stop();
    throw error;
  }
  const fx = launched;

  const product: FirefoxProduct = {
    emulator,
    fx,
    probe,
    async enterApiKey(key = DEMO_CONSUMER.key, secret = DEMO_CONSUMER.secret) {
      const page = await fx.openExtensionPage(OPTIONS_PAGE);
      await fx.waitFor(page, "document.querySelector('[data-testid=credentials-form]') !== null");
      await fx.fill(page, { label: t('options_api_key') }, key);
      await fx.fill(page, { label: t('options_api_secret') }, secret);
      await fx.click(page, { role: 'button', name: t('options_save'), within: '[data-testid=credentials-form]' });
      await until('the API key to be saved', async () => (await product.storage('credentialSource')) === 'options');
      await fx.closeContext(page);
    },
    async signIn() {
      const popup = await product.openPopup();
      const labels = JSON.stringify([t('popup_sign_in'), t('popup_sign_in_again')]);
      const name = await fx.waitFor<string>(
        popup,
        `[...document.querySelectorAll('button')].map((b) => b.textContent.trim()).find((l) => ${labels}.includes(l))`,
      );
      const opened = fx.waitForNewContext();
      await fx.click(popup, { role: 'button', name });
      const auth = await opened;
      // The window starts at about:blank, already "complete": wait for the authorize page itself.
      await fx.waitFor(auth, "location.pathname === '/services/oauth/authorize' && document.readyState === 'complete'");
      const closed = fx.waitForContextClosed(auth);
      await fx.click(auth, { role: 'button', name: "OK, I'll authorize it" });
      await closed;
      await until('signed in', async () => (await product.storage<{ state: string } | null>('session'))?.state === 'signed-in');
      await until('the first figures', async () => (await product.storage('status')) !== null);
      await fx.closeContext(popup);
    },
    async openPopup() {
      const page = await fx.openExtensionPage(POPUP_PAGE);
      await fx.waitFor(page, "document.querySelector('main.popup') !== null");
      return page;
    },
    openUploadPage: (path = '/photos/upload/') => fx.newTab(`https://www.flickr.com${path}`),
    async waitForBadge(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let last: BadgeState | undefined;
      while (Date.now() < deadline) {
        last = await fx.badge(probe);
        if (predicate(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`badge never matched; last: ${JSON.stringify(last)}`);
    },
    storage: (key) => fx.callFunction(probe, 'async (k) => (await browser.storage.local.get(k))[k] ?? null', [key]),
    storageAll: () => fx.evaluate(probe, 'browser.storage.local.get(null)'),
    vaultEntry: (key) => fx.callFunction(probe, READ_VAULT, [key]),
    async close() {
      await fx.close().catch(() => undefined);
      await emulator.stop();
    },
  };
  return product;
}
