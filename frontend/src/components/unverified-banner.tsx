import { InlineAlert, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useUser } from '@/lib/auth';
import { ResendVerification } from './resend-verification';

/**
 * For a signed-in user whose address is not confirmed yet: what to do, on every page, with
 * "send the link again". Not on the page that is confirming it right now. Not a live region:
 * it would be read out again on every page.
 */
export function UnverifiedBanner() {
  const { t } = useTranslation();
  const user = useUser();
  const location = useLocation();
  if (!user || user.email_verified || location.pathname === '/verify-email') return null;
  return (
    <InlineAlert status="warning" labelText={t('verification.banner.title')} className="unverified-banner">
      <Paragraph>{t('verification.banner.text', { email: user.email })}</Paragraph>
      <ResendVerification />
    </InlineAlert>
  );
}
