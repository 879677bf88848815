import { useState } from 'react';
import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@/components/document-title';
import { OrganisationSelect } from '@/components/organisation-select';
import { ManagerPanel } from './manager-panel';

/** Admins choose an organisation and manage who runs its calls. */
export function OrganisationManagers() {
  const { t } = useTranslation();
  const [org, setOrg] = useState<string | null>(null);
  useDocumentTitle(t('managers.orgTitle'));
  return (
    <>
      <Heading variant="h1" className="page-title">
        {t('managers.orgTitle')}
      </Heading>
      <Paragraph className="lead-small">{t('managers.orgLead')}</Paragraph>
      <OrganisationSelect
        id="managers-organisation"
        labelText={t('managers.organisation')}
        noneText={t('managers.chooseOrganisation')}
        value={org}
        onChange={setOrg}
      />
      {org ? (
        <ManagerPanel
          key={org}
          scope={{ kind: 'organisation', id: org }}
          title={t('managers.orgManagers')}
          lead={t('managers.orgManagersLead')}
          headingId="organisation-managers-title"
        />
      ) : null}
    </>
  );
}
