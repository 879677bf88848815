import { useState } from 'react';
import { Button, Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { announce } from '@/lib/status';
import type { Call } from '@/lib/types';
import { usePublishResults } from '../api/decisions';

/**
 * Publishing the results makes every decision visible at once, moves the call to `results`
 * and notifies the authors: asked once more, because it cannot be undone.
 */
export function PublishResults({ call }: { call: Call }) {
  const { t } = useTranslation();
  const f = useFormat();
  const publish = usePublishResults(call.id);
  const [confirming, setConfirming] = useState(false);
  const published = call.results_published_at ?? publish.data?.published_at ?? null;
  return (
    <section aria-labelledby="results-title" className="side-box admin-status">
      <Heading variant="h2" id="results-title" className="section-title">
        {t('evaluation.results.title')}
      </Heading>
      {published ? (
        <Paragraph>
          {t('evaluation.results.published', { time: f.dateTime(published) })}{' '}
          <Link to={`/calls/${call.slug}/results`}>{t('evaluation.results.view')}</Link>
        </Paragraph>
      ) : call.phase === 'review' ? (
        <>
          <Paragraph>{t('evaluation.results.lead')}</Paragraph>
          <Button onClick={() => setConfirming(true)} disabled={publish.isPending}>
            {t('evaluation.results.publish')}
          </Button>
        </>
      ) : (
        <Paragraph>{t('evaluation.results.notYet')}</Paragraph>
      )}
      {publish.error ? <ProblemAlert error={publish.error} /> : null}
      <ConfirmDialog
        open={confirming}
        title={t('evaluation.results.confirmTitle')}
        text={t('evaluation.results.confirmText')}
        confirmText={t('evaluation.results.publish')}
        busy={publish.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          publish.mutate(undefined, {
            onSuccess: (r) => announce(t('evaluation.results.done', { decisions: f.number(r.decisions), notified: f.number(r.notified) })),
          });
        }}
      />
    </section>
  );
}
