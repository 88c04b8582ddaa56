/**
 * Secrets (the access token pair and an API key/secret entered on the options page) live in the
 * extension's own IndexedDB. Only the worker opens it. Content scripts run with the page's
 * origin, so their IndexedDB is the page's and this database is out of their reach in Chrome and
 * Firefox alike; storage.local is never used for secrets (see src/platform.ts).
 */
import type { ConsumerCredentials, TokenPair } from '../flickr/types';

const DB_NAME = 'quota-badge-vault';
const STORE = 'secrets';

interface VaultEntries {
  access: TokenPair;
  consumer: ConsumerCredentials;
}
type VaultKey = keyof VaultEntries;

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = act(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function isTokenPair(v: unknown): v is TokenPair {
  const r = v as Partial<TokenPair> | null;
  return typeof r?.token === 'string' && typeof r.secret === 'string' && r.token !== '' && r.secret !== '';
}

function isConsumer(v: unknown): v is ConsumerCredentials {
  const r = v as Partial<ConsumerCredentials> | null;
  return typeof r?.key === 'string' && typeof r.secret === 'string' && r.key !== '' && r.secret !== '';
}

const validators: { [K in VaultKey]: (v: unknown) => v is VaultEntries[K] } = {
  access: isTokenPair,
  consumer: isConsumer,
};

export const vault = {
  async get<K extends VaultKey>(key: K): Promise<VaultEntries[K] | null> {
    const value = await run<unknown>('readonly', (s) => s.get(key));
    return validators[key](value) ? value : null;
  },
  async put<K extends VaultKey>(key: K, value: VaultEntries[K]): Promise<void> {
    await run('readwrite', (s) => s.put(value, key));
  },
  async remove(key: VaultKey): Promise<void> {
    await run('readwrite', (s) => s.delete(key));
  },
};
