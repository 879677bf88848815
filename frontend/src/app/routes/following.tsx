import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@/components/document-title';
import { FollowList } from '@/features/interest/components/follow-list';
import { RequireUser } from './require-user';

export function FollowingRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('follows.title'));
  return (
    <RequireUser>
      {() => (
        <>
          <Heading variant="h1" className="page-title">
            {t('follows.title')}
          </Heading>
          <FollowList />
        </>
      )}
    </RequireUser>
  );
}
