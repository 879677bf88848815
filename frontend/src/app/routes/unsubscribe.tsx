import { useState } from 'react';
import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { tokenFromFragment } from '@/lib/link-token';
import { UnsubscribeView } from '@/features/email-settings/components/unsubscribe-view';

/** Where an email's unsubscribe link leads (`/unsubscribe#token=…`). */
export function UnsubscribeRoute() {
  const { t } = useTranslation();
  const location = useLocation();
  const [token] = useState(() => tokenFromFragment(location.hash));
  useDocumentTitle(t('unsubscribe.title'));
  return (
    <div className="narrow">
      <Heading variant="h1" className="page-title">
        {t('unsubscribe.title')}
      </Heading>
      <div aria-live="polite" className="link-result">
        {token ? <UnsubscribeView token={token} /> : <Paragraph>{t('unsubscribe.noToken')}</Paragraph>}
      </div>
    </div>
  );
}
