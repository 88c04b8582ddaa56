/** How often to check and where the badge changes colour. */
import { useEffect, useState } from 'preact/hooks';
import { formatCount } from '../quota/format';
import { SETTINGS_BOUNDS, type Settings } from '../state';
import { useServices } from '../ui/services';
import { Field } from './Field';
import { settingsForm, validateSettings, type SettingsField, type SettingsForm } from './validate';

export function SettingsSection({ settings }: { settings: Settings }) {
  const { t, lang, port } = useServices();
  const [form, setForm] = useState<SettingsForm>(() => settingsForm(settings));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<SettingsField, string>>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  // Follow values saved elsewhere (another options tab) unless the user is editing; runs only
  // when a stored value changes, not when `dirty` does.
  const { pollIntervalMinutes, amberPercent, redPercent } = settings;
  useEffect(() => {
    if (!dirty) setForm(settingsForm(settings));
  }, [pollIntervalMinutes, amberPercent, redPercent]);

  const edit = (field: SettingsField) => (value: string) => {
    setForm({ ...form, [field]: value });
    setDirty(true);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setOutcome(null);
    const checked = validateSettings(form, t, lang);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    const reply = await port.send({ type: 'settings/save', settings: checked.value });
    setBusy(false);
    if (reply.ok) {
      setDirty(false);
      setOutcome({ ok: true, text: t('options_settings_saved') });
    } else {
      setOutcome({ ok: false, text: t('options_save_failed', [reply.error]) });
    }
  };

  const { pollIntervalMinutes: poll, amberPercent: amber, redPercent: red } = SETTINGS_BOUNDS;
  return (
    <section class="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('options_settings_heading')}</h2>
      <form aria-labelledby="settings-heading" data-testid="settings-form" onSubmit={save} noValidate>
        <Field
          id="poll-interval"
          type="number"
          label={t('options_poll_interval')}
          hint={t('options_poll_interval_hint', [formatCount(poll.min, lang), formatCount(poll.max, lang)])}
          min={poll.min}
          max={poll.max}
          value={form.pollIntervalMinutes}
          error={errors.pollIntervalMinutes}
          onInput={edit('pollIntervalMinutes')}
        />
        <Field
          id="amber-percent"
          type="number"
          label={t('options_amber_percent')}
          min={amber.min}
          max={amber.max}
          value={form.amberPercent}
          error={errors.amberPercent}
          onInput={edit('amberPercent')}
        />
        <Field
          id="red-percent"
          type="number"
          label={t('options_red_percent')}
          hint={t('options_red_percent_hint')}
          min={red.min}
          max={red.max}
          value={form.redPercent}
          error={errors.redPercent}
          onInput={edit('redPercent')}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
            {t('options_save')}
          </button>
        </div>
        <p
          class={outcome && !outcome.ok ? 'outcome notice-error' : 'outcome'}
          role="status"
          data-testid="settings-outcome"
        >
          {outcome?.text}
        </p>
      </form>
    </section>
  );
}
