import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@/components/document-title';
import { LegalAdminList } from '@/features/legal/components/legal-admin-list';

export default function AdminLegalRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('legal.admin.title'));
  return (
    <>
      <Heading variant="h1" className="page-title">
        {t('legal.admin.title')}
      </Heading>
      <Paragraph className="lead-small">{t('legal.admin.lead')}</Paragraph>
      <LegalAdminList />
    </>
  );
}
