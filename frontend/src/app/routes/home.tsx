import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useDocumentTitle } from '@/components/document-title';
import { CallCard } from '@/features/calls/components/call-card';
import { useCalls } from '@/features/calls/api/get-calls';
import type { Call } from '@/lib/types';

const CURRENT: Call['phase'][] = ['open', 'voting', 'upcoming'];

export function HomeRoute() {
  const { t } = useTranslation();
  useDocumentTitle(null);
  const q = useCalls();
  return (
    <>
      <section className="hero">
        <Heading variant="h1hero" className="page-title">
          {t('home.title')}
        </Heading>
        <Paragraph className="lead">{t('home.lead')}</Paragraph>
      </section>
      {q.isError ? (
        <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.isPending ? (
        <Loading />
      ) : (
        <CallSections calls={q.data.items} />
      )}
      {/* Only once the calls are shown: below where they go, it would be pushed down when they arrive. */}
      {q.isPending ? null : <HowItWorks />}
    </>
  );
}

function HowItWorks() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="how-it-works" className="how">
      <Heading variant="h2" id="how-it-works" className="section-title">
        {t('home.howTitle')}
      </Heading>
      <ol className="how__steps">
        {([1, 2, 3] as const).map((n) => (
          <li key={n} className="how__step">
            <span className="how__number" aria-hidden="true">
              {n}
            </span>
            <div>
              <Heading variant="h3" as="h3" className="how__title">
                {t(`home.step${n}Title`)}
              </Heading>
              <Paragraph>{t(`home.step${n}`)}</Paragraph>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function CallSections({ calls }: { calls: Call[] }) {
  const { t } = useTranslation();
  const current = calls.filter((c) => CURRENT.includes(c.phase)).sort((a, b) => CURRENT.indexOf(a.phase) - CURRENT.indexOf(b.phase));
  const drafts = calls.filter((c) => c.phase === 'draft');
  const past = calls.filter((c) => !CURRENT.includes(c.phase) && c.phase !== 'draft');
  return (
    <>
      <section aria-labelledby="current-calls">
        <Heading variant="h2" id="current-calls" className="section-title">
          {t('home.current')}
        </Heading>
        {current.length === 0 ? <Paragraph>{t('home.noCurrent')}</Paragraph> : null}
        <ul className="card-list card-list--grid">
          {current.map((c) => (
            <li key={c.id}>
              <CallCard call={c} />
            </li>
          ))}
        </ul>
      </section>
      {drafts.length > 0 ? (
        <section aria-labelledby="draft-calls">
          <Heading variant="h2" id="draft-calls" className="section-title">
            {t('home.drafts')}
          </Heading>
          <ul className="card-list card-list--grid">
            {drafts.map((c) => (
              <li key={c.id}>
                <CallCard call={c} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {past.length > 0 ? (
        <section aria-labelledby="past-calls">
          <Heading variant="h2" id="past-calls" className="section-title">
            {t('home.past')}
          </Heading>
          <ul className="card-list card-list--grid">
            {past.map((c) => (
              <li key={c.id}>
                <CallCard call={c} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
