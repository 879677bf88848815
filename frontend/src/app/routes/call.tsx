import { useCallback, useMemo, useState } from 'react';
import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { BelowTheFold } from '@/components/below-the-fold';
import { htmlText } from '@/lib/excerpt';
import { ButtonLink } from '@/components/button-link';
import { Collapsible } from '@/components/collapsible';
import { useDocumentTitle, usePageDescription } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { RefusalNote } from '@/components/refusal-note';
import { CallNewsSection } from '@/features/call-news/components/call-news-section';
import { useCall } from '@/features/calls/api/get-call';
import { CallCounts } from '@/features/calls/components/call-counts';
import { PhaseTag } from '@/features/calls/components/phase-tag';
import { HostedBy } from '@/components/hosted-by';
import { PhaseTimeline } from '@/features/calls/components/phase-timeline';
import { TimeLeft } from '@/features/calls/components/time-left';
import { PublicCriteria } from '@/features/evaluation/components/public-criteria';
import { FollowCallButton } from '@/features/interest/components/follow-toggle';
import { ProposalFiltersBar } from '@/features/proposals/components/proposal-filters';
import { defaultSort, filtersFromParams } from '@/features/proposals/list-filters';
import { ProposalList } from '@/features/proposals/components/proposal-list';
import { hasRole, useUser } from '@/lib/auth';
import { fallbackLang, pick } from '@/lib/localized';
import { CLOSED_PHASES } from '@/lib/phase';
import type { ProposalFilters } from '@/lib/query-keys';
import type { Call } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';
import { Localized } from '@/components/localized';

/** The list's filters live in the URL (with the shuffle's seed), so back and sharing keep them. */
function useFiltersInUrl(): [ProposalFilters, (next: Partial<ProposalFilters>) => void, (seed: number) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const update = useCallback(
    (next: Partial<ProposalFilters>) =>
      setParams(
        (old) => {
          const p = new URLSearchParams(old);
          for (const [k, v] of Object.entries(next)) {
            if (v === undefined || v === '') p.delete(k);
            else p.set(k, String(v));
          }
          const sort = p.get('sort');
          if (sort === defaultSort(p.get('q') ?? undefined) || (sort === 'relevance' && !p.get('q'))) p.delete('sort');
          return p;
        },
        { preventScrollReset: true },
      ),
    [setParams],
  );
  const keepSeed = useCallback(
    (seed: number) =>
      setParams(
        (old) => {
          const p = new URLSearchParams(old);
          p.set('seed', String(seed));
          return p;
        },
        { replace: true, preventScrollReset: true },
      ),
    [setParams],
  );
  return [filters, update, keepSeed];
}

export function CallRoute() {
  const { callRef = '' } = useParams();
  const q = useCall(callRef);
  if (q.isError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  return <CallPage call={q.data} />;
}

/** Where the call page's layout turns into one column (styles/call.css). */
const PHONE = '(max-width: 768px)';

function CallPage({ call }: { call: Call }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [filters, setFilters, keepSeed] = useFiltersInUrl();
  // Kept here: a new search remounts the filter bar, which must not close it on a phone.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [timelineOpen, setTimelineOpen] = useState(() => !window.matchMedia(PHONE).matches);
  const title = pick(call.title, lang);
  useDocumentTitle(title);
  usePageDescription(
    useMemo(() => htmlText(pick(call.description_html, lang)), [call.description_html, lang]),
    `/calls/${call.slug}`,
  );
  const closed = CLOSED_PHASES.includes(call.phase);
  const me = useUser();
  // The workspace itself tells an evaluator who is not assigned to this call.
  const evaluates = (hasRole(me, 'evaluator') || hasRole(me, 'admin')) && ['review', 'results', 'voting', 'archived'].includes(call.phase);
  return (
    <>
      <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
        <Link to="/">{t('layout.nav.calls')}</Link>
      </nav>
      <div className="call-head">
        <PhaseTag phase={call.phase} />
        <Heading variant="h1" className="page-title" lang={fallbackLang(call.title, lang)}>
          {title}
        </Heading>
        <HostedBy organisation={call.host_organisation} long />
        <TimeLeft call={call} />
      </div>
      <div className="call-layout">
        <div className="call-layout__main">
          <Collapsible id="call-description" maxHeight={200} moreText={t('calls.detail.showMore')} lessText={t('calls.detail.showLess')}>
            {/* Safe: `description_html` is the server's sanitised rendering of the admin's Markdown. */}
            <div
              className="prose call-description"
              lang={fallbackLang(call.description_html, lang)}
              // eslint-disable-next-line no-restricted-syntax
              dangerouslySetInnerHTML={{ __html: pick(call.description_html, lang) }}
            />
          </Collapsible>
          {call.themes.length > 0 ? (
            <section aria-labelledby="call-themes">
              <Heading variant="h2" id="call-themes" className="section-title">
                {t('calls.detail.themes')}
              </Heading>
              <ul className="theme-chips">
                {call.themes.map((th) => (
                  <li key={th.id}>
                    <Link
                      to={`?theme=${th.id}${filters.seed !== undefined ? `&seed=${filters.seed}` : ''}#proposals`}
                      className="tag tag--theme tag--link"
                    >
                      <Localized texts={th.name} />
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <CallNewsSection call={call} />
          <PublicCriteria callId={call.id} />
        </div>
        <aside className="call-layout__side" aria-labelledby="call-facts">
          <Heading variant="h2" id="call-facts" className="visually-hidden">
            {t('calls.detail.facts')}
          </Heading>
          <div className="side-box">
            {call.viewer.can_submit ? (
              <ButtonLink to={`/calls/${call.slug}/proposals/new`}>{t('calls.detail.submit')}</ButtonLink>
            ) : closed ? (
              // One note for all: the call takes nothing now, whoever is reading.
              <p className="refusal-note">{t('notes.callClosed')}</p>
            ) : (
              <RefusalNote code={call.viewer.submit_refusal} phase={call.phase} action="submit" />
            )}
            {call.results_published_at ? (
              <p>
                <Link to={`/calls/${call.slug}/results`}>{t('results.link')}</Link>
              </p>
            ) : null}
            {call.viewer.can_manage ? (
              <p>
                <Link to={`/admin/calls/${call.id}`}>{t('calls.detail.manage')}</Link>
              </p>
            ) : null}
            {evaluates ? (
              <p>
                <Link to={`/evaluation/calls/${call.id}`}>{t('evaluation.call.open')}</Link>
              </p>
            ) : null}
            <FollowCallButton callId={call.id} following={call.viewer.follows} />
          </div>
          <CallCounts counts={call.counts} />
          {/* Open on a wide screen; on a phone a line to open, so that the list starts higher. */}
          <details className="call-timeline" open={timelineOpen} onToggle={(e) => setTimelineOpen(e.currentTarget.open)}>
            <summary className="call-timeline__summary">
              <Heading variant="h3" as="h3" className="side-title">
                {t('calls.timeline.title')}
              </Heading>
            </summary>
            <PhaseTimeline call={call} />
          </details>
        </aside>
      </div>
      <section aria-labelledby="proposals" className="proposals-section">
        {/* The statistics link shares the heading's line, so a phone's list starts no lower. */}
        <div className="section-head">
          <Heading variant="h2" id="proposals" className="section-title" tabIndex={-1}>
            {t('proposals.list.title')}
          </Heading>
          <Link to={`/calls/${call.slug}/stats`} className="section-head__link">
            {t('stats.link')}
          </Link>
        </div>
        {!closed && !call.viewer.can_thumb && call.viewer.thumb_refusal !== call.viewer.submit_refusal ? (
          <RefusalNote code={call.viewer.thumb_refusal} phase={call.phase} action="thumb" />
        ) : null}
        <ProposalFiltersBar
          key={filters.q ?? ''}
          filters={filters}
          themes={call.themes}
          onChange={setFilters}
          open={filtersOpen}
          onToggle={() => setFiltersOpen((o) => !o)}
        />
        <BelowTheFold>
          <ProposalList
            callId={call.id}
            themes={call.themes}
            filters={filters}
            onSeed={keepSeed}
            headingId="proposals"
            empty={
              call.phase === 'open' ? (
                <div className="empty-state">
                  <p>{t('notes.firstProposal')}</p>
                  {/* Visitors too: the form asks them to sign in first and brings them back. */}
                  <ButtonLink to={`/calls/${call.slug}/proposals/new`}>{t('calls.detail.submit')}</ButtonLink>
                </div>
              ) : (
                <p className="empty-state">{t('notes.noProposals')}</p>
              )
            }
          />
        </BelowTheFold>
      </section>
    </>
  );
}
