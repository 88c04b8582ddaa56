/**
 * `npm start`: the product's main job on the built-in demo.
 * Builds the release build, starts the Flickr emulator with a demo account (a free account 10
 * items from the 1,000 limit), launches Chromium with the extension (headless without a
 * display), enters the demo API key on the options page as a user would, signs in through the
 * emulator's authorize page, then writes screenshots of the popup and of the upload-page warning
 * and prints the badge.
 *   --scenario <name>   another emulator scenario (pro, limited-bandwidth, free-over-limit, …)
 *   --keep              leave the browser open (with a display) until Ctrl-C
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SCENARIOS, type ScenarioName } from '../test/emulator/server';
import { sparseFile } from '../test/e2e/support/files';
import { startProduct } from '../test/e2e/support/product';

const args = process.argv.slice(2);
const scenarioArg = args[args.indexOf('--scenario') + 1];
const scenario = (args.includes('--scenario') ? scenarioArg : 'free-near-limit') as ScenarioName;
if (!(SCENARIOS as readonly string[]).includes(scenario)) {
  console.error(`Unknown scenario ${scenario}. Choose one of: ${SCENARIOS.join(', ')}`);
  process.exit(2);
}
const headless = !process.env.DISPLAY || process.env.CI === 'true';
const keep = args.includes('--keep') && !headless;
const outDir = resolve('artifacts/demo');
mkdirSync(outDir, { recursive: true });

console.log('Building the extension (dist/chrome, dist/firefox)…');
execFileSync('npx', ['tsx', 'scripts/build.ts', '--quiet'], { stdio: 'inherit' });

console.log(`Starting the Flickr emulator (scenario ${scenario}) and Chromium${headless ? ' (headless)' : ''}…`);
const product = await startProduct({ scenario, headless });
try {
  await product.enterApiKey();
  console.log('Entered the demo API key on the options page.');
  await product.signIn();
  console.log('Signed in with Flickr (emulator) as the demo account.');
  const badge = await product.waitForBadge((b) => b.text !== '…' && b.text !== '');

  const files = mkdtempSync(join(tmpdir(), 'qb-demo-'));
  const sparse = (name: string, bytes: number) => sparseFile(files, name, bytes);
  const upload = await product.openUploadPage();
  await upload.setViewportSize({ width: 1100, height: 700 });
  await upload.locator('#file-input').setInputFiles([
    await sparse('sunset-panorama.tif', 260 * 1024 * 1024),
    await sparse('birthday.mov', 1300 * 1024 * 1024),
    await sparse('portrait.jpg', 8 * 1024 * 1024),
  ]);
  await upload.waitForFunction(() => document.querySelector('quota-badge-warning') !== null);
  await upload.waitForTimeout(300);
  const warningShot = join(outDir, 'upload-warning.png');
  await upload.screenshot({ path: warningShot });

  // After the upload page: getLimits (longest video) has been fetched for it.
  const popup = await product.openPopup();
  await popup.setViewportSize({ width: 360, height: 620 });
  await popup.getByTestId('figures').waitFor();
  const popupShot = join(outDir, 'popup.png');
  await popup.locator('body').screenshot({ path: popupShot });

  console.log('\nBadge:   ' + JSON.stringify(badge.text) + `  (rgb ${badge.color.slice(0, 3).join(', ')})`);
  console.log('Tooltip: ' + badge.title);
  console.log(`REST calls to Flickr (emulator): ${product.emulator.restCallCount()}`);
  console.log('Screenshots:');
  console.log('  ' + popupShot);
  console.log('  ' + warningShot);
  if (keep) {
    console.log('\nThe browser stays open; press Ctrl-C to quit.');
    await new Promise<void>((r) => process.once('SIGINT', () => r()));
  }
} finally {
  await product.close();
}
