/**
 * Helpers for the content-script wiring tests: a fake `chrome` with a scripted worker, shadow
 * roots forced open so the test can read the warning, and user actions on file inputs.
 * main.ts starts on import and never stops, so each test file imports it once.
 */
import { vi } from 'vitest';
import { WARNING_TAG } from '../../../src/content/warning';
import { catalogueTranslate } from '../../support/i18n';

export function installChrome(answer: (message: { type: string }) => unknown) {
  const t = catalogueTranslate();
  const sendMessage = vi.fn(async (message: { type: string }) => answer(message));
  (globalThis as { chrome?: unknown }).chrome = {
    runtime: { sendMessage },
    i18n: { getMessage: (key: string, subs?: string[]) => t(key, subs), getUILanguage: () => 'en' },
  };
  const attach = Element.prototype.attachShadow;
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init) {
    return attach.call(this, { ...init, mode: 'open' });
  });
  return { sent: (type: string) => sendMessage.mock.calls.filter(([m]) => m.type === type).map(([m]) => m) };
}

export function warningText(): string | undefined {
  return document.querySelector(WARNING_TAG)?.shadowRoot?.textContent ?? undefined;
}

export function chooseFiles(files: File[]): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'file';
  document.body.appendChild(input);
  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(f);
  Object.defineProperty(input, 'files', { value: transfer.files, configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return input;
}

export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
