import { Button, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import type { NotificationKind } from '@/lib/types';
import { useUnsubscribe, useUnsubscribeInfo } from '../api/unsubscribe';

/**
 * What an email's unsubscribe link stops, and a button that stops it; no sign-in needed (the
 * link's token is enough). Opening the page changes nothing: mail scanners open links too.
 */
export function UnsubscribeView({ token }: { token: string }) {
  const { t } = useTranslation();
  const info = useUnsubscribeInfo(token);
  const stop = useUnsubscribe(token);
  const kindName = (kind: NotificationKind | null) =>
    kind ? t('unsubscribe.kind', { kind: t(`emailSettings.kind.${kind}`) }) : t('unsubscribe.all');

  if (stop.isSuccess) {
    return (
      <div className="link-result">
        <Paragraph className="result-text">{stop.data.kind ? t('unsubscribe.doneKind') : t('unsubscribe.doneAll')}</Paragraph>
        <Paragraph>
          {t('unsubscribe.turnBackOn')} <Link to="/profile#email-settings">{t('unsubscribe.settingsLink')}</Link>
        </Paragraph>
      </div>
    );
  }
  if (info.isError) {
    return (
      <>
        <ProblemAlert error={info.error} onRetry={() => void info.refetch()} />
        <SettingsHint />
      </>
    );
  }
  if (info.isPending) return <Loading />;
  return (
    <>
      <Paragraph className="result-text">{kindName(info.data.kind ?? null)}</Paragraph>
      {stop.isError ? <ProblemAlert error={stop.error} /> : null}
      <div className="form__actions">
        <Button disabled={stop.isPending} onClick={() => stop.mutate()}>
          {t('unsubscribe.confirm')}
        </Button>
      </div>
      <SettingsHint />
    </>
  );
}

function SettingsHint() {
  const { t } = useTranslation();
  return (
    <Paragraph className="form-aside">
      {t('unsubscribe.settingsHint')} <Link to="/profile#email-settings">{t('unsubscribe.settingsLink')}</Link>
    </Paragraph>
  );
}
