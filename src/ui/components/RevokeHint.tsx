import { FLICKR_APPS_URL } from '../links';
import { useServices } from '../services';
import { ExternalLink } from './ExternalLink';

/** Shown after signing out: the token only dies for good when the user revokes it on Flickr. */
export function RevokeHint() {
  const { t } = useServices();
  return (
    <p class="notice" data-testid="revoke-hint">
      {t('popup_signed_out_revoke_hint')}{' '}
      <ExternalLink href={FLICKR_APPS_URL} testId="revoke-link">
        {t('popup_apps_you_use_link')}
      </ExternalLink>
    </p>
  );
}
