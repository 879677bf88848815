import { useEffect, useRef } from 'react';
import { Button, Heading, InlineAlert, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { ApiProblem } from '@/lib/problem';
import { takeReturnPath, useSsoCallback, useStartSso } from '@/features/auth/api/sso';

/**
 * Where the organisation's identity provider sends the browser back (`/sso/callback?code=…&state=…`,
 * or `?error=…` when the user cancelled or the provider refused): the server checks the answer
 * and signs the user in, who then goes back where they were. A failure says why, with "try
 * again" and the way to the password login.
 */
export function SsoCallbackRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSsoCallback();
  const { mutateAsync } = signIn;
  const start = useStartSso();
  const sent = useRef(false);
  const code = params.get('code');
  const state = params.get('state');
  const providerError = params.get('error');
  const incomplete = !providerError && (!code || !state);
  useDocumentTitle(t('auth.sso.callbackTitle'));

  useEffect(() => {
    // Once: the provider's code works once, and development mode runs effects twice.
    if (sent.current || providerError || !code || !state) return;
    sent.current = true;
    mutateAsync({ code, state }).then(
      () => navigate(takeReturnPath(), { replace: true }),
      () => undefined,
    );
  }, [code, state, providerError, mutateAsync, navigate]);

  const failed = providerError !== null || incomplete || signIn.isError;
  return (
    <div className="narrow">
      <Heading variant="h1" className="page-title">
        {t('auth.sso.callbackTitle')}
      </Heading>
      <div aria-live="polite" className="link-result">
        {providerError !== null ? (
          <InlineAlert status="error" labelText={t('errorTitles.signInFailed')} role="alert">
            <Paragraph>{providerError === 'access_denied' ? t('auth.sso.cancelled') : t('auth.sso.providerRefused')}</Paragraph>
          </InlineAlert>
        ) : incomplete ? (
          <ProblemAlert error={new ApiProblem('sso_state_invalid', 400, '')} />
        ) : signIn.isError ? (
          <ProblemAlert error={signIn.error} />
        ) : (
          <Loading />
        )}
      </div>
      {failed ? (
        <>
          {start.isError ? <ProblemAlert error={start.error} /> : null}
          <div className="form__actions">
            <Button disabled={start.isPending || start.isSuccess} onClick={() => start.mutate(takeReturnPath())}>
              {t('auth.sso.tryAgain')}
            </Button>
          </div>
          <Paragraph className="form-aside">
            <Link to="/login">{t('auth.sso.passwordLogin')}</Link>
          </Paragraph>
        </>
      ) : null}
    </div>
  );
}
