import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@/components/document-title';
import { BranchList } from '@/features/branches/components/branch-list';
import { OrganisationParentForm } from '@/features/branches/components/organisation-parent-form';

export default function AdminOrganisationsRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('branches.admin.title'));
  return (
    <>
      <Heading variant="h1" className="page-title">
        {t('branches.admin.title')}
      </Heading>
      <Paragraph className="lead-small">{t('branches.admin.lead')}</Paragraph>
      <OrganisationParentForm />
      <BranchList />
    </>
  );
}
