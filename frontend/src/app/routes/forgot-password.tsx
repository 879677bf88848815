import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { ForgotPasswordForm } from '@/features/auth/components/forgot-password-form';

export function ForgotPasswordRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.forgot.title'));
  return (
    <div className="narrow">
      <Heading variant="h1" className="page-title">
        {t('auth.forgot.title')}
      </Heading>
      <Paragraph className="lead-small">{t('auth.forgot.lead')}</Paragraph>
      <ForgotPasswordForm />
      <Paragraph className="form-aside">
        <Link to="/login">{t('auth.forgot.backToLogin')}</Link>
      </Paragraph>
    </div>
  );
}
