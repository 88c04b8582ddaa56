/**
 * The API key and secret: a user override from the options page (kept in the vault) wins over
 * the build-time values (VITE_FLICKR_API_KEY / VITE_FLICKR_API_SECRET). Neither can be read
 * outside the worker; the options page only learns where the key comes from.
 */
import type { ConsumerCredentials } from '../flickr/types';
import type { CredentialSource } from '../state';
import { vault } from './vault';

const BUILD_CONSUMER: ConsumerCredentials | null =
  import.meta.env.VITE_FLICKR_API_KEY && import.meta.env.VITE_FLICKR_API_SECRET
    ? { key: import.meta.env.VITE_FLICKR_API_KEY, secret: import.meta.env.VITE_FLICKR_API_SECRET }
    : null;

export async function currentConsumer(): Promise<{ consumer: ConsumerCredentials | null; source: CredentialSource }> {
  const override = await vault.get('consumer');
  if (override) return { consumer: override, source: 'options' };
  if (BUILD_CONSUMER) return { consumer: BUILD_CONSUMER, source: 'build' };
  return { consumer: null, source: 'none' };
}
