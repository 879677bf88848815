import { Button, InlineAlert, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { toProblem } from '@/lib/problem';
import { problemMessage } from './problem-message';

/** Codes that mean "you are not (or no longer) signed in": offer the way back in. */
const SIGNED_OUT = ['unauthenticated', 'invalid_token', 'token_expired', 'session_ended', 'invalid_refresh_token', 'refresh_token_expired', 'refresh_token_reused'];

interface Props {
  error: unknown;
  /** Offered when the failure may pass (offline, 5xx). */
  onRetry?: () => void;
}

/** A request's problem, said in the reader's language; never a raw status or a blank page. */
export function ProblemAlert({ error, onRetry }: Props) {
  const { t } = useTranslation();
  const p = toProblem(error);
  const signIn = SIGNED_OUT.includes(p.code);
  return (
    <InlineAlert status="error" labelText={t('errors.title')} className="problem-alert" role="alert">
      <Paragraph>{problemMessage(t, p.code, p.status)}</Paragraph>
      {p.status === 0 && p.code === 'network' ? <Paragraph>{t('errors.offline_hint')}</Paragraph> : null}
      {signIn ? (
        <Paragraph>
          <Link to="/login">{t('auth.login.title')}</Link>
        </Paragraph>
      ) : null}
      {onRetry && p.retryable ? (
        <Button variant="secondary" onClick={onRetry} className="problem-alert__retry">
          {t('common.retry')}
        </Button>
      ) : null}
    </InlineAlert>
  );
}
