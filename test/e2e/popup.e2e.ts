import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSignedIn, type Product } from './support/product';

let product: Product;

beforeAll(async () => {
  product = await startSignedIn('free-near-limit');
});
afterAll(async () => product?.close());

async function refreshTo(scenario: Parameters<Product['emulator']['setScenario']>[0]): Promise<Page> {
  product.emulator.setScenario(scenario);
  const before = product.emulator.restCallCount('flickr.people.getUploadStatus');
  const popup = await product.openPopup();
  await popup.getByRole('button', { name: 'Refresh' }).click();
  await expect.poll(() => product.emulator.restCallCount('flickr.people.getUploadStatus')).toBe(before + 1);
  await expect.poll(() => product.storage('refreshing')).toBe(false);
  return popup;
}

const rgb = (b: { color: number[] }) => b.color.slice(0, 3);

describe('popup and badge for each account state (Chromium)', () => {
  it('free account with unlimited bandwidth (real 2014 reply): nothing limited → ∞ green, "Unlimited"', async () => {
    const popup = await refreshTo('free-unlimited-2014');
    const badge = await product.waitForBadge((b) => b.text === '∞');
    expect(rgb(badge)).toEqual([0x1a, 0x7f, 0x37]);
    expect(badge.title).toMatch(/no upload limits/i);
    await expect.poll(() => popup.getByTestId('figure-bandwidth').textContent()).toContain('Unlimited');
    await expect.poll(() => popup.getByTestId('figure-videos').textContent()).toContain('Unlimited');
    expect(await popup.getByTestId('figure-items').count()).toBe(0); // no upload_limit in the reply
    await popup.close();
  });

  it('limited bandwidth: percentage on the badge, amount and meter in the popup', async () => {
    const popup = await refreshTo('limited-bandwidth');
    // 85,899,345 of 1,073,741,824 bytes is 7.99… %: percentages round down, never up.
    const badge = await product.waitForBadge((b) => b.text === '7%');
    expect(rgb(badge)).toEqual([0xcf, 0x22, 0x2e]);
    const meter = popup.getByRole('meter', { name: 'Bandwidth left this month' });
    await expect.poll(() => meter.getAttribute('aria-valuenow')).toBe('85899345');
    expect(await meter.getAttribute('aria-valuemax')).toBe(String(1024 ** 3));
    expect(await popup.getByTestId('figure-bandwidth').textContent()).toContain('82 MB left of 1 GB');
    await popup.close();
  });

  it('over the free limit: "over the limit", 0 left, red', async () => {
    const popup = await refreshTo('free-over-limit');
    const badge = await product.waitForBadge((b) => b.text === '0');
    expect(rgb(badge)).toEqual([0xcf, 0x22, 0x2e]);
    await expect.poll(() => popup.getByTestId('figure-items').textContent()).toContain('over the limit, 0 left');
    await popup.close();
  });

  it('no video uploads left: the video allowance says 0', async () => {
    const popup = await refreshTo('no-videos-left');
    await expect.poll(() => popup.getByTestId('figure-videos').textContent()).toMatch(/left\s*0$/);
    await popup.close();
  });

  it('Flickr unavailable (105): the last figures stay, with their age, the badge goes grey and says why', async () => {
    await refreshTo('free-near-limit');
    await product.waitForBadge((b) => b.text === '10');
    const popup = await refreshTo('unavailable-105');
    const badge = await product.waitForBadge((b) => rgb(b).join() === [0x57, 0x60, 0x6a].join());
    expect(badge.text).toBe('10');
    expect(badge.title).toMatch(/unavailable/i);
    await expect.poll(() => popup.getByTestId('attempt-error').textContent()).toMatch(/Flickr is unavailable/);
    expect(await popup.getByTestId('figure-items').textContent()).toContain('990 of 1,000 used, 10 left');
    await popup.close();
  });

  it('token revoked (98): red "!", asks to sign in again, keeps the figures marked stale, stops polling', async () => {
    const popup = await refreshTo('revoked');
    const badge = await product.waitForBadge((b) => b.text === '!');
    expect(rgb(badge)).toEqual([0xcf, 0x22, 0x2e]);
    await expect.poll(() => popup.getByRole('button', { name: 'Sign in again' }).isVisible()).toBe(true);
    expect(await popup.getByTestId('figures').getAttribute('class')).toContain('stale');
    expect(await product.browser.worker.evaluate(async () => (await chrome.alarms.get('poll')) ?? null)).toBeNull();
    await popup.close();
  });

  it('signing in again after a revoke restores polling and fresh figures', async () => {
    product.emulator.setScenario('pro');
    await product.signIn();
    await product.waitForBadge((b) => b.text === '99%');
    expect(await product.browser.worker.evaluate(async () => (await chrome.alarms.get('poll'))?.scheduledTime ?? null)).not.toBeNull();
  });
});
