/**
 * Polish, in Chromium: each UI language loads (popup, badge tooltip, options, upload warning, with
 * numbers formatted for the language), dark mode renders dark, axe-core finds no violations on
 * any page, and the popup and options page work from the keyboard alone.
 *
 * Expected words come from the catalogue of the locale under test (catalogueTranslate), never
 * from strings written here. Screenshots and the axe figures go to artifacts/polish/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/content/checks';
import type { Translate } from '../../src/i18n';
import { decideBadge } from '../../src/quota/badge';
import { formatAge, formatBytes, formatCount } from '../../src/quota/format';
import { pollDelayMs } from '../../src/schedule/policy';
import type { StoredState } from '../../src/state';
import { INITIAL_STATE, SETTINGS_BOUNDS } from '../../src/state';
import { DEMO_CONSUMER } from '../emulator/server';
import { catalogueTranslate, loadCatalogue } from '../support/i18n';
import { domAttribute, findAlertTexts, findDomNode, piercedDocument } from './harness/chromium';
import { sparseFile } from './support/files';
import { startProduct, until, type Product } from './support/product';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = resolve(ROOT, 'artifacts/polish');
const AXE_SOURCE = readFileSync(resolve(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const LOCALES = ['en', 'de', 'fr', 'es', 'ja'] as const;
type Locale = (typeof LOCALES)[number];

/** 1000 as each language writes it: the independent check that Intl got the UI language. */
const THOUSAND: Record<Locale, string> = { en: '1,000', de: '1.000', fr: '1\u202f000', es: '1000', ja: '1,000' };
const MB = 1024 * 1024;
const PHOTO_LIMIT = 200 * MB; // free-near-limit: photo filesize maxbytes 209715200

mkdirSync(ARTIFACTS, { recursive: true });
let filesDir: string;
beforeAll(async () => {
  filesDir = await mkdtemp(join(tmpdir(), 'qb-polish-files-'));
});

/** Every axe run, written out at the end for the report. */
const axeFigures: {
  page: string;
  locale: string;
  scheme: string;
  violations: number;
  rules: string[];
  /** Checks axe could not decide (e.g. contrast over an image); reported, not failed. */
  incomplete: string[];
}[] = [];
afterAll(async () => {
  writeFileSync(join(ARTIFACTS, 'axe-results.json'), `${JSON.stringify(axeFigures, null, 2)}\n`);
  await rm(filesDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Helpers



interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page. Extension pages allow only their own scripts (`script-src 'self'`),
 * so axe is evaluated over CDP (not subject to the page's CSP) rather than added as a <script>.
 */
async function axe(page: Page, label: { page: string; locale: string; scheme: string } | null): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const { violations, incomplete } = (await page.evaluate(async () => {
    type Result = { id: string; nodes: unknown[] };
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Result[]; incomplete: Result[] }> } }).axe;
    const result = await axe.run();
    return { violations: result.violations, incomplete: result.incomplete.map((r) => `${r.id} ×${r.nodes.length}`) };
  })) as { violations: AxeViolation[]; incomplete: string[] };
  if (label) {
    axeFigures.push({ ...label, violations: violations.length, rules: violations.map((v) => v.id), incomplete });
  }
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`,
  );
}

function parseRgb(css: string): [number, number, number] {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  if (!m) throw new Error(`not an rgb colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
/** WCAG relative luminance, 0 (black) … 1 (white). */
function luminance(css: string): number {
  const [r, g, b] = parseRgb(css).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const isDark = (css: string) => luminance(css) < 0.05;
const isLight = (css: string) => luminance(css) > 0.6;

async function pageColours(page: Page, selector: string): Promise<{ background: string; text: string }> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) throw new Error(`no ${sel}`);
    return { background: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(el).color };
  }, selector);
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

async function storedState(product: Product): Promise<StoredState> {
  const raw = await product.browser.worker.evaluate(() => chrome.storage.local.get(null));
  return { ...INITIAL_STATE, ...(raw as Partial<StoredState>) };
}

async function optionsPage(product: Product): Promise<Page> {
  const url = product.browser.extensionUrl('src/options/index.html');
  const open = product.browser.context.pages().find((p) => p.url().startsWith(url));
  const page = open ?? (await product.browser.newPage());
  if (!open) await page.goto(url);
  await page.locator('#api-key').waitFor();
  return page;
}

/** The options form filled and saved through its labels in the locale under test. */
async function enterApiKey(product: Product, t: Translate): Promise<void> {
  const page = await optionsPage(product);
  await page.getByLabel(t('options_api_key'), { exact: true }).fill(DEMO_CONSUMER.key);
  await page.getByLabel(t('options_api_secret'), { exact: true }).fill(DEMO_CONSUMER.secret);
  await page.getByTestId('credentials-form').getByRole('button', { name: t('options_save'), exact: true }).click();
  await until('the API key to be saved', async () => (await product.storage('credentialSource')) === 'options');
  await page.close();
}

/** Popup → the localized sign-in button → the emulator's authorize page → approve. */
async function signIn(product: Product, t: Translate): Promise<void> {
  const popup = await product.openPopup();
  const authWindow = product.browser.context.waitForEvent('page');
  await popup.getByRole('button', { name: t('popup_sign_in'), exact: true }).click();
  const auth = await authWindow;
  await auth.waitForLoadState('domcontentloaded');
  await auth.getByRole('button', { name: "OK, I'll authorize it" }).click();
  await until('signed in', async () => (await product.storage<{ state: string }>('session'))?.state === 'signed-in');
  await until('the first figures', async () => (await product.storage('status')) !== null);
  await until('the refresh to finish', async () => (await product.storage('refreshing')) === false);
  await popup.close().catch(() => undefined);
}

async function openPopup(product: Product): Promise<Page> {
  const popup = await product.openPopup();
  await popup.setViewportSize({ width: 340, height: 600 });
  await popup.locator('main.popup').waitFor();
  return popup;
}

/** The popup's <main> (the popup is as tall as its content), or the whole page. */
async function screenshot(page: Page, name: string): Promise<void> {
  const popup = page.locator('main.popup');
  if (await popup.count()) await popup.screenshot({ path: join(ARTIFACTS, name) });
  else await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
}

/** The upload warning's box inside its closed shadow root, through CDP (DOM pierce + CSS). */
async function warningColours(page: Page): Promise<{ background: string; text: string }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const host = findDomNode(await piercedDocument(cdp), (n) => n.nodeName === 'QUOTA-BADGE-WARNING');
    const box = host && findDomNode(host, (n) => n.nodeName === 'DIV' && /(^| )b( |$)/.test(domAttribute(n, 'class') ?? ''));
    if (!box) throw new Error('no warning box in the page');
    const { computedStyle } = (await cdp.send('CSS.getComputedStyleForNode', { nodeId: box.nodeId })) as {
      computedStyle: { name: string; value: string }[];
    };
    const style = (name: string) => computedStyle.find((s) => s.name === name)?.value ?? '';
    return { background: style('background-color'), text: style('color') };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}


/** Chooses one photo over the limit on the emulator's uploader page; resolves once the warning shows. */
async function uploadPageWithWarning(product: Product): Promise<Page> {
  const page = await product.openUploadPage();
  await page.locator('#file-input').setInputFiles([await sparseFile(filesDir, 'too-big.jpg', PHOTO_LIMIT + 1)]);
  await expect.poll(async () => (await findAlertTexts(page)).join(' '), { timeout: 5000 }).toContain('too-big.jpg');
  return page;
}

interface FocusStop {
  id: string;
  focusVisible: boolean;
  indicator: boolean;
}

/** Presses Tab `presses` times and records, for each stop, what has focus and whether it shows. */
async function tabThrough(page: Page, presses: number): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return { id: 'body', focusVisible: false, indicator: false };
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        return {
          id: el.dataset.qbStop ?? '?',
          focusVisible: el.matches(':focus-visible'),
          indicator: outline || style.boxShadow !== 'none',
        };
      }),
    );
  }
  return stops;
}

/** Numbers every visible, enabled control in document order (data-qb-stop) and returns the ids. */
async function markControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter(
      (el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0 && el.getClientRects().length > 0,
    );
    return controls.map((el, i) => (el.dataset.qbStop = `${i}:${el.tagName.toLowerCase()}:${el.textContent?.trim() || el.id}`));
  });
}

// ---------------------------------------------------------------------------------------------
// Each language

describe.each(LOCALES)('in %s (Chromium UI language)', (locale) => {
  const t = catalogueTranslate(locale);
  const lang = locale;
  let product: Product;

  beforeAll(async () => {
    product = await startProduct({ scenario: 'free-near-limit', locale });
  });
  afterAll(async () => product?.close());

  it('the extension runs in this language: chrome.i18n, page language and title, no-key popup and badge tooltip', async () => {
    const popup = await openPopup(product);
    const seen = await popup.evaluate(() => ({
      ui: chrome.i18n.getUILanguage(),
      lang: document.documentElement.lang,
      title: document.title,
    }));
    expect(seen).toEqual({ ui: lang, lang, title: t('popup_title') });
    await expect.poll(() => popup.getByTestId('no-key').textContent()).toBe(t('popup_no_key') + t('popup_open_options'));
    expect(await popup.getByRole('button', { name: t('popup_open_options'), exact: true }).isVisible()).toBe(true);
    const badge = await product.waitForBadge((b) => b.text === '!');
    expect(badge.title).toBe(t('badge_title', [t('extName'), t('badge_no_api_key')]));
    expect(await axe(popup, { page: 'popup: no API key', locale, scheme: 'light' })).toEqual([]);
    await popup.close();
  });

  it('options page: heading and labels in this language; axe finds nothing', async () => {
    const page = await optionsPage(product);
    expect(await page.title()).toBe(t('options_title'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t('options_heading'));
    expect(await page.getByLabel(t('options_poll_interval'), { exact: true }).inputValue()).toBe(
      String(INITIAL_STATE.settings.pollIntervalMinutes),
    );
    expect(await axe(page, { page: 'options', locale, scheme: 'light' })).toEqual([]);
    await screenshot(page, `options-${locale}-light.png`);
  });

  it('options page: the numbers in its hints are written the way this language writes them', async () => {
    const page = await optionsPage(product);
    const { min, max } = SETTINGS_BOUNDS.pollIntervalMinutes;
    expect(await page.locator('#poll-interval-hint').textContent()).toBe(
      t('options_poll_interval_hint', [formatCount(min, lang), formatCount(max, lang)]),
    );
  });

  it('signed out: the popup asks to sign in, in this language; axe finds nothing', async () => {
    await enterApiKey(product, t);
    const popup = await openPopup(product);
    await expect.poll(() => popup.getByTestId('signed-out').locator('p').textContent()).toBe(t('popup_signed_out'));
    expect(await popup.getByRole('button', { name: t('popup_sign_in'), exact: true }).isEnabled()).toBe(true);
    const badge = await product.waitForBadge((b) => b.text === '!');
    expect(badge.title).toBe(t('badge_title', [t('extName'), t('badge_signed_out')]));
    expect(await axe(popup, { page: 'popup: signed out', locale, scheme: 'light' })).toEqual([]);
    await popup.close();
  });

  it('signed in: figures, numbers and the badge tooltip in this language; axe finds nothing', async () => {
    await signIn(product, t);
    const popup = await openPopup(product);
    await popup.getByTestId('figures').waitFor();
    const state = await storedState(product);
    expect(state.status?.value.itemLimit).toMatchObject({ uploadCount: 990, uploadLimit: 1000 });

    expect(await popup.getByRole('heading', { level: 1 }).textContent()).toBe(t('popup_heading'));
    const items = t('popup_items_used', [formatCount(990, lang), formatCount(1000, lang), formatCount(10, lang)]);
    expect(normalise((await popup.getByTestId('figure-items').textContent()) ?? '')).toBe(
      normalise(t('popup_items_label') + items),
    );
    expect(items).toContain(THOUSAND[locale]);
    expect(await popup.getByRole('meter', { name: t('popup_items_meter_label'), exact: true }).getAttribute('aria-valuetext')).toBe(
      t('popup_amount_left_of', [formatCount(10, lang), formatCount(1000, lang)]),
    );
    expect(await popup.getByTestId('figure-photo-size').locator('dt').textContent()).toBe(t('popup_photo_max_size'));
    expect(await popup.getByTestId('figure-photo-size').locator('dd').textContent()).toBe(formatBytes(PHOTO_LIMIT, lang));
    const updated = await popup.getByTestId('updated').textContent();
    expect(updated).toBe(t('popup_updated', [formatAge(Date.now() - state.status!.fetchedAt, lang, t)]));
    for (const key of ['popup_refresh', 'popup_sign_out'] as const) {
      expect(await popup.getByRole('button', { name: t(key), exact: true }).isVisible(), key).toBe(true);
    }
    expect(await popup.getByRole('link', { name: t('popup_uploader_link'), exact: true }).isVisible()).toBe(true);

    const badge = await product.waitForBadge((b) => b.text === '10');
    const expected = decideBadge(
      {
        session: state.session,
        credentialSource: state.credentialSource,
        status: state.status,
        lastAttempt: state.lastAttempt,
        now: Date.now(),
        pollIntervalMs: pollDelayMs(state.status?.value ?? null, state.settings),
        thresholds: state.settings,
      },
      t,
      lang,
    );
    expect(badge.title).toBe(expected.title);
    expect(badge.title).toContain(t('quota_items_left_other', [formatCount(10, lang), formatCount(1000, lang)]));
    expect(badge.title).toContain(THOUSAND[locale]);

    expect(await axe(popup, { page: 'popup: signed in, figures', locale, scheme: 'light' })).toEqual([]);
    await screenshot(popup, `popup-${locale}-light.png`);
    await popup.emulateMedia({ colorScheme: 'dark' });
    expect(isDark((await pageColours(popup, 'main')).background)).toBe(true);
    expect(await axe(popup, { page: 'popup: signed in, figures', locale, scheme: 'dark' })).toEqual([]);
    await screenshot(popup, `popup-${locale}-dark.png`);
    await popup.close();
  });

  it('upload page: the warning speaks this language, with sizes formatted for it', async () => {
    const page = await uploadPageWithWarning(product);
    const text = normalise((await findAlertTexts(page)).join(' '));
    expect(text).toContain(normalise(t('warning_title')));
    expect(text).toContain(normalise(t('warning_photoTooLarge', [formatBytes(PHOTO_LIMIT, lang)])));
    await page.close();
  });
});

// ---------------------------------------------------------------------------------------------
// Dark mode, the remaining views, and the keyboard

describe('dark mode, error views and keyboard (English, colorScheme dark)', () => {
  const t = catalogueTranslate('en');
  let product: Product;

  beforeAll(async () => {
    product = await startProduct({ scenario: 'free-near-limit', colorScheme: 'dark' });
  });
  afterAll(async () => product?.close());

  it('options page: dark, and the API key can be entered and saved with the keyboard alone', async () => {
    const page = await optionsPage(product);
    const colours = await pageColours(page, 'h1');
    expect(isDark(colours.background), colours.background).toBe(true);
    expect(isLight(colours.text), colours.text).toBe(true);
    expect(await axe(page, { page: 'options', locale: 'en', scheme: 'dark' })).toEqual([]);
    await screenshot(page, 'options-en-dark.png');

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
    for (let i = 0; i < 10 && (await focusedId()) !== 'api-key'; i++) await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('api-key');
    await page.keyboard.type(DEMO_CONSUMER.key);
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('api-secret');
    await page.keyboard.type(DEMO_CONSUMER.secret);
    await page.keyboard.press('Enter');
    await until('the API key to be saved', async () => (await product.storage('credentialSource')) === 'options');
    await expect.poll(() => page.getByTestId('credentials-outcome').textContent()).toBe(t('options_credentials_saved'));

    for (let i = 0; i < 10 && (await focusedId()) !== 'poll-interval'; i++) await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('poll-interval');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('45');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await product.storage<{ pollIntervalMinutes: number }>('settings')).pollIntervalMinutes).toBe(45);
    await expect.poll(() => page.getByTestId('settings-outcome').textContent()).toBe(t('options_settings_saved'));
    await page.close();
  });

  it('options page: every control is reached with Tab, in order, and shows a focus indicator', async () => {
    const page = await optionsPage(product);
    const controls = await markControls(page);
    expect(controls.length).toBeGreaterThanOrEqual(8); // link, key, secret, Save, Remove, 3 numbers, Save, checkbox
    const stops = await tabThrough(page, controls.length);
    expect(stops.map((s) => s.id)).toEqual(controls);
    expect(stops.filter((s) => !s.focusVisible || !s.indicator)).toEqual([]);
    await page.close();
  });

  it('popup signed in: dark background, light text; axe finds nothing', async () => {
    await signIn(product, t);
    const popup = await openPopup(product);
    await popup.getByTestId('figures').waitFor();
    const colours = await pageColours(popup, '.username');
    expect(isDark(colours.background), colours.background).toBe(true);
    expect(isLight(colours.text), colours.text).toBe(true);
    expect(await axe(popup, { page: 'popup: signed in, figures', locale: 'en', scheme: 'dark (launch)' })).toEqual([]);
    await popup.close();
  });

  it('popup signed in: every control is reached with Tab, in order, and shows a focus indicator', async () => {
    const popup = await openPopup(product);
    await popup.getByTestId('figures').waitFor();
    await expect.poll(() => popup.getByRole('button', { name: t('popup_refresh'), exact: true }).isEnabled()).toBe(true);
    const controls = await markControls(popup);
    expect(controls.length).toBeGreaterThanOrEqual(4); // two links, Refresh, Sign out
    const stops = await tabThrough(popup, controls.length);
    expect(stops.map((s) => s.id)).toEqual(controls);
    expect(stops.filter((s) => !s.focusVisible || !s.indicator)).toEqual([]);
    await popup.close();
  });

  it('upload warning in the closed shadow root: dark box, light text', async () => {
    const page = await uploadPageWithWarning(product);
    const colours = await warningColours(page);
    expect(isDark(colours.background), colours.background).toBe(true);
    expect(isLight(colours.text), colours.text).toBe(true);
    await screenshot(page, 'upload-warning-en-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await warningColours(page);
    expect(isLight(light.background), light.background).toBe(true);
    expect(isDark(light.text), light.text).toBe(true);
    await screenshot(page, 'upload-warning-en-light.png');
    await page.close();
  });

  it('error view (Flickr unavailable): axe finds nothing, dark and light', async () => {
    product.emulator.setScenario('unavailable-105');
    const popup = await openPopup(product);
    await popup.getByRole('button', { name: t('popup_refresh'), exact: true }).click();
    await expect.poll(() => popup.getByTestId('attempt-error').isVisible()).toBe(true);
    await expect.poll(() => product.storage('refreshing')).toBe(false);
    expect(await axe(popup, { page: 'popup: error (105)', locale: 'en', scheme: 'dark' })).toEqual([]);
    await screenshot(popup, 'popup-en-error-dark.png');
    await popup.emulateMedia({ colorScheme: 'light' });
    expect(await axe(popup, { page: 'popup: error (105)', locale: 'en', scheme: 'light' })).toEqual([]);
    await screenshot(popup, 'popup-en-error-light.png');
    await popup.close();
  });

  it('revoked view (stale figures): axe finds nothing, dark and light', async () => {
    product.emulator.setScenario('revoked');
    const popup = await openPopup(product);
    await popup.getByRole('button', { name: t('popup_refresh'), exact: true }).click();
    await expect.poll(() => popup.getByTestId('revoked').isVisible()).toBe(true);
    expect(await axe(popup, { page: 'popup: revoked, stale figures', locale: 'en', scheme: 'dark' })).toEqual([]);
    await popup.emulateMedia({ colorScheme: 'light' });
    expect(await axe(popup, { page: 'popup: revoked, stale figures', locale: 'en', scheme: 'light' })).toEqual([]);
    await screenshot(popup, 'popup-en-revoked-light.png');
    await popup.close();
  });
});

// ---------------------------------------------------------------------------------------------
// The upload warning's component, in an open shadow root, for axe

/** src/content/warning.ts bundled as an IIFE exposing `QBWarning.createWarning`. */
async function warningBundle(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve(ROOT, 'src/content/warning.ts'), name: 'QBWarning', formats: ['iife'], fileName: () => 'warning.js' },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as { output: { type: string; code?: string }[] }[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error('no warning bundle');
  return chunk.code;
}

const FINDINGS: Finding[] = [
  { kind: 'photo-too-large', limitBytes: PHOTO_LIMIT, files: [{ index: 0, name: 'holiday-panorama.jpg', size: 250 * MB }] },
  { kind: 'video-too-large', limitBytes: 1024 * MB, files: [{ index: 1, name: 'wedding.mov', size: 1300 * MB }] },
  { kind: 'video-too-long', limitSeconds: 180, files: [{ index: 2, name: 'concert.mp4', size: 90 * MB, seconds: 420 }] },
  {
    kind: 'too-many-items',
    itemsLeft: 10,
    fileCount: 45,
    files: Array.from({ length: 35 }, (_, i) => ({ index: 10 + i, name: `photo-${10 + i}.jpg`, size: 2 * MB })),
  },
  { kind: 'over-bandwidth', bandwidthLeftBytes: 300 * MB, totalBytes: 1400 * MB, files: [{ index: 3, name: 'raw.tif', size: 400 * MB }] },
];

describe('upload warning component in an open shadow root (axe)', () => {
  let product: Product;
  let bundle: string;

  beforeAll(async () => {
    bundle = await warningBundle();
    product = await startProduct({ scenario: 'free-near-limit' });
    // Installing without a key opens the options page; let it land before pages are added.
    await optionsPage(product);
  });
  afterAll(async () => product?.close());

  async function renderWarning(locale: Locale, content: unknown): Promise<Page> {
    const page = await product.browser.newPage();
    await page.setContent(`<!doctype html><html lang="${locale}"><head><title>Upload</title></head><body><main><h1>Upload</h1></main></body></html>`);
    await page.addScriptTag({ content: bundle });
    await page.evaluate(
      ({ messages, content, locale }) => {
        type Entry = { message: string; placeholders?: Record<string, { content: string }> };
        const catalogue = messages as Record<string, Entry>;
        // The same substitution chrome.i18n.getMessage does (see test/support/i18n.ts).
        const t = (key: string, subs: (string | number)[] = []) => {
          const entry = catalogue[key];
          if (!entry) throw new Error(`missing i18n key ${key}`);
          let text = entry.message;
          for (const [name, ph] of Object.entries(entry.placeholders ?? {})) {
            text = text.replace(new RegExp(`\\$${name}\\$`, 'gi'), ph.content);
          }
          return text.replace(/\$(\d)/g, (_, n: string) => String(subs[Number(n) - 1] ?? ''));
        };
        const api = (window as unknown as { QBWarning: { createWarning: (...a: unknown[]) => { render(c: unknown, s: number): void } } }).QBWarning;
        api.createWarning(t, locale, { mode: 'open' }).render(content, 1);
      },
      { messages: loadCatalogue(locale), content, locale },
    );
    await page.locator('quota-badge-warning').waitFor({ state: 'attached' });
    // The product attaches the host to <html>; axe cannot work out colour contrast outside <body>
    // (it reports "incomplete"), so the scan moves it in. `:host{all:initial}` means the box looks
    // the same wherever it sits.
    await page.evaluate(() => document.body.append(document.querySelector('quota-badge-warning')!));
    return page;
  }

  it.each(['light', 'dark'] as const)('findings, %s: rendered in the open root, zero violations', async (scheme) => {
    const page = await renderWarning('en', { kind: 'findings', findings: FINDINGS });
    await page.emulateMedia({ colorScheme: scheme });
    const t = catalogueTranslate('en');
    const alertText = await page.evaluate(() => document.querySelector('quota-badge-warning')?.shadowRoot?.textContent ?? '');
    expect(alertText).toContain(t('warning_title'));
    expect(alertText).toContain(t('warning_more', [formatCount(15, 'en')]));
    expect(await axe(page, { page: 'upload warning: findings (open root)', locale: 'en', scheme })).toEqual([]);
    await screenshot(page, `upload-warning-component-${scheme}.png`);
    await page.close();
  });

  it.each(['light', 'dark'] as const)('sign-in hint, %s: zero violations', async (scheme) => {
    const page = await renderWarning('en', { kind: 'hint', reason: 'signed-out' });
    await page.emulateMedia({ colorScheme: scheme });
    expect(await axe(page, { page: 'upload warning: hint (open root)', locale: 'en', scheme })).toEqual([]);
    await page.close();
  });

  it('axe does look inside the open root: low-contrast text planted there is reported', async () => {
    const page = await renderWarning('en', { kind: 'findings', findings: FINDINGS });
    await page.evaluate(() => {
      const title = document.querySelector('quota-badge-warning')?.shadowRoot?.querySelector<HTMLElement>('.t');
      if (title) title.style.color = '#f4e9c9';
    });
    expect((await axe(page, null)).map((v) => v.split(' ')[0])).toContain('color-contrast');
    await page.close();
  });

  it('findings in Japanese, dark: zero violations', async () => {
    const page = await renderWarning('ja', { kind: 'findings', findings: FINDINGS });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axe(page, { page: 'upload warning: findings (open root)', locale: 'ja', scheme: 'dark' })).toEqual([]);
    await page.close();
  });
});
