import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { domAttribute, findAlertTexts, findDomNode, piercedDocument } from './harness/chromium';
import { sparseFile } from './support/files';
import { startSignedIn, type Product } from './support/product';

const MB = 1024 * 1024;
const PHOTO_LIMIT = 200 * MB; // free-near-limit: filesize maxbytes 209715200
const VIDEO_LIMIT = 1024 * MB;

let product: Product;
let dir: string;

const file = (name: string, size: number) => sparseFile(dir, name, size);

async function alertText(page: Page): Promise<string> {
  return (await findAlertTexts(page)).join('\n');
}

/** Clicks a button inside the closed shadow root the way a user does: at its position on screen. */
async function clickInWarning(page: Page, label: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const button = findDomNode(await piercedDocument(cdp), (n) => n.nodeName === 'BUTTON' && domAttribute(n, 'aria-label') === label);
  if (!button) throw new Error(`no button ${label} in the warning`);
  const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: button.backendNodeId })) as {
    model: { content: number[] };
  };
  const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
  await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  await cdp.detach();
}


beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qb-files-'));
  product = await startSignedIn('free-near-limit');
});

afterAll(async () => {
  await product?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('upload-page warning (Chromium)', () => {
  it('names each file larger than the limits, with its size and the limit; a file exactly at the limit is fine', async () => {
    const page = await product.openUploadPage();
    await page.locator('#file-input').setInputFiles([
      await file('exactly-at-limit.jpg', PHOTO_LIMIT),
      await file('one-byte-over.jpg', PHOTO_LIMIT + 1),
      await file('holiday.mov', VIDEO_LIMIT + 5 * MB),
    ]);
    await expect.poll(() => alertText(page), { timeout: 5000 }).toContain('one-byte-over.jpg');
    const text = await alertText(page);
    expect(text).toContain('Larger than the 200 MB photo limit');
    expect(text).toContain('Larger than the 1 GB video limit');
    expect(text).toContain('holiday.mov');
    expect(text).toContain('1 GB');
    expect(text).not.toContain('exactly-at-limit.jpg');
    // The page's own scripts cannot reach into the warning.
    expect(await page.evaluate(() => document.querySelector('quota-badge-warning')?.shadowRoot ?? 'closed')).toBe('closed');

    // Selection changes: only fine files → the warning clears.
    await page.locator('#file-input').setInputFiles([await file('small.jpg', 5 * MB)]);
    await expect.poll(() => alertText(page)).toBe('');
    await page.close();
  });

  it('warns when the selection has more files than the free-account items left', async () => {
    const page = await product.openUploadPage();
    const files = await Promise.all(Array.from({ length: 11 }, (_, i) => file(`photo-${i}.jpg`, 1000)));
    await page.locator('#file-input').setInputFiles(files);
    await expect.poll(() => alertText(page)).toContain('Items left on your account: 10, chosen: 11');
    expect(await alertText(page)).toMatch(/photo-10\.jpg/);
    expect(await alertText(page)).not.toMatch(/photo-9\.jpg/);
    await page.close();
  });

  it('works after in-page navigation to the uploader and on inputs added later, and can be dismissed', async () => {
    const page = await product.openUploadPage('/');
    await page.locator('#upload-link').click();
    await page.waitForURL('**/photos/upload/');
    await page.locator('#add-input').click();
    await page.locator('#file-input-2').setInputFiles([await file('late-input.png', PHOTO_LIMIT + 100)]);
    await expect.poll(() => alertText(page)).toContain('late-input.png');
    await clickInWarning(page, 'Dismiss');
    await expect.poll(() => alertText(page)).toBe('');
    await page.close();
  });

  it('warns about dropped files too', async () => {
    const page = await product.openUploadPage();
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      for (let i = 0; i < 12; i++) transfer.items.add(new File(['x'], `dropped-${i}.jpg`, { type: 'image/jpeg' }));
      const zone = document.getElementById('drop-zone')!;
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => alertText(page)).toContain('Items left on your account: 10, chosen: 12');
    await page.close();
  });

  it('figures older than the poll interval are refreshed before the upload page judges files', async () => {
    await product.browser.worker.evaluate(async () => {
      const { status } = (await chrome.storage.local.get('status')) as { status: Record<string, unknown> };
      await chrome.storage.local.set({ status: { ...status, fetchedAt: Date.now() - 3 * 86_400_000 } });
    });
    product.emulator.setScenario('pro'); // the doc example: 10 MB photos, no item limit
    const before = product.emulator.restCallCount('flickr.people.getUploadStatus');
    const page = await product.openUploadPage();
    await page.locator('#file-input').setInputFiles([
      await file('twenty-megabytes.jpg', 20 * MB),
      ...(await Promise.all(Array.from({ length: 14 }, (_, i) => file(`small-${i}.jpg`, 1000)))),
    ]);
    await expect.poll(() => alertText(page)).toContain('Larger than the 10 MB photo limit');
    expect(await alertText(page)).not.toContain('Items left');
    expect(product.emulator.restCallCount('flickr.people.getUploadStatus')).toBe(before + 1);
    await page.close();
    // Back to the free account for the tests that follow.
    product.emulator.setScenario('free-near-limit');
    const popup = await product.openPopup();
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await product.waitForBadge((b) => b.text === '10');
    await popup.close();
  });

  it('file names with markup are shown as text, never parsed', async () => {
    const page = await product.openUploadPage();
    await page.locator('#file-input').setInputFiles([await file('<img src=x onerror=alert(1)>.jpg', PHOTO_LIMIT + 1)]);
    await expect.poll(() => alertText(page)).toContain('<img src=x onerror=alert(1)>.jpg');
    expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
    await page.close();
  });

  it('signed out: no warnings, one small hint saying why', async () => {
    const popup = await product.openPopup();
    await popup.getByRole('button', { name: 'Sign out' }).click();
    await popup.close();
    const page = await product.openUploadPage();
    await page.locator('#file-input').setInputFiles([await file('huge.jpg', PHOTO_LIMIT * 3)]);
    const cdp = await page.context().newCDPSession(page);
    await expect
      .poll(async () => JSON.stringify(await cdp.send('Accessibility.getFullAXTree')))
      .toContain('sign in from the toolbar button');
    expect(await alertText(page)).toBe('');
    await page.close();
  });
});
