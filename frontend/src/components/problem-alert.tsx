import { Button, InlineAlert, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { toProblem } from '@/lib/problem';
import { problemMessage, problemTitle, SIGNED_OUT } from './problem-message';
import { ResendVerification } from './resend-verification';

interface Props {
  error: unknown;
  /** Offered when the failure may pass (offline, 5xx). */
  onRetry?: () => void;
}

/** To the login page, and back here after signing in (as the header's link does). */
function LoginLink() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Link to="/login" state={{ from: location.pathname + location.search }}>
      {t('auth.login.title')}
    </Link>
  );
}

/**
 * A request's problem, said in the reader's language; never a raw status or a blank page. What
 * the reader can do about it comes with it: sign in, send the confirmation link again, retry.
 */
export function ProblemAlert({ error, onRetry }: Props) {
  const { t } = useTranslation();
  const p = toProblem(error);
  const signIn = SIGNED_OUT.includes(p.code);
  return (
    <InlineAlert status="error" labelText={problemTitle(t, p.code, p.status)} className="problem-alert" role="alert">
      <Paragraph>{problemMessage(t, p.code, p.status)}</Paragraph>
      {p.status === 0 && p.code === 'network' ? <Paragraph>{t('errors.offline_hint')}</Paragraph> : null}
      {signIn ? (
        <Paragraph>
          <LoginLink />
        </Paragraph>
      ) : null}
      {p.code === 'email_unverified' ? <ResendVerification /> : null}
      {onRetry && p.retryable ? (
        <Button variant="secondary" onClick={onRetry} className="problem-alert__retry">
          {t('common.retry')}
        </Button>
      ) : null}
    </InlineAlert>
  );
}
