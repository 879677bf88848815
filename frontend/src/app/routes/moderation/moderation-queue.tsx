import { useState } from 'react';
import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useOutletContext } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { useCalls } from '@/features/calls/api/get-calls';
import type { QueueFilters } from '@/features/moderation/api/types';
import { QueueFilterBar, QueueList } from '@/features/moderation/components/queue-list';
import type { Me } from '@/lib/auth';
import { pick } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';

/** The moderation queue: appeals first, then reported content and pending proposals. */
export default function ModerationQueueRoute() {
  const { t } = useTranslation();
  const me = useOutletContext<Me>();
  const lang = useLanguage();
  const calls = useCalls();
  const [filters, setFilters] = useState<QueueFilters>({});
  useDocumentTitle(t('moderation.queue.title'));
  const options = (calls.data?.items ?? []).map((c) => ({ id: c.id, label: pick(c.title, lang) }));
  return (
    <>
      <Heading variant="h1" className="page-title">
        {t('moderation.queue.title')}
      </Heading>
      <Paragraph className="lead">{t('moderation.queue.lead')}</Paragraph>
      <QueueFilterBar filters={filters} calls={options} onChange={setFilters} />
      <QueueList filters={filters} viewerId={me.id} />
    </>
  );
}
