/**
 * What the worker does in answer to each event; src/background/main.ts wires the events to these.
 * All Flickr traffic and all token handling happen here and in the modules it calls.
 */
import browser from 'webextension-polyfill';
import { createFlickrClient } from '../flickr/client';
import type { UploadStatus } from '../flickr/types';
import {
  classifySender,
  mayAsk,
  parseRequest,
  type Reply,
  type Request,
  type SenderInfo,
  type UploadLimitsReply,
} from '../messages';
import { keyRejected } from '../quota/describe';
import { uploadLimitsFrom } from '../quota/upload-limits';
import { AFTER_UPLOAD_ALARM, POLL_ALARM, Poller, type PollerPorts, type QuotaSource } from '../schedule/poller';
import { isOnline, restrictStorageToTrustedContexts } from '../platform';
import { paintBadge } from './badge';
import { currentConsumer } from './credentials';
import { signIn, signOut } from './auth';
import { notifyCrossings } from './notifications';
import { store } from './store';
import { vault } from './vault';
import { sanitizeSettings, sanitizeState } from './schema';

const ports: PollerPorts = {
  now: () => Date.now(),
  random: () => Math.random(),
  isOnline,
  readState: () => store.readState(),
  writeState: (patch) => store.writeState(patch),
  readSchedule: () => store.readSchedule(),
  writeSchedule: (patch) => store.writeSchedule(patch),
  async alarmTime(name) {
    return (await browser.alarms.get(name))?.scheduledTime;
  },
  async setAlarm(name, when) {
    await browser.alarms.create(name, { when });
  },
  async clearAlarm(name) {
    await browser.alarms.clear(name);
  },
  async quotaSource(): Promise<QuotaSource | null> {
    const [{ consumer }, access] = await Promise.all([currentConsumer(), vault.get('access')]);
    if (!consumer || !access) return null;
    const client = createFlickrClient({ consumer });
    return {
      getUploadStatus: () => client.getUploadStatus(access),
      getLimits: () => client.getLimits(access),
    };
  },
  async changed() {
    await paintBadge(await store.readState(), Date.now());
  },
  async statusArrived(previous: UploadStatus | null, current: UploadStatus) {
    await notifyCrossings(previous, current);
  },
};

export const poller = new Poller(ports);

/**
 * Every worker start (install, browser start, wake from idle-stop). The badge is painted first,
 * from one storage read, before the vault, migrations or anything else; no network here.
 */
export async function start(): Promise<void> {
  const stored = await browser.storage.local.get(null);
  const { state } = sanitizeState(stored);
  // Neither may stop the start: migration, the sign-in repair and the alarm come after them.
  await Promise.all([
    paintBadge(state, Date.now()).catch((error: unknown) => console.error('Quota Badge: badge', error)),
    restrictStorageToTrustedContexts().catch((error: unknown) => console.error('Quota Badge: storage access', error)),
  ]);
  const migrated = (await store.migrate(stored)) === 'current' ? state : await store.readState();
  // A sign-in cannot survive a worker restart: its request-token secret lived in memory only.
  if (migrated.session.state === 'signing-in') {
    const { previous } = migrated.session;
    await store.writeState({ session: previous && (await vault.get('access')) ? previous : { state: 'signed-out' } });
  }
  const { source } = await currentConsumer();
  if (source !== migrated.credentialSource) await store.writeState({ credentialSource: source });
  await poller.start();
}

export async function installed(reason: string): Promise<void> {
  if (reason !== 'install') return;
  const { source } = await currentConsumer();
  if (source === 'none') await browser.runtime.openOptionsPage();
}

export async function alarmFired(name: string): Promise<void> {
  if (name === POLL_ALARM) await poller.refresh('alarm');
  else if (name === AFTER_UPLOAD_ALARM) await poller.refresh('after-upload');
}

/** idle → active, online again: one catch-up refresh when the figures are due, never a burst. */
export async function wokeUp(): Promise<void> {
  await poller.refresh('wake');
}

export async function handleMessage(raw: unknown, sender: SenderInfo): Promise<Reply | UploadLimitsReply> {
  const kind = classifySender(sender, browser.runtime.id, browser.runtime.getURL(''));
  const request = parseRequest(raw);
  if (!kind || !request || !mayAsk(kind, request)) return { ok: false, error: 'refused' };
  return answer(request);
}

async function answer(request: Request): Promise<Reply | UploadLimitsReply> {
  switch (request.type) {
    case 'ping':
      return { ok: true };
    case 'popup-opened':
      void poller.refresh('popup');
      return { ok: true };
    case 'refresh': {
      const outcome = await poller.refresh('manual');
      return outcome.kind === 'failed' ? { ok: false, error: outcome.failure.kind } : { ok: true };
    }
    case 'sign-in': {
      const { consumer } = await currentConsumer();
      if (!consumer) {
        await browser.runtime.openOptionsPage();
        return { ok: false, error: 'no-api-key' };
      }
      const outcome = await signIn(createFlickrClient({ consumer }), Date.now);
      await ports.changed();
      if (outcome.kind === 'signed-in') {
        await poller.refresh('sign-in');
        return { ok: true };
      }
      return outcome.kind === 'failed' ? { ok: false, error: outcome.error.failure.kind } : { ok: true };
    }
    case 'sign-out':
      await poller.stop();
      await signOut();
      await ports.changed();
      return { ok: true };
    case 'credentials/save': {
      if (!request.key || !request.secret) return { ok: false, error: 'empty' };
      await vault.put('consumer', { key: request.key, secret: request.secret });
      await credentialsChanged();
      return { ok: true };
    }
    case 'credentials/clear':
      await vault.remove('consumer');
      await credentialsChanged();
      return { ok: true };
    case 'settings/save': {
      const { settings } = await store.readState();
      await store.writeState({ settings: sanitizeSettings({ ...settings, ...request.settings }) });
      await poller.settingsChanged();
      return { ok: true };
    }
    case 'upload-limits/get':
      return uploadLimits();
    case 'upload-session/ended':
      if (request.fileCount > 0) await poller.uploadSessionEnded();
      return { ok: true };
  }
}

/** A new or removed key: forget a key refusal, re-arm polling, and try the new key at once. */
async function credentialsChanged(): Promise<void> {
  const { source } = await currentConsumer();
  const { lastAttempt, session } = await store.readState();
  const keyRefused = lastAttempt?.outcome === 'failed' && keyRejected(lastAttempt.failure);
  await store.writeState({ credentialSource: source, ...(keyRefused ? { lastAttempt: null } : {}) });
  await ports.changed();
  if (session.state === 'signed-in' && source !== 'none') {
    await poller.settingsChanged();
    void poller.refresh('manual');
  }
}

async function uploadLimits(): Promise<UploadLimitsReply> {
  let state = await store.readState();
  if (state.session.state !== 'signed-in') return { state: 'signed-out' };
  // Figures older than the poll delay are refreshed first: the warning must not judge files by
  // limits that are out of date. Video length comes from getLimits, fetched only for this page.
  await poller.refresh('upload-page').catch(() => undefined);
  await poller.ensureLimits().catch(() => undefined);
  state = await store.readState();
  if (!state.status) return { state: 'no-figures' };
  return { state: 'ready', limits: uploadLimitsFrom(state.status, state.limits) };
}
