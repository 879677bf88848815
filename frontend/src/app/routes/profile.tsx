import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@/components/document-title';
import { EmailSettingsSection } from '@/features/email-settings/components/email-settings-form';
import { EmailForm } from '@/features/profile/components/email-form';
import { PasswordForm } from '@/features/profile/components/password-form';
import { DataExport, DeleteAccount } from '@/features/profile/components/personal-data';
import { ProfileForm } from '@/features/profile/components/profile-form';
import { RequireUser } from './require-user';

export function ProfileRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('profile.title'));
  return (
    <RequireUser>
      {(me) => (
        <div className="narrow">
          <Heading variant="h1" className="page-title">
            {t('profile.title')}
          </Heading>
          <ProfileForm key={`${me.id}-${me.language}-${me.organisation?.id ?? ''}`} me={me} />
          <EmailForm key={`email-${me.id}`} me={me} />
          <EmailSettingsSection key={`settings-${me.id}`} />
          <PasswordForm key={`password-${me.id}`} hasPassword={me.has_password} />
          <DataExport />
          <DeleteAccount />
        </div>
      )}
    </RequireUser>
  );
}
