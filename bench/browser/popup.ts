/**
 * Popup timings. The popup is opened as a page at its extension URL in a fresh tab; "painted" is
 * the product's own `figures-painted` mark (first animation frame after the cached figures are
 * rendered), read as its startTime, i.e. from navigation start.
 *
 * The floor is the popup's final markup frozen into a static page of the same extension, with
 * the same stylesheets and one tiny external script that sets the same mark in its first frame
 * (extension CSP forbids inline scripts). Popup and floor are opened alternately in one run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { FIGURES_PAINTED_MARK } from '../../src/popup/start';
import type { UploadStatus } from '../../src/flickr/types';
import type { Dated } from '../../src/state';
import { median, spread, type Spread } from '../lib/stats';
import type { BenchBrowser } from './session';

export const POPUP_PATH = 'src/popup/index.html';
export const FLOOR_PAGE = 'bench-floor.html';
export const FLOOR_SCRIPT = 'bench-floor.js';
const FRESH_MARK = 'bench-fresh-figures';

export interface PopupCapture {
  title: string;
  lang: string;
  /** The rendered markup of `#app`, frozen for the floor page. */
  appMarkup: string;
  text: string;
}

/** Opens the popup once and keeps what it shows. */
export async function capturePopup(browser: BenchBrowser): Promise<PopupCapture> {
  const page = await openAndWaitForMark(browser.context, browser.product.url(POPUP_PATH));
  const capture = await page.evaluate(() => ({
    title: document.title,
    lang: document.documentElement.lang,
    appMarkup: document.getElementById('app')?.innerHTML ?? '',
    text: document.body.innerText,
  }));
  await page.close();
  return capture;
}

/**
 * Writes the floor page beside the built popup: the built popup HTML (same head, same
 * stylesheets) with its module script swapped for `bench-floor.js` and `#app` pre-filled.
 */
export function writeFloorPage(extensionDir: string, capture: PopupCapture): void {
  const built = readFileSync(join(extensionDir, POPUP_PATH), 'utf8');
  const html = built
    .replace(/<script\b[^>]*type="module"[^>]*><\/script>/, `<script src="/${FLOOR_SCRIPT}" defer></script>`)
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeText(capture.title)}</title>`)
    .replace(/<html lang="[^"]*">/, `<html lang="${escapeText(capture.lang)}">`)
    .replace('<div id="app"></div>', `<div id="app">${capture.appMarkup}</div>`);
  if (!html.includes(FLOOR_SCRIPT) || !html.includes(capture.appMarkup)) {
    throw new Error('the built popup HTML no longer has the shape the floor page is made from');
  }
  writeFileSync(join(extensionDir, FLOOR_PAGE), html);
  writeFileSync(
    join(extensionDir, FLOOR_SCRIPT),
    `requestAnimationFrame(() => performance.mark(${JSON.stringify(FIGURES_PAINTED_MARK)}));\n`,
  );
}

function escapeText(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

async function openAndWaitForMark(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, FIGURES_PAINTED_MARK, {
    timeout: 10_000,
  });
  return page;
}

interface OpenTiming {
  paintedMs: number;
  /** First contentful paint when Chromium reports it (headless does). */
  fcpMs: number | undefined;
}

async function timeOpen(context: BrowserContext, url: string): Promise<OpenTiming> {
  const page = await openAndWaitForMark(context, url);
  const timing = await page.evaluate((mark) => {
    const painted = performance.getEntriesByName(mark)[0]!.startTime;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    return { paintedMs: painted, fcpMs: fcp };
  }, FIGURES_PAINTED_MARK);
  await page.close();
  return timing;
}

export interface PopupPaintResult {
  popup: Spread;
  floor: Spread;
  /** median(popup) / median(floor), same run. */
  ratio: number;
  /** Median of the ratios of each popup open to the floor open right after it. */
  pairedRatio: number;
  popupFcp: Spread | undefined;
  floorFcp: Spread | undefined;
  /** The floor page shows the same text as the popup. */
  sameText: boolean;
}

export async function measurePopupPaint(browser: BenchBrowser, opens: number, warmup = 3): Promise<PopupPaintResult> {
  const popupUrl = browser.product.url(POPUP_PATH);
  const floorUrl = browser.product.url(FLOOR_PAGE);
  const popup: OpenTiming[] = [];
  const floor: OpenTiming[] = [];
  for (let i = 0; i < warmup + opens; i++) {
    // Alternate which goes first so neither always follows the other.
    const order = i % 2 ? ([floorUrl, popupUrl] as const) : ([popupUrl, floorUrl] as const);
    const results: Record<string, OpenTiming> = {};
    for (const url of order) results[url] = await timeOpen(browser.context, url);
    if (i < warmup) continue;
    popup.push(results[popupUrl]!);
    floor.push(results[floorUrl]!);
  }
  const sameText = await compareText(browser);
  const fcps = (list: OpenTiming[]) => {
    const values = list.flatMap((t) => (t.fcpMs === undefined ? [] : [t.fcpMs]));
    return values.length ? spread(values) : undefined;
  };
  const paired = popup.map((p, i) => p.paintedMs / floor[i]!.paintedMs);
  return {
    popup: spread(popup.map((t) => t.paintedMs)),
    floor: spread(floor.map((t) => t.paintedMs)),
    ratio: median(popup.map((t) => t.paintedMs)) / median(floor.map((t) => t.paintedMs)),
    pairedRatio: median(paired),
    popupFcp: fcps(popup),
    floorFcp: fcps(floor),
    sameText,
  };
}

async function compareText(browser: BenchBrowser): Promise<boolean> {
  const texts: string[] = [];
  for (const path of [POPUP_PATH, FLOOR_PAGE]) {
    const page = await openAndWaitForMark(browser.context, browser.product.url(path));
    // "Updated … ago" may tick between the two opens; compare the rest.
    texts.push((await page.evaluate(() => document.body.innerText)).replace(/Updated .*/g, ''));
    await page.close();
  }
  return texts[0] === texts[1];
}

/**
 * Page code as a string: functions handed to Playwright are serialised from their source, and
 * tsx decorates named inner functions with a helper the page does not have.
 */
function markWhenTextAppears(text: string, mark: string): string {
  return `(() => {
    const observer = new MutationObserver(() => {
      if (document.body && document.body.textContent.includes(${JSON.stringify(text)})) {
        performance.mark(${JSON.stringify(mark)});
        observer.disconnect();
      }
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  })();`;
}

/** What tells the two emulator accounts apart in the popup. */
const FRESH_TEXT = {
  'free-near-limit': '990 of 1,000 used',
  'limited-bandwidth': '420 of 1,000 used',
} as const;
type Alternating = keyof typeof FRESH_TEXT;

export interface StaleRefreshResult {
  /**
   * Navigation start → the new figures are in the DOM (MutationObserver in the popup page).
   * An open whose figures never changed within MISS_AFTER_MS counts as +Infinity in the median.
   */
  freshMs: Spread;
  /** Opens whose popup still showed the stale figures MISS_AFTER_MS after the worker stored new ones. */
  missed: { run: number; refreshedAtMs: number | undefined }[];
  /** Navigation start → the stale figures were painted (the product's mark). */
  stalePaintedMs: Spread;
  /** REST calls the emulator saw during the runs (one per open is expected). */
  restCalls: number;
}

export const MISS_AFTER_MS = 3000;

/**
 * Each run: the stored figures are made two days old, the emulator switched to the other
 * account, the popup opened; timed until the other account's figures are in the DOM.
 */
export async function measureStaleRefresh(browser: BenchBrowser, runs: number): Promise<StaleRefreshResult> {
  const fresh: number[] = [];
  const stale: number[] = [];
  const missed: StaleRefreshResult['missed'] = [];
  const callsBefore = browser.emulator.restCallCount('flickr.people.getUploadStatus');
  for (let i = 0; i < runs; i++) {
    // Whichever account the stored figures are of, the emulator now answers for the other.
    const stored = await browser.storage<Dated<UploadStatus>>('status');
    const next: Alternating = stored.value.itemLimit?.uploadCount === 990 ? 'limited-bandwidth' : 'free-near-limit';
    await browser.product.worker.evaluate(async (ageMs: number) => {
      const { status } = (await chrome.storage.local.get('status')) as { status: Dated<UploadStatus> };
      await chrome.storage.local.set({ status: { ...status, fetchedAt: Date.now() - ageMs } });
    }, 2 * 24 * 3600_000);
    browser.emulator.setScenario(next);
    const page = await browser.context.newPage();
    await page.addInitScript(markWhenTextAppears(FRESH_TEXT[next], FRESH_MARK));
    await page.goto(browser.product.url(POPUP_PATH));
    const shown = await page
      .waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, FRESH_MARK, { timeout: MISS_AFTER_MS })
      .then(
        () => true,
        () => false,
      );
    const timing = await page.evaluate(
      ([freshMark, paintedMark]) => ({
        fresh: performance.getEntriesByName(freshMark)[0]?.startTime ?? Number.POSITIVE_INFINITY,
        stale: performance.getEntriesByName(paintedMark)[0]?.startTime ?? Number.NaN,
        origin: performance.timeOrigin,
      }),
      [FRESH_MARK, FIGURES_PAINTED_MARK] as const,
    );
    fresh.push(timing.fresh);
    stale.push(timing.stale);
    if (!shown) {
      // Did the worker fetch (the popup missed the change) or not (nothing to show)?
      const now = await browser.storage<Dated<UploadStatus>>('status');
      const refreshed = Date.now() - now.fetchedAt < 60_000;
      missed.push({ run: i + 1, refreshedAtMs: refreshed ? Math.round(now.fetchedAt - timing.origin) : undefined });
    }
    // Let the worker finish that refresh (badge, alarm): a popup opened while a refresh is still
    // running joins it instead of fetching.
    await page.waitForTimeout(400);
    await page.close();
  }
  return {
    freshMs: spread(fresh),
    missed,
    stalePaintedMs: spread(stale.filter((v) => !Number.isNaN(v))),
    restCalls: browser.emulator.restCallCount('flickr.people.getUploadStatus') - callsBefore,
  };
}
