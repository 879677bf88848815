import { Button } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useUser } from '@/lib/auth';
import { toProblem } from '@/lib/problem';
import { useResendVerification } from '@/lib/verification';
import { waitTime } from '@/lib/wait-time';
import { errorMessage } from './problem-message';

/**
 * "Send the link again" and what came of it: sent (to which address), or when the next one may
 * be asked for (the server's Retry-After), or why not. The result is announced politely: the
 * user stays where they were.
 */
export function ResendVerification() {
  const { t } = useTranslation();
  const user = useUser();
  const resend = useResendVerification();
  let result = '';
  if (resend.isSuccess) result = t('verification.sent', { email: user?.email ?? '' });
  else if (resend.isError) {
    const p = toProblem(resend.error);
    if (p.code === 'email_recently_sent' && p.retryAfter !== null) {
      const wait = waitTime(p.retryAfter);
      result =
        wait.unit === 'seconds'
          ? t('verification.waitSeconds', { count: wait.count })
          : t('verification.waitMinutes', { count: wait.count });
    } else {
      result = errorMessage(t, resend.error);
    }
  }
  return (
    <div className="resend-verification">
      <Button variant="secondary" disabled={resend.isPending} onClick={() => resend.mutate()}>
        {t('verification.resend')}
      </Button>
      <p role="status" className={`resend-verification__result${resend.isError ? ' resend-verification__result--error' : ''}`}>
        {result}
      </p>
    </div>
  );
}
