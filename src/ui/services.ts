/**
 * What the popup and options page need from the browser, behind one interface so happy-dom
 * tests can pass a fake. The real one is `browserServices()` in ./browser-services.ts.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translate } from '../i18n';
import type { Reply, Request } from '../messages';
import type { StoredState } from '../state';

export interface ExtensionPort {
  /** The worker's `storage.local` keys; missing keys are filled from INITIAL_STATE. */
  loadState(): Promise<StoredState>;
  /** Calls `listener` with the keys that changed (area 'local'); returns the unsubscribe. */
  watchState(listener: (patch: Partial<StoredState>) => void): () => void;
  /** Never rejects: a missing worker or an odd answer becomes `{ ok: false }`. */
  send(request: Request): Promise<Reply>;
  openOptionsPage(): Promise<void>;
  /** Must be called straight from a user gesture (the click), before any other await. */
  requestPermission(permission: 'notifications'): Promise<boolean>;
}

export interface UiServices {
  port: ExtensionPort;
  t: Translate;
  lang: string;
  now: () => number;
}

export const ServicesContext = createContext<UiServices | null>(null);

export function useServices(): UiServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesContext.Provider>');
  return services;
}
