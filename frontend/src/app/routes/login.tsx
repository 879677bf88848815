import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { useUser } from '@/lib/auth';
import { LoginForm } from '@/features/auth/components/login-form';
import { SsoSignIn } from '@/features/auth/components/sso-sign-in';

/** Where to go after signing in: back where the user came from, never off the site. */
export function useReturnTo(): string {
  const location = useLocation();
  const from = (location.state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && from !== '/login' ? from : '/';
}

export function LoginRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const to = useReturnTo();
  const user = useUser();
  useDocumentTitle(t('auth.login.title'));
  // Already signed in (another tab, or the back button): nothing to do here.
  if (user) return <Navigate to={to} replace />;
  return (
    <div className="narrow">
      <Heading variant="h1" className="page-title">
        {t('auth.login.title')}
      </Heading>
      <SsoSignIn returnTo={to} />
      <LoginForm onDone={() => void navigate(to, { replace: true })} />
      <Paragraph className="form-aside">
        <Link to="/forgot-password">{t('auth.login.forgot')}</Link>
      </Paragraph>
      <Paragraph className="form-aside">
        {t('auth.login.noAccount')}{' '}
        <Link to="/register" state={{ from: to }}>
          {t('auth.register.title')}
        </Link>
      </Paragraph>
    </div>
  );
}
