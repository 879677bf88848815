import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { RefusalNote } from '@/components/refusal-note';
import { hasRole } from '@/lib/auth';
import { RequireUser } from '../require-user';

/** The evaluator's workspace: evaluators and admins only (the server checks each call too). */
export default function EvaluationLayout() {
  const { t } = useTranslation();
  return (
    <RequireUser>
      {(me) =>
        hasRole(me, 'evaluator') || hasRole(me, 'admin') ? (
          <div className="evaluation" aria-label={t('evaluation.title')} role="region">
            <Outlet context={me} />
          </div>
        ) : (
          <RefusalNote code="role_required" />
        )
      }
    </RequireUser>
  );
}
