/** Figure 1: shipped size per entry (gzip), what dominates it, and the zip. */
import { join, resolve } from 'node:path';
import { attribute, chunkOwners } from './attribution';
import { entrySize, manifestEntries, type EntrySize } from './entries';
import { zipSize } from './zip';

export type EntryName = 'worker' | 'popup' | 'options' | 'content';

export interface SizeResult {
  entries: Record<EntryName, EntrySize & { owners: { owner: string; gzipBytes: number }[] }>;
  /** worker + popup + content, gzip: the sum of the three entry figures (shared chunks in each). */
  budgetedGzipBytes: number;
  /** The same files counted once each (what the package holds). */
  budgetedUniqueGzipBytes: number;
  zip: { chrome: number; firefox: number; tool: string };
  /** Loaded by the browser for chrome.i18n (every context), not by an entry's code. */
  localeCatalogueGzipBytes: number;
}

export async function measureSizes(outDir: string, projectRoot: string, scratchDir: string, zipDir: string): Promise<SizeResult> {
  const chrome = join(outDir, 'chrome');
  // The zips first: later benches write their pages into the build folder.
  const chromeZip = zipSize(chrome, resolve(zipDir, 'chrome.zip'));
  const firefoxZip = zipSize(join(outDir, 'firefox'), resolve(zipDir, 'firefox.zip'));
  const names = manifestEntries(chrome);
  const owners = await chunkOwners(projectRoot, scratchDir);
  const entries = {} as SizeResult['entries'];
  for (const [name, entry] of Object.entries(names) as [EntryName, string][]) {
    const size = entrySize(chrome, entry);
    const byOwner = new Map<string, number>();
    for (const file of size.files) {
      const shares = file.file.endsWith('.js') ? attribute(owners, file) : undefined;
      const fallback = new Map([[file.file.endsWith('.js') ? `(unattributed) ${file.file}` : `(${file.file.split('.').pop()})`, file.gzipBytes]]);
      for (const [owner, bytes] of shares ?? fallback) byOwner.set(owner, (byOwner.get(owner) ?? 0) + bytes);
    }
    entries[name] = {
      ...size,
      owners: [...byOwner]
        .map(([owner, gzipBytes]) => ({ owner, gzipBytes: Math.round(gzipBytes) }))
        .sort((a, b) => b.gzipBytes - a.gzipBytes),
    };
  }
  const budgeted = new Map<string, number>();
  for (const name of ['worker', 'popup', 'content'] as const) {
    for (const f of entries[name].files) budgeted.set(f.file, f.gzipBytes);
  }
  const catalogue = entrySize(chrome, '_locales/en/messages.json');
  return {
    entries,
    budgetedGzipBytes: entries.worker.gzipBytes + entries.popup.gzipBytes + entries.content.gzipBytes,
    budgetedUniqueGzipBytes: [...budgeted.values()].reduce((a, b) => a + b, 0),
    zip: { chrome: chromeZip.bytes, firefox: firefoxZip.bytes, tool: chromeZip.tool },
    localeCatalogueGzipBytes: catalogue.gzipBytes,
  };
}
