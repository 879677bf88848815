import { useEffect, useRef, useState } from 'react';
import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ButtonLink } from '@/components/button-link';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { ResendVerification } from '@/components/resend-verification';
import { useUser } from '@/lib/auth';
import { tokenFromFragment } from '@/lib/link-token';
import { toProblem } from '@/lib/problem';
import { useVerifyEmail } from '@/features/auth/api/verify-email';

/**
 * Where the confirmation link leads (`/verify-email#token=…`): confirms the address at once and
 * says what came of it, with the way on; a link that no longer works comes with "ask for a new
 * link" (the resend button when signed in, else the way to sign in and ask).
 */
export function VerifyEmailRoute() {
  const { t } = useTranslation();
  const location = useLocation();
  const user = useUser();
  const [token] = useState(() => tokenFromFragment(location.hash));
  const verify = useVerifyEmail();
  const { mutate } = verify;
  const sent = useRef(false);
  useDocumentTitle(t('verification.page.title'));

  useEffect(() => {
    // Once: a link works once, and development mode runs effects twice.
    if (!token || sent.current) return;
    sent.current = true;
    mutate(token);
  }, [token, mutate]);

  let body: React.ReactNode;
  if (!token) {
    body = (
      <>
        <Paragraph>{t('verification.page.noToken')}</Paragraph>
        <NewLink signedIn={!!user} verified={!!user?.email_verified} />
      </>
    );
  } else if (verify.isSuccess) {
    body = (
      <>
        <Paragraph className="result-text">{t('verification.page.done')}</Paragraph>
        {user ? (
          <>
            <Paragraph>{t('verification.page.doneSignedIn')}</Paragraph>
            <div className="form__actions">
              <ButtonLink to="/">{t('verification.page.continue')}</ButtonLink>
            </div>
          </>
        ) : (
          <>
            <Paragraph>{t('verification.page.doneSignedOut')}</Paragraph>
            <div className="form__actions">
              <ButtonLink to="/login">{t('auth.login.title')}</ButtonLink>
            </div>
          </>
        )}
      </>
    );
  } else if (verify.isError) {
    const code = toProblem(verify.error).code;
    const linkProblem = code === 'link_invalid' || code === 'link_expired';
    body = (
      <>
        <ProblemAlert error={verify.error} onRetry={() => mutate(token)} />
        {linkProblem ? <NewLink signedIn={!!user} verified={!!user?.email_verified} /> : null}
      </>
    );
  } else {
    body = <Loading />;
  }

  return (
    <div className="narrow">
      <Heading variant="h1" className="page-title">
        {t('verification.page.title')}
      </Heading>
      {/* One live region from the start, so that the outcome is read out when it replaces "loading". */}
      <div aria-live="polite" className="link-result">
        {body}
      </div>
    </div>
  );
}

/** How to get a link that works: send one now, or sign in to ask; nothing when already confirmed. */
function NewLink({ signedIn, verified }: { signedIn: boolean; verified: boolean }) {
  const { t } = useTranslation();
  if (signedIn && verified) {
    return (
      <>
        <Paragraph>{t('verification.page.alreadyVerified')}</Paragraph>
        <div className="form__actions">
          <ButtonLink to="/">{t('verification.page.continue')}</ButtonLink>
        </div>
      </>
    );
  }
  if (signedIn) {
    return (
      <>
        <Paragraph>{t('verification.page.askNew')}</Paragraph>
        <ResendVerification />
      </>
    );
  }
  return (
    <Paragraph>
      {t('verification.page.signInToAsk')} <Link to="/login">{t('auth.login.title')}</Link>
    </Paragraph>
  );
}
