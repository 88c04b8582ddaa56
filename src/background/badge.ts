/** Paints the toolbar badge from stored state; the decision itself is src/quota/badge.ts. */
import browser from 'webextension-polyfill';
import { decideBadge, type BadgeView } from '../quota/badge';
import { browserTranslate, uiLanguage } from '../i18n';
import { pollDelayMs } from '../schedule/policy';
import type { StoredState } from '../state';

let painted: BadgeView | null = null;

export async function paintBadge(state: StoredState, now: number): Promise<BadgeView> {
  const view = decideBadge(
    {
      session: state.session,
      credentialSource: state.credentialSource,
      status: state.status,
      lastAttempt: state.lastAttempt,
      now,
      pollIntervalMs: pollDelayMs(state.status?.value ?? null, state.settings),
      thresholds: { amberPercent: state.settings.amberPercent, redPercent: state.settings.redPercent },
    },
    browserTranslate,
    uiLanguage(),
  );
  if (painted && painted.text === view.text && painted.color === view.color && painted.title === view.title) {
    return view;
  }
  await Promise.all([
    browser.action.setBadgeText({ text: view.text }),
    browser.action.setBadgeBackgroundColor({ color: view.color }),
    browser.action.setTitle({ title: view.title }),
    // Firefox and Chrome both pick a contrasting text colour otherwise; white on our palette.
    browser.action.setBadgeTextColor?.({ color: '#ffffff' }),
  ]);
  painted = view;
  return view;
}
