/**
 * The product as a user meets it, for browser tests and the demo: the release build in
 * dist/chrome, the Flickr emulator behind the real hostnames, the API key entered on the options
 * page, and sign-in through the emulator's authorize page.
 */
import type { Page } from 'playwright-core';
import { DEMO_CONSUMER, startEmulator, type Emulator, type ScenarioName } from '../../emulator/server';
import { launchChromium, type BadgeState, type ChromiumSession } from '../harness/chromium';

/** The release build under test; QB_OUT moves it (see scripts/build.ts). */
/** Polls until `check` returns true (usable in hooks, unlike expect.poll). */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const CHROME_BUILD = `${process.env.QB_OUT ?? 'dist'}/chrome`;

export interface Product {
  emulator: Emulator;
  browser: ChromiumSession;
  /** Fills "API key" / "API secret" on the options page and saves. */
  enterApiKey(key?: string, secret?: string): Promise<void>;
  /** Popup → "Sign in with Flickr" → authorize page → approve; resolves once signed in. */
  signIn(): Promise<void>;
  openPopup(): Promise<Page>;
  openUploadPage(path?: string): Promise<Page>;
  waitForBadge(predicate: (b: BadgeState) => boolean, timeoutMs?: number): Promise<BadgeState>;
  storage<T = unknown>(key: string): Promise<T>;
  close(): Promise<void>;
}

export async function startProduct(options: {
  scenario?: ScenarioName;
  locale?: string;
  colorScheme?: 'light' | 'dark';
  headless?: boolean;
} = {}): Promise<Product> {
  const emulator = await startEmulator({ scenario: options.scenario ?? 'free-near-limit' });
  let browser: ChromiumSession;
  try {
    browser = await launchChromium({
      extensionDir: CHROME_BUILD,
      emulatorPort: emulator.port,
      headless: options.headless ?? true,
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
    });
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  const { context } = browser;
  // Without a built-in key, install opens the options page; Chrome may load it into the next
  // blank tab a test opens, interrupting that tab's navigation. Let it land first.
  const optionsUrl = browser.extensionUrl('src/options/index.html');
  await until('the options page opened on install', () => context.pages().some((p) => p.url().startsWith(optionsUrl)), 15_000).catch(
    () => undefined,
  );

  const product: Product = {
    emulator,
    browser,
    async enterApiKey(key = DEMO_CONSUMER.key, secret = DEMO_CONSUMER.secret) {
      // Use the options tab that install opened, if it is still there (a second one would race it).
      let page = context.pages().find((p) => p.url().startsWith(optionsUrl));
      if (!page) {
        page = await context.newPage();
        await page.goto(optionsUrl);
      }
      await page.waitForLoadState('domcontentloaded');
      await page.getByLabel('API key', { exact: true }).fill(key);
      await page.getByLabel('API secret', { exact: true }).fill(secret);
      await page.getByTestId('credentials-form').getByRole('button', { name: 'Save', exact: true }).click();
      await until('the API key to be saved', async () => (await product.storage('credentialSource')) === 'options');
      await page.close();
    },
    async signIn() {
      const popup = await product.openPopup();
      const authWindow = context.waitForEvent('page');
      await popup.getByRole('button', { name: /^Sign in( again| with Flickr)$/ }).click();
      const auth = await authWindow;
      await auth.waitForLoadState('domcontentloaded');
      await auth.getByRole('button', { name: "OK, I'll authorize it" }).click();
      await until('signed in', async () => (await product.storage<{ state: string }>('session'))?.state === 'signed-in');
      await until('the first figures', async () => (await product.storage('status')) !== null);
      await popup.close().catch(() => undefined);
    },
    async openPopup() {
      const page = await context.newPage();
      await page.goto(browser.extensionUrl('src/popup/index.html'));
      return page;
    },
    async openUploadPage(path = '/photos/upload/') {
      const page = await context.newPage();
      await page.goto(`https://www.flickr.com${path}`);
      return page;
    },
    async waitForBadge(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let last: BadgeState | undefined;
      while (Date.now() < deadline) {
        last = await browser.badge();
        if (predicate(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`badge never matched; last: ${JSON.stringify(last)}`);
    },
    async storage<T>(key: string) {
      return browser.worker.evaluate(
        async (k: string) => (await chrome.storage.local.get(k))[k] ?? null,
        key,
      ) as Promise<T>;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await emulator.stop();
    },
  };
  return product;
}

/** The product signed in on `scenario`, its first figures on the badge: most tests start here. */
export async function startSignedIn(scenario: ScenarioName = 'free-near-limit'): Promise<Product> {
  const product = await startProduct({ scenario });
  try {
    await product.enterApiKey();
    await product.signIn();
    await product.waitForBadge((b) => b.text !== '…' && b.text !== '');
    return product;
  } catch (error) {
    await product.close();
    throw error;
  }
}
