import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { dismissStatus, locationChanged, useStatus } from '@/lib/status';

/**
 * Where status messages show. The live region is always in the page, so that screen readers
 * announce a message when it is put in (a region added together with its text is often missed).
 */
export function StatusMessage() {
  const { t } = useTranslation();
  const status = useStatus();
  const location = useLocation();
  useEffect(() => locationChanged(location.pathname), [location.pathname]);
  return (
    <div className="status-region">
      <div role="status" aria-live="polite" aria-atomic="true">
        {status ? (
          <p key={status.id} className="status-message">
            {status.message}
          </p>
        ) : null}
      </div>
      {status ? (
        <button type="button" className="status-message__close" onClick={dismissStatus}>
          <span aria-hidden="true">×</span>
          <span className="visually-hidden">{t('status.close')}</span>
        </button>
      ) : null}
    </div>
  );
}
