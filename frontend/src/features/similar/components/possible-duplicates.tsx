import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { usePossibleDuplicates } from '../api/similar';
import { SimilarList } from './similar-list';

/** For moderators on a proposal's page: the call's proposals most like it (the input for merging). */
export function PossibleDuplicates({ proposalId }: { proposalId: string }) {
  const { t } = useTranslation();
  const q = usePossibleDuplicates(proposalId);
  return (
    <section className="similar similar--duplicates" aria-labelledby="duplicates-heading">
      <h2 id="duplicates-heading" className="similar__title">
        {t('similar.duplicates.title')}
      </h2>
      {q.isError ? (
        <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.isPending ? (
        <p className="similar__status">{t('similar.duplicates.loading')}</p>
      ) : q.data.items.length === 0 ? (
        <p className="similar__status">{t('similar.duplicates.none')}</p>
      ) : (
        <SimilarList items={q.data.items} newTab={false} showVisibility />
      )}
    </section>
  );
}
