import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { session } from '@/lib/api-client';
import { meKeys, useMe } from '@/lib/auth';
import i18n, { isLanguage, rememberLanguage, setLanguage, storedLanguage } from '@/lib/i18n';

/**
 * Keeps the UI in step with the session: when it ends underneath us (a refused refresh, a
 * sign-out in another tab) the user becomes a visitor and every query refetches as one. A
 * signed-in user who never chose a language on this device gets their profile's language.
 */
export function SessionSync() {
  const qc = useQueryClient();
  const me = useMe();

  useEffect(
    () =>
      session.subscribe((signedIn) => {
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
      if (e.key === 'siilo.refresh_token' && e.newValue === null) session.end(session.storedEndReason);
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

  return null;
}
