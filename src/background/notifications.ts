/**
 * Threshold notifications: off by default; on only when the user ticked the option and granted
 * the optional `notifications` permission. One notification per crossing (quota/notify.ts gives
 * stable ids); an id is forgotten once the quota is back above its threshold, so a later crossing
 * notifies again.
 */
import browser from 'webextension-polyfill';
import type { UploadStatus } from '../flickr/types';
import { browserTranslate, uiLanguage } from '../i18n';
import { notificationText, thresholdCrossings } from '../quota/notify';
import { store } from './store';

export async function notifyCrossings(previous: UploadStatus | null, current: UploadStatus): Promise<void> {
  const { settings } = await store.readState();
  const schedule = await store.readSchedule();
  const active = thresholdCrossings(null, current).map((c) => c.id);
  const remembered = schedule.notified.filter((id) => active.includes(id));
  const fresh = thresholdCrossings(previous, current).filter((c) => !remembered.includes(c.id));
  const allowed =
    settings.notifications && (await browser.permissions.contains({ permissions: ['notifications'] }));
  if (allowed) {
    for (const crossing of fresh) {
      const { title, message } = notificationText(crossing, browserTranslate, uiLanguage());
      await browser.notifications.create(`quota-${crossing.id}`, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('icons/icon-128.png'),
        title,
        message,
      });
    }
  }
  // Remember crossings even when notifications are off, so turning them on does not replay old ones.
  const notified = [...new Set([...remembered, ...fresh.map((c) => c.id)])];
  if (notified.join() !== schedule.notified.join()) await store.writeSchedule({ notified });
}
