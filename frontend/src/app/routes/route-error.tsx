import { Button, Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';

/**
 * The last line of defence: a screen that failed to render (or an admin chunk that failed to
 * load) shows a message and a way back instead of a blank page.
 */
export function RouteError() {
  const { t } = useTranslation();
  return (
    <main id="main" className="main container">
      <Heading variant="h1" className="page-title">
        {t('errors.title')}
      </Heading>
      <Paragraph>{t('errors.unknown')}</Paragraph>
      <Button onClick={() => window.location.reload()}>{t('common.retry')}</Button> <a href="/">{t('notFound.home')}</a>
    </main>
  );
}
