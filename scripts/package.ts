/**
 * `npm run package`: store-ready zips in artifacts/packages/
 *   quota-badge-<version>-chrome.zip   dist/chrome, for the Chrome Web Store
 *   quota-badge-<version>-firefox.zip  `web-ext build` of dist/firefox, for addons.mozilla.org
 *   quota-badge-<version>-source.zip   the tracked sources (AMO asks for them: the build is minified)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const out = resolve('artifacts/packages');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

execFileSync('npx', ['tsx', 'scripts/build.ts', '--quiet'], { stdio: 'inherit' });

const chromeZip = `${out}/quota-badge-${version}-chrome.zip`;
execFileSync('zip', ['-q', '-r', '-X', chromeZip, '.'], { cwd: 'dist/chrome' });

const firefoxZip = `quota-badge-${version}-firefox.zip`;
execFileSync(
  'npx',
  ['web-ext', 'build', '--source-dir', 'dist/firefox', '--artifacts-dir', out, '--filename', firefoxZip, '--overwrite-dest'],
  { stdio: 'inherit' },
);

const sourceZip = `${out}/quota-badge-${version}-source.zip`;
execFileSync('git', ['archive', '--format=zip', '-o', sourceZip, 'HEAD']);

for (const file of [chromeZip, `${out}/${firefoxZip}`, sourceZip]) {
  console.log(`${(statSync(file).size / 1024).toFixed(1).padStart(8)} KB  ${file}`);
}
