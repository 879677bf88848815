import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { InlineAlert, Paragraph } from 'suomifi-ui-components';
import { session } from '@/lib/api-client';
import { meKeys, useMe } from '@/lib/auth';
import i18n, { isLanguage, rememberLanguage, setLanguage, storedLanguage } from '@/lib/i18n';

/**
 * Keeps the UI in step with the session: when it ends underneath us (a refused refresh, a
 * sign-out in another tab) the user becomes a visitor and every query refetches as one. A
 * signed-in user who never chose a language on this device gets their profile's language.
 * When the server ended the session because an admin blocked the account, it says so.
 */
export function SessionSync() {
  const qc = useQueryClient();
  const me = useMe();
  const { t } = useTranslation();
  const [endReason, setEndReason] = useState<string | undefined>();

  useEffect(
    () =>
      session.subscribe((signedIn, reason) => {
        setEndReason(signedIn ? undefined : reason);
        if (!signedIn) {
          qc.setQueryData(meKeys.me, null);
          void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== meKeys.me[0] });
        }
      }),
    [qc],
  );

  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      // Another tab signed out: its refresh token is gone from the shared storage.
      if (e.key === 'siilo.refresh_token' && e.newValue === null) session.end();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const lang = me.data?.language;
  useEffect(() => {
    if (lang && isLanguage(lang) && storedLanguage() === null && i18n.language !== lang) {
      rememberLanguage(lang);
      void setLanguage(lang);
    }
  }, [lang]);

  if (endReason !== 'account_blocked') return null;
  return (
    <InlineAlert status="error" labelText={t('errors.title')} role="alert" className="problem-alert">
      <Paragraph>{t('errors.account_blocked')}</Paragraph>
    </InlineAlert>
  );
}
