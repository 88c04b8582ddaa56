/** Signed in (or revoked): who, the figures, how old they are, what went wrong, and the actions. */
import { useEffect, useState } from 'preact/hooks';
import { formatAge } from '../quota/format';
import type { Reply } from '../messages';
import type { Account, LastAttempt, StoredState } from '../state';
import { ExternalLink } from '../ui/components/ExternalLink';
import { useRequest } from '../ui/hooks';
import { FLICKR_ACCOUNT_URL, FLICKR_UPLOADER_URL } from '../ui/links';
import { useServices } from '../ui/services';
import { attemptNotice, refreshOutcomeText } from './attempt';
import { isStale } from '../schedule/policy';
import { accountType } from './figures';
import { Figures } from './Figures';

interface RefreshAsked {
  before: LastAttempt | null;
  reply: Reply | null;
}

/** How long a refused refresh waits for the worker's stored attempt before saying the reply. */
const REPLY_GRACE_MS = 1500;

interface Props {
  state: StoredState;
  account: Account;
  revoked: boolean;
  now: number;
  onSignIn: () => void;
  onSignedOut: () => void;
}

export function AccountView({ state, account, revoked, now, onSignIn, onSignedOut }: Props) {
  const { t, lang, port, now: clock } = useServices();
  const { status, limits, lastAttempt, session, settings } = state;
  const [announcement, setAnnouncement] = useState('');
  // Set when the user pressed Refresh: the attempt on record then, and the worker's reply. The
  // outcome is announced from the attempt the worker writes; the reply alone only counts when no
  // new attempt shows up (the worker answers `{ ok: false, error: <failure kind> }`).
  const [refreshAsked, setRefreshAsked] = useState<RefreshAsked | null>(null);
  const signOut = useRequest(port);

  useEffect(() => {
    if (!refreshAsked || state.refreshing || !lastAttempt || lastAttempt === refreshAsked.before) return;
    setAnnouncement(refreshOutcomeText(lastAttempt, status, clock(), t, lang));
    setRefreshAsked(null);
  }, [refreshAsked, state.refreshing, lastAttempt, status, clock, t, lang]);

  const refusal = refreshAsked?.reply?.ok === false ? refreshAsked.reply.error : undefined;
  useEffect(() => {
    if (refusal === undefined) return;
    const timer = setTimeout(() => {
      setRefreshAsked(null);
      setAnnouncement(t('popup_refresh_failed', [refusal]));
    }, REPLY_GRACE_MS);
    return () => clearTimeout(timer);
  }, [refusal, t]);

  const refresh = async () => {
    setAnnouncement('');
    setRefreshAsked({ before: lastAttempt, reply: null });
    const reply = await port.send({ type: 'refresh' });
    setRefreshAsked((asked) => asked && { ...asked, reply });
  };

  const doSignOut = async () => {
    const reply = await signOut.run({ type: 'sign-out' });
    if (reply.ok) onSignedOut();
  };

  const busy = state.refreshing || (refreshAsked !== null && refreshAsked.reply === null);
  const notice = attemptNotice(lastAttempt, status, session, now, t, lang);
  const stale = revoked || (status !== null && isStale(status, settings, now));
  const username = account.username || status?.value.username || account.nsid;

  return (
    <>
      <header class="account" data-testid="account">
        <h2 class="username" data-testid="username">{username}</h2>
        {status && (
          <span class="account-type" data-testid="account-type">
            {accountType(status.value, t)}
          </span>
        )}
      </header>

      {revoked && (
        <div class="notice notice-error" data-testid="revoked">
          <p>{t('popup_revoked')}</p>
          <button type="button" class="primary" onClick={onSignIn}>
            {t('popup_sign_in_again')}
          </button>
        </div>
      )}

      {notice && (
        <p class="notice notice-error" data-testid="attempt-error" title={notice.summary}>
          {notice.text}
        </p>
      )}

      {status ? (
        <>
          <Figures status={status.value} limits={limits?.value} settings={settings} stale={stale} />
          <p class="updated" data-testid="updated" title={new Date(status.fetchedAt).toLocaleString(lang)}>
            {t('popup_updated', [formatAge(now - status.fetchedAt, lang, t)])}
          </p>
          {stale && (
            <p class="stale-hint" data-testid="stale-hint">
              {t('popup_stale_hint')}
            </p>
          )}
        </>
      ) : (
        <p data-testid="no-figures">{state.refreshing ? t('popup_fetching') : t('popup_no_figures')}</p>
      )}

      <nav class="links" aria-label={t('popup_links_label')}>
        <ExternalLink href={FLICKR_UPLOADER_URL} testId="uploader-link">
          {t('popup_uploader_link')}
        </ExternalLink>
        <ExternalLink href={FLICKR_ACCOUNT_URL} testId="account-link">
          {t('popup_account_link')}
        </ExternalLink>
      </nav>

      <div class="actions">
        {!revoked && (
          <button type="button" class="primary" onClick={refresh} disabled={busy} aria-busy={busy}>
            {t('popup_refresh')}
          </button>
        )}
        <button type="button" onClick={doSignOut} disabled={signOut.pending}>
          {t('popup_sign_out')}
        </button>
      </div>
      {signOut.reply && !signOut.reply.ok && (
        <p class="notice notice-error" data-testid="sign-out-error">
          {t('popup_sign_out_failed', [signOut.reply.error])}
        </p>
      )}

      <p class="live" role="status" aria-live="polite" data-testid="refresh-result">
        {announcement}
      </p>
    </>
  );
}
