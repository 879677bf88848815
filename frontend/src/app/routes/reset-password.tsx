import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { session } from '@/lib/api-client';
import { meKeys } from '@/lib/auth';
import { tokenFromFragment } from '@/lib/link-token';
import { announce } from '@/lib/status';
import { ResetPasswordForm } from '@/features/auth/components/reset-password-form';

/**
 * Where the reset link leads (`/reset-password#token=…`). A new password ends every session of
 * the account, this browser's too: its tokens are dropped here and the user signs in again.
 */
export function ResetPasswordRoute() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [token] = useState(() => tokenFromFragment(location.hash));
  useDocumentTitle(t('auth.reset.title'));
  const done = () => {
    session.end();
    qc.setQueryData(meKeys.me, null);
    announce(t('auth.reset.done'), '/login');
    void navigate('/login', { replace: true });
  };
  return (
    <div className="narrow">
      <Heading variant="h1" className="page-title">
        {t('auth.reset.title')}
      </Heading>
      {token ? (
        <>
          <Paragraph className="lead-small">{t('auth.reset.lead')}</Paragraph>
          <ResetPasswordForm token={token} onDone={done} />
        </>
      ) : (
        <>
          <Paragraph>{t('auth.reset.noToken')}</Paragraph>
          <Paragraph>
            <Link to="/forgot-password">{t('auth.reset.newLink')}</Link>
          </Paragraph>
        </>
      )}
    </div>
  );
}
