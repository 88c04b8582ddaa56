/** The options page: API key override, polling and thresholds, notifications, sign-out. */
import { useEffect, useState } from 'preact/hooks';
import type { StoredState } from '../state';
import { PING_TIMEOUT_MS, useStoredState, withTimeout } from '../ui/hooks';
import { useServices } from '../ui/services';
import { AccountSection } from './AccountSection';
import { CredentialsSection } from './CredentialsSection';
import { NotificationsSection } from './NotificationsSection';
import { SettingsSection } from './SettingsSection';

export function Options({ initial }: { initial: StoredState }) {
  const { t, port } = useServices();
  const state = useStoredState(port, initial);
  const [backgroundDown, setBackgroundDown] = useState(false);

  useEffect(() => {
    const noAnswer = { ok: false, error: 'timeout' } as const;
    void withTimeout(port.send({ type: 'ping' }), PING_TIMEOUT_MS, noAnswer).then((reply) => {
      if (!reply.ok) setBackgroundDown(true);
    });
  }, [port]);

  return (
    <main class="options">
      <h1>{t('options_heading')}</h1>
      {backgroundDown && (
        <p class="notice notice-error" role="alert" data-testid="background-down">
          {t('options_background_down')}
        </p>
      )}
      <CredentialsSection source={state.credentialSource} />
      <SettingsSection settings={state.settings} />
      <NotificationsSection enabled={state.settings.notifications} />
      <AccountSection session={state.session} />
    </main>
  );
}
