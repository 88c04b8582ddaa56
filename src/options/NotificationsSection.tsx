/** The optional `notifications` permission is asked for only when the user ticks the box. */
import { useEffect, useState } from 'preact/hooks';
import { useServices } from '../ui/services';

export function NotificationsSection({ enabled }: { enabled: boolean }) {
  const { t, port } = useServices();
  // What the user asked for, shown until the stored setting catches up.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (wanted === enabled) setWanted(null);
  }, [wanted, enabled]);

  const toggle = (want: boolean) => {
    setProblem(null);
    // Straight from the click: browsers only show the permission prompt inside a user gesture.
    const allowed = want ? port.requestPermission('notifications') : Promise.resolve(true);
    setWanted(want);
    void allowed.then(async (granted) => {
      if (!granted) {
        setWanted(null);
        setProblem(t('options_notifications_denied'));
        return;
      }
      const reply = await port.send({ type: 'settings/save', settings: { notifications: want } });
      if (!reply.ok) {
        setWanted(null);
        setProblem(t('options_save_failed', [reply.error]));
      }
    });
  };

  return (
    <section class="card" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">{t('options_notifications_heading')}</h2>
      <div class="checkbox-field">
        <input
          id="notifications"
          type="checkbox"
          checked={wanted ?? enabled}
          aria-describedby="notifications-hint"
          onChange={(e) => toggle(e.currentTarget.checked)}
        />
        <label for="notifications">{t('options_notifications')}</label>
      </div>
      <p id="notifications-hint" class="hint">
        {t('options_notifications_hint')}
      </p>
      <p class={problem ? 'outcome notice-error' : 'outcome'} role="status" data-testid="notifications-outcome">
        {problem}
      </p>
    </section>
  );
}
