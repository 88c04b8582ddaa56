/** The popup: one view per situation (no API key, signed out, signing in, signed in, revoked). */
import { useState } from 'preact/hooks';
import { FlickrCode } from '../flickr/errors';
import type { StoredState } from '../state';
import { RevokeHint } from '../ui/components/RevokeHint';
import { useNow, useRequest, useStoredState } from '../ui/hooks';
import { useServices } from '../ui/services';
import { attemptNotice } from './attempt';
import { AccountView } from './AccountView';

export function Popup({ initial }: { initial: StoredState }) {
  const { t, lang, port, now: clock } = useServices();
  const state = useStoredState(port, initial);
  const now = useNow(clock);
  const signIn = useRequest(port);
  const [signedOut, setSignedOut] = useState(false);

  const startSignIn = () => {
    setSignedOut(false);
    void signIn.run({ type: 'sign-in' });
  };

  const { session } = state;
  let view;
  if (state.credentialSource === 'none') {
    view = <NoKeyView openOptions={() => void port.openOptionsPage()} />;
  } else if (session.state === 'signed-in' || session.state === 'revoked') {
    view = (
      <AccountView
        state={state}
        account={session.account}
        revoked={session.state === 'revoked'}
        now={now}
        onSignIn={startSignIn}
        onSignedOut={() => setSignedOut(true)}
      />
    );
  } else {
    const waiting = session.state === 'signing-in' || signIn.pending;
    const attempt = state.lastAttempt;
    // A revoked token is moot once signed out; anything else (a refused sign-in) is worth saying.
    const revokedFailure =
      attempt?.outcome === 'failed' &&
      attempt.failure.kind === 'api' &&
      attempt.failure.code === FlickrCode.invalidAuthToken;
    const notice = revokedFailure ? undefined : attemptNotice(attempt, null, session, now, t, lang);
    // The worker records why a sign-in failed; its reply (a failure kind) is the fallback.
    const replyError = signIn.reply && !signIn.reply.ok ? t('error_sign_in', [signIn.reply.error]) : undefined;
    view = (
      <SignInView
        waiting={waiting}
        error={waiting ? undefined : (notice?.text ?? replyError)}
        onSignIn={startSignIn}
      />
    );
  }

  return (
    <main class="popup">
      <h1 class="app-name">{t('popup_heading')}</h1>
      {state.notice?.kind === 'storage-reset' && (
        <p class="notice" role="status" data-testid="storage-notice">
          {t('popup_storage_reset')}
        </p>
      )}
      {view}
      {signedOut && session.state !== 'signed-in' && <RevokeHint />}
    </main>
  );
}

function NoKeyView({ openOptions }: { openOptions: () => void }) {
  const { t } = useServices();
  return (
    <section data-testid="no-key">
      <p>{t('popup_no_key')}</p>
      <button type="button" class="primary" onClick={openOptions}>
        {t('popup_open_options')}
      </button>
    </section>
  );
}

function SignInView({ waiting, error, onSignIn }: { waiting: boolean; error: string | undefined; onSignIn: () => void }) {
  const { t } = useServices();
  return (
    <section data-testid={waiting ? 'signing-in' : 'signed-out'}>
      <p>{waiting ? t('popup_signing_in_hint') : t('popup_signed_out')}</p>
      {error && (
        <p class="notice notice-error" data-testid="sign-in-error">
          {error}
        </p>
      )}
      <button type="button" class="primary" onClick={onSignIn} disabled={waiting} aria-busy={waiting}>
        {waiting ? t('popup_waiting_for_flickr') : t('popup_sign_in')}
      </button>
    </section>
  );
}
