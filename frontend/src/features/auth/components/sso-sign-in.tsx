import { Button, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { useSso, useStartSso } from '../api/sso';

/**
 * "Sign in with your organisation", above the password form, when the server has single
 * sign-on configured; nothing otherwise (also while the server has not said, and when it
 * cannot be asked).
 */
export function SsoSignIn({ returnTo }: { returnTo: string }) {
  const { t } = useTranslation();
  const sso = useSso();
  const start = useStartSso();
  if (!sso.data?.enabled) return null;
  return (
    <div className="sso-sign-in">
      {start.isError ? <ProblemAlert error={start.error} /> : null}
      <div className="form__actions">
        {/* Stays disabled while the browser leaves for the provider. */}
        <Button
          disabled={start.isPending || start.isSuccess}
          aria-describedby={sso.data.name ? 'sso-provider' : undefined}
          onClick={() => start.mutate(returnTo)}
        >
          {t('auth.sso.button')}
        </Button>
      </div>
      {sso.data.name ? (
        <Paragraph className="sso-sign-in__provider" id="sso-provider">
          {t('auth.sso.provider', { name: sso.data.name })}
        </Paragraph>
      ) : null}
      <p className="sso-sign-in__or">{t('auth.sso.or')}</p>
    </div>
  );
}
