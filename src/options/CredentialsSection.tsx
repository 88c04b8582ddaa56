/** The user's own Flickr API key and secret. The secret is write-only: it never comes back. */
import { useState } from 'preact/hooks';
import type { CredentialSource } from '../state';
import { ExternalLink } from '../ui/components/ExternalLink';
import { FLICKR_CREATE_KEY_URL } from '../ui/links';
import { useServices } from '../ui/services';
import { Field } from './Field';
import { validateCredentials, type CredentialsForm } from './validate';

type Outcome = { ok: boolean; text: string } | null;

export function CredentialsSection({ source }: { source: CredentialSource }) {
  const { t, port } = useServices();
  const [form, setForm] = useState<CredentialsForm>({ key: '', secret: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof CredentialsForm, string>>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const save = async (event: Event) => {
    event.preventDefault();
    setOutcome(null);
    const checked = validateCredentials(form, t);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    const reply = await port.send({ type: 'credentials/save', ...checked.value });
    setBusy(false);
    if (reply.ok) {
      setForm({ key: '', secret: '' });
      setOutcome({ ok: true, text: t('options_credentials_saved') });
    } else {
      setOutcome({ ok: false, text: t('options_save_failed', [reply.error]) });
    }
  };

  const remove = async () => {
    setOutcome(null);
    setBusy(true);
    const reply = await port.send({ type: 'credentials/clear' });
    setBusy(false);
    setOutcome(
      reply.ok
        ? { ok: true, text: t('options_credentials_removed') }
        : { ok: false, text: t('options_save_failed', [reply.error]) },
    );
  };

  const sourceText = {
    options: t('options_source_options'),
    build: t('options_source_build'),
    none: t('options_source_none'),
  }[source];

  return (
    <section class="card" aria-labelledby="credentials-heading">
      <h2 id="credentials-heading">{t('options_credentials_heading')}</h2>
      <p data-testid="credential-source">{sourceText}</p>
      <p class="muted">
        {t('options_key_help')}{' '}
        <ExternalLink href={FLICKR_CREATE_KEY_URL} testId="create-key-link">
          {t('options_key_help_link')}
        </ExternalLink>
      </p>
      <p class="muted">{t('options_secret_storage')}</p>
      <form aria-labelledby="credentials-heading" data-testid="credentials-form" onSubmit={save} noValidate>
        <Field
          id="api-key"
          label={t('options_api_key')}
          value={form.key}
          error={errors.key}
          onInput={(key) => setForm({ ...form, key })}
        />
        <Field
          id="api-secret"
          type="password"
          label={t('options_api_secret')}
          value={form.secret}
          error={errors.secret}
          onInput={(secret) => setForm({ ...form, secret })}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
            {t('options_save')}
          </button>
          {source === 'options' && (
            <button type="button" onClick={remove} disabled={busy}>
              {t('options_remove')}
            </button>
          )}
        </div>
        <p
          class={outcome && !outcome.ok ? 'outcome notice-error' : 'outcome'}
          role="status"
          data-testid="credentials-outcome"
        >
          {outcome?.text}
        </p>
      </form>
    </section>
  );
}
