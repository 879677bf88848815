import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@/components/document-title';
import { InvitationList } from '@/features/coauthors/components/invitation-list';
import { RequireUser } from './require-user';

export function InvitationsRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('coauthors.invitations.title'));
  return (
    <RequireUser>
      {() => (
        <>
          <Heading variant="h1" className="page-title">
            {t('coauthors.invitations.title')}
          </Heading>
          <p className="lead-small">{t('coauthors.invitations.lead')}</p>
          <InvitationList />
        </>
      )}
    </RequireUser>
  );
}
