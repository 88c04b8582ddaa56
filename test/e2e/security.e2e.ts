/**
 * Security probes in Chromium: from the content-script world and from flickr.com's own scripts,
 * try to read the tokens and secrets, drive the worker, or read/hide the upload warning. The
 * probes are data (support/probes.ts) so a Firefox runner can reuse them. Every probe's result is
 * scanned for the real secrets (the tokens the emulator issued, the consumer secret), and probes
 * that talk to the worker must leave its state unchanged. A table is printed at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_CONSUMER } from '../emulator/server';
import { axTree, findAlertTexts, isolatedWorldEvaluate } from './harness/chromium';
import {
  CONTENT_SCRIPT_PROBES,
  leakedSecrets,
  PAGE_PROBES,
  probeExpression,
  type Probe,
  type ProbeContext,
  type ProbeResult,
} from './support/probes';
import { startSignedIn, type Product } from './support/product';

interface Row {
  world: string;
  probe: string;
  blocked: boolean;
  leaked: string[];
  stateChanged: boolean;
  note: string;
}

const rows: Row[] = [];
const scans: { area: string; clean: boolean }[] = [];
let product: Product;
let upload: Page;
let popup: Page;
let ctx: ProbeContext;
/** label → value of every secret the extension holds. */
let secrets: Map<string, string>;

/** Eleven small photos: one more than the near-limit account's ten items left, so the warning shows. */
const ELEVEN_PHOTOS = Array.from({ length: 11 }, (_, i) => ({
  name: `holiday-${i + 1}.jpg`,
  mimeType: 'image/jpeg',
  buffer: Buffer.from(`photo ${i}`),
}));

function vaultContents(): Promise<unknown> {
  return product.browser.worker.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('quota-badge-vault');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('secrets');
          const keys = tx.objectStore('secrets').getAllKeys();
          const values = tx.objectStore('secrets').getAll();
          tx.oncomplete = () => {
            resolve(Object.fromEntries(keys.result.map((k, i) => [String(k), values.result[i]])));
            open.result.close();
          };
        };
      }),
  );
}

/** Everything the worker keeps: storage.local, the vault and the alarms. */
async function workerSnapshot(): Promise<string> {
  const stored = await product.browser.worker.evaluate(async () => ({
    local: await chrome.storage.local.get(null),
    alarms: (await chrome.alarms.getAll()).map((a) => [a.name, a.scheduledTime]).sort(),
  }));
  return JSON.stringify({ ...stored, vault: await vaultContents() });
}

/** Polls `check` until it holds or `timeoutMs` passes (usable in hooks, unlike expect.poll). */
async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function showWarning(page: Page): Promise<boolean> {
  await page.setInputFiles('#file-input', ELEVEN_PHOTOS);
  return waitUntil(async () => (await findAlertTexts(page)).length > 0, 5_000);
}

async function evaluateProbe(probe: Probe, page: Page): Promise<ProbeResult> {
  const expression = probeExpression(probe, ctx);
  return probe.world === 'content-script'
    ? isolatedWorldEvaluate<ProbeResult>(page, ctx.extensionId, expression, { timeoutMs: 10_000 })
    : page.evaluate<ProbeResult>(expression);
}

async function runProbe(probe: Probe): Promise<Row> {
  let page = upload;
  let note = '';
  if (probe.beforePageScripts) {
    page = await product.browser.newPage();
    await page.addInitScript(probe.beforePageScripts);
    await page.goto('https://www.flickr.com/photos/upload/');
  }
  try {
    if (probe.needsWarning) {
      const shown = page === upload ? (await findAlertTexts(page)).length > 0 : await showWarning(page);
      if (!shown) note = 'warning not shown (the page suppressed it)';
    }
    const before = probe.mustNotChangeState ? await workerSnapshot() : '';
    let result: ProbeResult;
    if (probe.id === 'storage.onChanged eavesdrop') {
      // The worker writes storage while the content-script listener is up.
      const listening = evaluateProbe(probe, page);
      await new Promise((r) => setTimeout(r, 1_000));
      const quiet = await workerSnapshot();
      await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'refresh' }));
      // Control: the refresh did write storage, so an open listener would have heard it.
      if ((await workerSnapshot()) === quiet) throw new Error('the refresh wrote nothing: the probe would prove nothing');
      result = await listening;
    } else {
      result = await evaluateProbe(probe, page);
    }
    const stateChanged = probe.mustNotChangeState ? (await workerSnapshot()) !== before : false;
    const shown = result.ok ? JSON.stringify(result.value) ?? '' : result.error;
    if (!note) note = shown.replace(/\s+/g, ' ').slice(0, 70);
    return {
      world: probe.world,
      probe: probe.id,
      blocked: probe.blocked(result),
      leaked: leakedSecrets(JSON.stringify(result), secrets),
      stateChanged,
      note,
    };
  } finally {
    if (page !== upload) await page.close();
  }
}

function printTable(): void {
  const blocked = rows.filter((r) => r.blocked && r.leaked.length === 0 && !r.stateChanged).length;
  const width = Math.max(...rows.map((r) => r.probe.length), 10);
  const lines = [
    `Token-exposure probes (Chromium): ${rows.length} tried, ${blocked} blocked; storage/DOM scans: ${scans.length} done, ${scans.filter((s) => s.clean).length} clean`,
    `${'world'.padEnd(15)} ${'probe'.padEnd(width)} verdict  what came back`,
    ...rows.map(
      (r) =>
        `${r.world.padEnd(15)} ${r.probe.padEnd(width)} ${(r.blocked && !r.leaked.length && !r.stateChanged ? 'blocked' : 'OPEN').padEnd(8)} ${
          r.leaked.length ? `LEAKED ${r.leaked.join(', ')}` : r.stateChanged ? 'STATE CHANGED' : r.note
        }`,
    ),
    ...scans.map((s) => `${'scan'.padEnd(15)} ${s.area.padEnd(width)} ${s.clean ? 'clean' : 'LEAK'}`),
  ];
  console.log(lines.join('\n'));
}

beforeAll(async () => {
  product = await startSignedIn('free-near-limit');
  await product.waitForBadge((b) => b.text === '10');
  const { extensionId } = product.browser;
  ctx = { extensionId, extensionOrigin: `chrome-extension://${extensionId}`, warningText: '' };
  secrets = new Map<string, string>([['consumer secret', DEMO_CONSUMER.secret]]);
  for (const [i, issued] of product.emulator.issuedTokens().entries()) {
    secrets.set(`${issued.kind} token #${i}`, issued.token);
    secrets.set(`${issued.kind} token secret #${i}`, issued.secret);
  }
  popup = await product.openPopup();
  upload = await product.openUploadPage();
  // The content script asks for the limits when the user starts to act: a click, then wait for
  // them, so probes find a quiet worker.
  await upload.mouse.click(5, 5);
  if (!(await waitUntil(async () => (await product.storage('limits')) !== null, 10_000))) throw new Error('no limits fetched');
  if (!(await showWarning(upload))) throw new Error('the upload warning did not appear');
  // What the probes look for: the warning's heading as the user sees it.
  ctx.warningText = ((await findAlertTexts(upload))[0] ?? '').slice(0, 40);
  if (ctx.warningText.length < 20) throw new Error(`unexpected warning text "${ctx.warningText}"`);
}, 60_000);

afterAll(async () => {
  printTable();
  await product?.close();
});

describe('where the secrets are, and where they are not', () => {
  it('control: the vault holds the real access token pair and consumer secret, so the scans can find them', async () => {
    const vault = JSON.stringify(await vaultContents());
    const found = leakedSecrets(vault, secrets);
    expect(found).toEqual(expect.arrayContaining(['consumer secret', expect.stringMatching(/^access token #/), expect.stringMatching(/^access token secret #/)]));
  });

  it.each([
    ['storage.local', 'local'],
    ['storage.session', 'session'],
    ['storage.sync', 'sync'],
  ] as const)('%s holds no token or secret', async (area, key) => {
    const text = await product.browser.worker.evaluate(async (k) => JSON.stringify(await chrome.storage[k].get(null)), key);
    const leaked = leakedSecrets(text, secrets);
    scans.push({ area, clean: leaked.length === 0 });
    expect(leaked).toEqual([]);
  });

  it('the upload page (both worlds, and its accessibility tree with the closed warning) holds none', async () => {
    const mainWorld = await upload.evaluate(() => document.documentElement.outerHTML + JSON.stringify({ ...localStorage }));
    const isolated = await isolatedWorldEvaluate<string>(upload, ctx.extensionId, 'document.documentElement.outerHTML');
    const tree = JSON.stringify(await axTree(upload));
    expect(tree).toMatch(/holiday-11\.jpg/); // the warning is in the tree: the scan sees inside it
    for (const [area, text] of [
      ['upload page DOM', mainWorld],
      ['upload page DOM (content script)', isolated],
      ['upload page AX tree', tree],
    ] as const) {
      const leaked = leakedSecrets(text, secrets);
      scans.push({ area, clean: leaked.length === 0 });
      expect(leaked, area).toEqual([]);
    }
  });

  it('the popup and the options page show no secret, not even in input values', async () => {
    const options = await product.browser.newPage();
    await options.goto(product.browser.extensionUrl('src/options/index.html'));
    await options.getByLabel('API secret', { exact: true }).waitFor();
    for (const [area, page] of [
      ['popup DOM', popup],
      ['options DOM', options],
    ] as const) {
      const text = await page.evaluate(
        () => document.documentElement.outerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join('\n'),
      );
      const leaked = leakedSecrets(text, secrets);
      scans.push({ area, clean: leaked.length === 0 });
      expect(leaked, area).toEqual([]);
    }
    await options.close();
  });
});

describe('probes from the content-script world', () => {
  it.each(CONTENT_SCRIPT_PROBES.map((p) => [p.id, p] as const))('%s', async (_, probe) => {
    const row = await runProbe(probe);
    rows.push(row);
    expect(row.leaked).toEqual([]);
    expect(row.stateChanged).toBe(false);
    expect(row.blocked, row.note).toBe(true);
  });
});

describe("probes from the page's own scripts", () => {
  it.each(PAGE_PROBES.map((p) => [p.id, p] as const))('%s', async (_, probe) => {
    const row = await runProbe(probe);
    rows.push(row);
    expect(row.leaked).toEqual([]);
    expect(row.stateChanged).toBe(false);
    expect(row.blocked, row.note).toBe(true);
  });
});
