import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { type CallAction, refusalInPhase } from '@/lib/phase';
import type { ErrorCode } from '@/lib/problem';
import type { Phase } from '@/lib/types';
import { problemMessage } from './problem-message';

interface Props {
  code: ErrorCode | null | undefined;
  id?: string;
  /** With the call's phase and the action, a closed call says so instead of "sign in". */
  phase?: Phase;
  action?: CallAction;
}

/**
 * Why an action is not offered, as the server said it (`*_refusal` codes in `viewer`); the
 * client never works the reason out itself, except that a call closed to the action never
 * asks a visitor to sign in.
 */
export function RefusalNote({ code, id, phase, action }: Props) {
  const { t } = useTranslation();
  const location = useLocation();
  const shown = action ? refusalInPhase(code, phase, action) : code;
  if (!shown) return null;
  return (
    <p className="refusal-note" id={id}>
      {problemMessage(t, shown)}
      {shown === 'unauthenticated' ? (
        <>
          {' '}
          {/* Back to this page after signing in, as the header's link does. */}
          <Link to="/login" state={{ from: location.pathname + location.search }}>
            {t('auth.login.title')}
          </Link>
        </>
      ) : null}
    </p>
  );
}
