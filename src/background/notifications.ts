/**
 * Threshold notifications: off by default; on only when the user ticked the option and granted
 * the optional `notifications` permission. Which crossing to notify is decided in
 * quota/notify.ts (`notificationsDue`); this module only remembers and shows.
 */
import browser from 'webextension-polyfill';
import type { UploadStatus } from '../flickr/types';
import { browserTranslate, uiLanguage } from '../i18n';
import { notificationText, notificationsDue } from '../quota/notify';
import { store } from './store';

export async function notifyCrossings(previous: UploadStatus | null, current: UploadStatus): Promise<void> {
  const [{ settings }, schedule] = await Promise.all([store.readState(), store.readSchedule()]);
  const { show, remember } = notificationsDue(previous, current, schedule.notified);
  const allowed =
    show.length > 0 && settings.notifications && (await browser.permissions.contains({ permissions: ['notifications'] }));
  if (allowed) {
    for (const crossing of show) {
      const { title, message } = notificationText(crossing, browserTranslate, uiLanguage());
      await browser.notifications.create(`quota-${crossing.id}`, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('icons/icon-128.png'),
        title,
        message,
      });
    }
  }
  // Remembered even with notifications off, so turning them on later does not replay old news.
  if (remember.join() !== schedule.notified.join()) await store.writeSchedule({ notified: remember });
}
