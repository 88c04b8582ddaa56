/**
 * Every user-visible string goes through `Translate`. UI code gets the browser's
 * `i18n.getMessage`; pure modules take a `Translate` parameter so tests can pass the English
 * catalogue (see test/support/i18n.ts).
 */
export type Translate = (key: string, substitutions?: (string | number)[]) => string;

export const browserTranslate: Translate = (key, subs) => {
  const text = chrome.i18n.getMessage(key, subs?.map(String));
  // An empty answer means a missing key: make it loud rather than blank.
  return text || `⟦${key}⟧`;
};

/** The extension's UI language, for Intl formatting. */
export function uiLanguage(): string {
  try {
    return chrome.i18n.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}
