/** Who is signed in, and signing out from here. */
import { useState } from 'preact/hooks';
import type { Session } from '../state';
import { RevokeHint } from '../ui/components/RevokeHint';
import { useServices } from '../ui/services';

export function AccountSection({ session }: { session: Session }) {
  const { t, port } = useServices();
  const [busy, setBusy] = useState(false);
  const [signedOut, setSignedOut] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const signOut = async () => {
    setProblem(null);
    setBusy(true);
    const reply = await port.send({ type: 'sign-out' });
    setBusy(false);
    if (reply.ok) setSignedOut(true);
    else setProblem(t('popup_sign_out_failed', [reply.error]));
  };

  const account = session.state === 'signed-in' || session.state === 'revoked' ? session.account : undefined;
  return (
    <section class="card" aria-labelledby="account-heading">
      <h2 id="account-heading">{t('options_account_heading')}</h2>
      {account ? (
        <>
          <p data-testid="signed-in-as">{t('options_signed_in_as', [account.username || account.nsid])}</p>
          <button type="button" onClick={signOut} disabled={busy} aria-busy={busy}>
            {t('popup_sign_out')}
          </button>
        </>
      ) : (
        <p data-testid="not-signed-in">{t('options_not_signed_in')}</p>
      )}
      {problem && <p class="notice notice-error">{problem}</p>}
      {signedOut && !account && <RevokeHint />}
    </section>
  );
}
