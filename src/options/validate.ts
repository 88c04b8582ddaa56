/** Checking what the user typed on the options page before anything is sent to the worker. */
import type { Translate } from '../i18n';
import { formatCount } from '../quota/format';
import { MAX_CREDENTIAL_LENGTH } from '../messages';
import { SETTINGS_BOUNDS, type Settings } from '../state';

export interface SettingsForm {
  pollIntervalMinutes: string;
  amberPercent: string;
  redPercent: string;
}

export type SettingsField = keyof SettingsForm;
export type ThresholdSettings = Pick<Settings, SettingsField>;

export type Validation<T, F extends string> =
  | { ok: true; value: T }
  | { ok: false; errors: Partial<Record<F, string>> };

export function settingsForm(settings: Settings): SettingsForm {
  return {
    pollIntervalMinutes: String(settings.pollIntervalMinutes),
    amberPercent: String(settings.amberPercent),
    redPercent: String(settings.redPercent),
  };
}

/** A whole number in the field's bounds; undefined when the text is not one. */
function wholeNumberIn(text: string, bounds: { min: number; max: number }): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return n >= bounds.min && n <= bounds.max ? n : undefined;
}

export function validateSettings(
  form: SettingsForm,
  t: Translate,
  lang = 'en',
): Validation<ThresholdSettings, SettingsField> {
  const range = (b: { min: number; max: number }) => [formatCount(b.min, lang), formatCount(b.max, lang)];
  const errors: Partial<Record<SettingsField, string>> = {};
  const { pollIntervalMinutes: pollBounds, amberPercent: amberBounds, redPercent: redBounds } = SETTINGS_BOUNDS;
  const poll = wholeNumberIn(form.pollIntervalMinutes, pollBounds);
  const amber = wholeNumberIn(form.amberPercent, amberBounds);
  const red = wholeNumberIn(form.redPercent, redBounds);
  if (poll === undefined) errors.pollIntervalMinutes = t('options_error_poll', range(pollBounds));
  if (amber === undefined) errors.amberPercent = t('options_error_percent', range(amberBounds));
  if (red === undefined) errors.redPercent = t('options_error_percent', range(redBounds));
  else if (amber !== undefined && red >= amber) errors.redPercent = t('options_error_red_below_amber');
  if (poll === undefined || amber === undefined || red === undefined || errors.redPercent) {
    return { ok: false, errors };
  }
  return { ok: true, value: { pollIntervalMinutes: poll, amberPercent: amber, redPercent: red } };
}

export interface CredentialsForm {
  key: string;
  secret: string;
}

export function validateCredentials(
  form: CredentialsForm,
  t: Translate,
): Validation<CredentialsForm, keyof CredentialsForm> {
  const key = form.key.trim();
  const secret = form.secret.trim();
  const errors: Partial<Record<keyof CredentialsForm, string>> = {};
  if (!key) errors.key = t('options_error_key_missing');
  else if (key.length > MAX_CREDENTIAL_LENGTH) errors.key = t('options_error_too_long');
  if (!secret) errors.secret = t('options_error_secret_missing');
  else if (secret.length > MAX_CREDENTIAL_LENGTH) errors.secret = t('options_error_too_long');
  if (errors.key || errors.secret) return { ok: false, errors };
  return { ok: true, value: { key, secret } };
}
