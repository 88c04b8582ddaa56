/**
 * Extension pages and the worker, bundled by crxjs from manifest.json. The content script is
 * built separately (vite.content.config.ts) as one self-contained IIFE: crxjs would load it
 * through web-accessible chunks that any page could probe. scripts/build.ts runs both and
 * writes the final manifests.
 */
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };

const { content_scripts: _builtSeparately, ...pagesAndWorker } = manifest;

export default defineConfig({
  plugins: [preact(), crx({ manifest: pagesAndWorker as unknown as ManifestV3Export, browser: 'chrome' })],
  build: {
    outDir: `${process.env.QB_OUT ?? 'dist'}/chrome`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // <link rel=modulepreload> for every chunk a page needs, fetched in parallel with its entry.
    modulePreload: { polyfill: false },
  },
  // crxjs's dev server writes a localhost loader into outDir; this project only ships builds.
  server: { strictPort: true },
});
