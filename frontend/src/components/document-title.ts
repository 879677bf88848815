import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the tab title ("Page – Siilo") so that screen readers and history say where one is. */
export function useDocumentTitle(title: string | undefined | null): void {
  const { t } = useTranslation();
  const site = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} – ${site}` : site;
  }, [title, site]);
}
