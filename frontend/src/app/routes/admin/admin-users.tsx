import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@/components/document-title';
import { UserList } from '@/features/admin-users/components/user-list';

export default function AdminUsersRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.users.title'));
  return (
    <>
      <Heading variant="h1" className="page-title">
        {t('admin.users.title')}
      </Heading>
      <UserList />
    </>
  );
}
