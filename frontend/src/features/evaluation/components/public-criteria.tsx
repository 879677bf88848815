import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Localized } from '@/components/localized';
import { useFormat } from '@/lib/format';
import { useCriteria } from '../api/criteria';

/** How proposals will be judged: the call's criteria and their weights, for everyone. */
export function PublicCriteria({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useCriteria(callId);
  // Secondary on the call page: it stays away while loading or when it fails.
  if (!q.data || q.data.items.length === 0) return null;
  const total = q.data.items.reduce((s, c) => s + c.weight, 0);
  return (
    <section aria-labelledby="call-criteria" className="call-criteria">
      <Heading variant="h2" id="call-criteria" className="section-title">
        {t('evaluation.criteria.publicTitle')}
      </Heading>
      <p>{t('evaluation.criteria.publicLead')}</p>
      <ol className="criteria-list">
        {q.data.items.map((c) => (
          <li key={c.id}>
            <strong>
              <Localized texts={c.name} />
            </strong>{' '}
            <span className="muted">({t('evaluation.criteria.share', { percent: f.number(Math.round((c.weight / total) * 100)) })})</span>
            <p>
              <Localized texts={c.description} />
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
