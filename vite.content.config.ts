/** The upload-page content script: one classic script, no imports at run time, no chunks. */
import { defineConfig } from 'vite';

export const CONTENT_SCRIPT_FILE = 'content/upload-warning.js';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: `${process.env.QB_OUT ?? 'dist'}/chrome`,
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: false,
    lib: {
      entry: 'src/content/main.ts',
      formats: ['iife'],
      name: 'quotaBadgeUploadWarning',
      fileName: () => CONTENT_SCRIPT_FILE,
    },
  },
});
