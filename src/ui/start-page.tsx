/**
 * Opens an extension page: language and title first, then the stored state in one read, then
 * one synchronous render, so cached figures are on screen in the first frame after the read.
 */
import type { ComponentChildren } from 'preact';
import { render } from 'preact';
import type { StoredState } from '../state';
import { ServicesContext, type UiServices } from './services';

export interface PageSetup {
  root: HTMLElement;
  services: UiServices;
  /** i18n key of the page title. */
  titleKey: string;
  app: (initial: StoredState) => ComponentChildren;
}

export async function startPage({ root, services, titleKey, app }: PageSetup): Promise<StoredState> {
  document.documentElement.lang = services.lang;
  document.title = services.t(titleKey);
  const initial = await services.port.loadState();
  render(<ServicesContext.Provider value={services}>{app(initial)}</ServicesContext.Provider>, root);
  return initial;
}

/** Resolves in the first animation frame after the current render. */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}
