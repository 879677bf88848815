import { useSyncExternalStore } from 'react';
import { Button, InlineAlert, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { session } from '@/lib/api-client';

const subscribe = (listener: () => void) => session.subscribeEndReason(listener);
const reason = () => session.endReason;

/**
 * Tells a user whom the server signed out why (a blocked account, an ended session) instead
 * of leaving them a visitor without a word. Announced once; stays until dismissed or the
 * user signs in again.
 */
export function SignedOutNotice() {
  const { t } = useTranslation();
  const location = useLocation();
  const code = useSyncExternalStore(subscribe, reason, () => null);
  if (!code) return null;
  const blocked = code === 'account_blocked';
  return (
    <InlineAlert status={blocked ? 'error' : 'warning'} labelText={t('auth.signedOut.title')} className="signed-out-notice" role="alert">
      <Paragraph>{blocked ? t('auth.signedOut.blocked') : t('auth.signedOut.ended')}</Paragraph>
      <div className="signed-out-notice__actions">
        {blocked || location.pathname === '/login' ? null : (
          <Link to="/login" state={{ from: location.pathname + location.search }} onClick={() => session.clearEndReason()}>
            {t('auth.signedOut.loginAgain')}
          </Link>
        )}
        <Button variant="secondaryNoBorder" onClick={() => session.clearEndReason()}>
          {t('auth.signedOut.dismiss')}
        </Button>
      </div>
    </InlineAlert>
  );
}
