import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '@/components/loading';
import { Localized } from '@/components/localized';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { useMyFollows } from '../api/interest';

/** What the signed-in user follows: proposals and calls, the latest follow first. */
export function FollowList() {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useMyFollows();
  if (q.isError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  const { proposals, calls } = q.data;
  return (
    <div className="follow-list">
      <Heading variant="h2">{t('follows.proposals')}</Heading>
      {proposals.length === 0 ? <Paragraph>{t('follows.noProposals')}</Paragraph> : null}
      <ul>
        {proposals.map((p) => (
          <li key={p.id}>
            <Link to={`/proposals/${p.id}`}>
              {t('follows.proposal', { number: p.number, title: p.title || t('proposals.hiddenTitle') })}
            </Link>{' '}
            <span className="follow-list__since">{t('follows.since', { date: f.date(p.followed_at) })}</span>
          </li>
        ))}
      </ul>
      <Heading variant="h2">{t('follows.calls')}</Heading>
      {calls.length === 0 ? <Paragraph>{t('follows.noCalls')}</Paragraph> : null}
      <ul>
        {calls.map((c) => (
          <li key={c.id}>
            <Link to={`/calls/${c.slug}`}>
              <Localized texts={c.title} />
            </Link>{' '}
            <span className="follow-list__since">{t('follows.since', { date: f.date(c.followed_at) })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
