import { afterEach, describe, expect, it } from 'vitest';
import { startProduct, type Product } from './support/product';

let product: Product | undefined;
afterEach(async () => {
  await product?.close();
  product = undefined;
});

describe('first run and sign-in (Chromium)', () => {
  it('opens the options page on install when no API key is built in, and the badge asks for one', async () => {
    product = await startProduct();
    const { context } = product.browser;
    const optionsUrl = product.browser.extensionUrl('src/options/index.html');
    await expect.poll(() => context.pages().some((p) => p.url().startsWith(optionsUrl)), { timeout: 10_000 }).toBe(true);
    const badge = await product.waitForBadge((b) => b.text === '!');
    expect(badge.title).toMatch(/API key/i);
    const popup = await product.openPopup();
    await expect.poll(() => popup.getByRole('button', { name: 'Open options' }).isVisible()).toBe(true);
  });

  it('signs in through Flickr, polls once with a verified signature, and shows the quota', async () => {
    product = await startProduct({ scenario: 'free-near-limit' });
    await product.enterApiKey();
    const popup = await product.openPopup();
    await expect.poll(() => popup.getByRole('button', { name: 'Sign in with Flickr' }).isVisible()).toBe(true);
    await popup.close();
    await product.signIn();

    const badge = await product.waitForBadge((b) => b.text === '10');
    expect(badge.color.slice(0, 3)).toEqual([0xcf, 0x22, 0x2e]); // red: 1 % of items left
    expect(badge.title).toContain('10 items left of 1,000');
    const oauth = product.emulator.calls.filter((c) => c.oauthEndpoint);
    expect(oauth.map((c) => [c.oauthEndpoint, c.outcome])).toEqual([
      ['request_token', 'ok'],
      ['authorize', 'ok'],
      ['authorize', 'ok'],
      ['access_token', 'ok'],
    ].slice(0, oauth.length));
    expect(product.emulator.restCallCount('flickr.people.getUploadStatus')).toBe(1);
    expect(product.emulator.calls.filter((c) => c.apiMethod).every((c) => c.outcome === 'ok')).toBe(true);

    const view = await product.openPopup();
    await expect.poll(() => view.getByText('Bees').first().isVisible()).toBe(true);
    await expect.poll(() => view.getByText('990 of 1,000 used, 10 left').isVisible()).toBe(true);
    await expect.poll(() => view.getByText('200 MB').first().isVisible()).toBe(true);
    await expect.poll(() => view.getByText('1 GB').first().isVisible()).toBe(true);
    await expect.poll(() => view.getByText(/Updated (just now|\d+ seconds? ago)/).isVisible()).toBe(true);
  });

  it('a cancelled sign-in (Flickr sends the window home) ends cleanly when the window closes', async () => {
    product = await startProduct();
    await product.enterApiKey();
    const { context } = product.browser;
    const popup = await product.openPopup();
    const authWindow = context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Sign in with Flickr' }).click();
    const auth = await authWindow;
    await auth.getByRole('button', { name: 'No thanks' }).click();
    await auth.waitForURL('https://www.flickr.com/');
    expect(((await product.storage<{ state: string }>('session'))).state).toBe('signing-in');
    await auth.close();
    await expect.poll(async () => (await product!.storage<{ state: string }>('session')).state).toBe('signed-out');
    expect(await product.storage('lastAttempt')).toBeNull();
    const badge = await product.waitForBadge((b) => b.text === '!');
    expect(badge.title).toMatch(/sign in/i);
  });

  it('signs out: forgets tokens and figures, and says where to revoke access on Flickr', async () => {
    product = await startProduct({ scenario: 'pro' });
    await product.enterApiKey();
    await product.signIn();
    await product.waitForBadge((b) => b.text === '99%'); // the doc example's 2 GB monthly bandwidth
    const popup = await product.openPopup();
    await popup.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => popup.getByRole('link', { name: "Apps you're using" }).getAttribute('href')).toBe(
      'https://www.flickr.com/services/auth/list.gne',
    );
    expect(await product.storage('status')).toBeNull();
    const vault = await product.browser.worker.evaluate(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open('quota-badge-vault');
          open.onsuccess = () => {
            const get = open.result.transaction('secrets').objectStore('secrets').get('access');
            get.onsuccess = () => resolve(get.result ?? null);
          };
        }),
    );
    expect(vault).toBeNull();
    await product.waitForBadge((b) => b.text === '!');
  });
  it('signing out while a refresh is on the wire: the late answer is dropped, nothing comes back', async () => {
    product = await startProduct({ scenario: 'free-near-limit' });
    await product.enterApiKey();
    await product.signIn();
    product.emulator.setReplyDelay(2000);
    const popup = await product.openPopup();
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => product!.storage('refreshing')).toBe(true);
    await popup.getByRole('button', { name: 'Sign out' }).click();
    await new Promise((r) => setTimeout(r, 3000)); // the delayed reply has landed by now
    expect(product.emulator.restCallCount('flickr.people.getUploadStatus')).toBe(2);
    expect(await product.storage('status')).toBeNull();
    expect(await product.storage('refreshing')).toBe(false);
    expect(await product.browser.worker.evaluate(async () => (await chrome.alarms.getAll()).length)).toBe(0);
    expect((await product.waitForBadge((b) => b.text === '!')).title).toMatch(/sign in/i);
  });
});
