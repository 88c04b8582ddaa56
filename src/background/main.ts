/**
 * The one place that wires browser events to the worker's behaviour (controller.ts).
 * Listeners are registered synchronously at the top level so a woken worker gets its event.
 */
import browser from 'webextension-polyfill';
import * as worker from './controller';

const ready = worker.start().catch((error: unknown) => console.error('Quota Badge: start failed', error));

const after =
  <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
  async (...args: A): Promise<R> => {
    await ready;
    return fn(...args);
  };

browser.runtime.onInstalled.addListener(({ reason }) => void after(worker.installed)(reason));
browser.runtime.onStartup.addListener(() => void ready);
browser.alarms.onAlarm.addListener((alarm) => void after(worker.alarmFired)(alarm.name));
browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  after(worker.handleMessage)(message, sender),
);
browser.idle.onStateChanged.addListener((state) => {
  if (state === 'active') void after(worker.wokeUp)();
});
// Only reaches a running worker; a stopped one catches up at its next alarm or popup open.
self.addEventListener('online', () => void after(worker.wokeUp)());
