/**
 * Each UI language in Firefox ESR (Debian's language packs, installed by
 * scripts/ensure-browsers.sh): the extension follows Firefox's UI language — i18n, the options
 * page, the popup after sign-in, numbers, and the badge tooltip. Expected texts come from each
 * locale's catalogue, never from a translation written here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { catalogueTranslate } from '../support/i18n';
import { formatCount } from '../../src/quota/format';
import { startFirefoxProduct, waitForText, type FirefoxProduct } from './support/firefox-product';

let product: FirefoxProduct | undefined;
afterEach(async () => {
  await product?.close();
  product = undefined;
});

describe.each(['de', 'fr', 'es', 'ja'])('Firefox ESR in %s', (locale) => {
  const t = catalogueTranslate(locale);

  it('speaks the language in the options page, the popup and the badge tooltip', async () => {
    product = await startFirefoxProduct({ scenario: 'free-near-limit', locale });
    const { fx, probe } = product;
    expect(String(await fx.evaluate(probe, 'browser.i18n.getUILanguage()')).slice(0, 2)).toBe(locale);
    expect(await fx.evaluate(probe, 'document.title')).toBe(t('options_title'));
    await waitForText(fx, probe, t('options_api_key'));

    await product.enterApiKey();
    await product.signIn();
    const badge = await product.waitForBadge((b) => b.text === '10');
    expect(badge.title.startsWith(t('extName'))).toBe(true);
    expect(badge.title).toContain(formatCount(1000, locale));

    const popup = await product.openPopup();
    await waitForText(fx, popup, t('popup_bandwidth_label'));
    await waitForText(fx, popup, t('popup_refresh'));
    // "990 of 1,000 used, 10 left", with the language's own digit grouping.
    const items = t('popup_items_used', [formatCount(990, locale), formatCount(1000, locale), formatCount(10, locale)]);
    await waitForText(fx, popup, items);
  });
});
