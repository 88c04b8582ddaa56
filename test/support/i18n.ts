import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Translate } from '../../src/i18n';

type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

export function loadCatalogue(locale = 'en'): Catalogue {
  // Not `new URL(…, import.meta.url)`: vite rewrites that pattern to `/public/…` under happy-dom.
  const file = resolve(dirname(fileURLToPath(import.meta.url)), `../../public/_locales/${locale}/messages.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
}

/** Reproduces chrome.i18n.getMessage: named placeholders ($NAME$ → $1) and positional $1..$9. */
export function catalogueTranslate(locale = 'en'): Translate {
  const cat = loadCatalogue(locale);
  return (key, subs = []) => {
    const entry = cat[key];
    if (!entry) throw new Error(`missing i18n key ${key}`);
    let text = entry.message;
    if (entry.placeholders) {
      for (const [name, ph] of Object.entries(entry.placeholders)) {
        text = text.replace(new RegExp(`\\$${name}\\$`, 'gi'), ph.content);
      }
    }
    return text.replace(/\$(\d)/g, (_, n: string) => String(subs[Number(n) - 1] ?? '')).replace(/\$\$/g, '$');
  };
}
