import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@/components/document-title';
import { NotificationList } from '@/features/notifications/components/notification-list';
import { RequireUser } from './require-user';

export function NotificationsRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('notifications.title'));
  return (
    <RequireUser>
      {() => (
        <>
          <Heading variant="h1" className="page-title">
            {t('notifications.title')}
          </Heading>
          <NotificationList />
        </>
      )}
    </RequireUser>
  );
}
