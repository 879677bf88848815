import { LoadingSpinner } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';

export function Loading({ small = false }: { small?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="loading">
      <LoadingSpinner text={t('common.loading')} variant={small ? 'small' : 'normal'} textAlign="right" />
    </div>
  );
}
