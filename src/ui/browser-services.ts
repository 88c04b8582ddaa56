/** The real ExtensionPort: storage.local, runtime messages, permissions. Extension pages only. */
import browser from 'webextension-polyfill';
import { browserTranslate, uiLanguage } from '../i18n';
import type { ExtensionPort, UiServices } from './services';
import { asReply, patchFromChanges, STATE_KEYS, storedStateFrom } from './stored-state';

const port: ExtensionPort = {
  async loadState() {
    return storedStateFrom(await browser.storage.local.get(STATE_KEYS));
  },
  watchState(listener) {
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local') return;
      const patch = patchFromChanges(changes);
      if (Object.keys(patch).length > 0) listener(patch);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  },
  async send(request) {
    try {
      return asReply(await browser.runtime.sendMessage(request));
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  },
  openOptionsPage() {
    return browser.runtime.openOptionsPage();
  },
  requestPermission(permission) {
    return browser.permissions.request({ permissions: [permission] }).catch(() => false);
  },
};

export function browserServices(): UiServices {
  return { port, t: browserTranslate, lang: uiLanguage(), now: () => Date.now() };
}
