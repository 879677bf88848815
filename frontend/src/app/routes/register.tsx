import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { useUser } from '@/lib/auth';
import { announce } from '@/lib/status';
import { RegisterForm } from '@/features/auth/components/register-form';
import { useReturnTo } from './login';

export function RegisterRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const to = useReturnTo();
  const user = useUser();
  useDocumentTitle(t('auth.register.title'));
  if (user) return <Navigate to={to} replace />;
  return (
    <div className="narrow">
      <Heading variant="h1" className="page-title">
        {t('auth.register.title')}
      </Heading>
      <Paragraph className="lead-small">{t('auth.register.lead')}</Paragraph>
      <RegisterForm
        onDone={() => {
          announce(t('status.registered'), to);
          void navigate(to, { replace: true });
        }}
      />
      <Paragraph className="form-aside">
        {t('auth.register.haveAccount')}{' '}
        <Link to="/login" state={{ from: to }}>
          {t('auth.login.title')}
        </Link>
      </Paragraph>
    </div>
  );
}
