import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Localized } from '@/components/localized';
import { useFormat } from '@/lib/format';
import { orgLabel } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';
import type { Pilot } from '../api/types';
import { PilotDates } from './pilot-card';
import { PilotStatusTag } from './pilot-status-tag';

/** The pilot's heading, its goal and the facts: organisations, contact, dates, sources, team. */
export function PilotView({ pilot, aside }: { pilot: Pilot; aside?: React.ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  // The pilot's texts are in the language it was written in.
  const textLang = pilot.language === lang ? undefined : pilot.language;
  return (
    <>
      <div className="pilot-head">
        <PilotStatusTag status={pilot.status} />
        <Heading variant="h1" className="page-title" lang={textLang}>
          {pilot.title}
        </Heading>
        <p className="pilot-head__dates">
          <PilotDates startsOn={pilot.starts_on} endsOn={pilot.ends_on} />
        </p>
      </div>
      <div className="pilot-layout">
        <div className="pilot-layout__main">
          <section aria-labelledby="pilot-goal" className="pilot-section">
            <Heading variant="h2" id="pilot-goal" className="section-title">
              {t('pilots.detail.goal')}
            </Heading>
            {/* Safe: `goal_html` is the server's sanitised rendering of the admin's Markdown. */}
            {/* eslint-disable-next-line no-restricted-syntax */}
            <div className="prose" lang={textLang} dangerouslySetInnerHTML={{ __html: pilot.goal_html }} />
          </section>
          <section aria-labelledby="pilot-sources" className="pilot-section">
            <Heading variant="h2" id="pilot-sources" className="section-title">
              {t('pilots.detail.sources')}
            </Heading>
            <ul className="pilot-sources">
              {pilot.proposals.map((p) => (
                <li key={p.id}>
                  <Link to={`/proposals/${p.id}`}>{t('pilots.detail.proposal', { number: p.number, title: p.title })}</Link>
                  <span className="pilot-sources__author"> {t('pilots.detail.by', { name: p.author.display_name })}</span>
                </li>
              ))}
            </ul>
            {pilot.credited.length > 0 ? (
              <p className="pilot-credits">
                <strong>{t('pilots.detail.credited')}:</strong> {pilot.credited.map((u) => u.display_name).join(', ')}
              </p>
            ) : null}
          </section>
        </div>
        <aside className="pilot-layout__side" aria-labelledby="pilot-facts">
          <Heading variant="h2" id="pilot-facts" className="visually-hidden">
            {t('pilots.detail.facts')}
          </Heading>
          {aside}
          <dl className="facts">
            <dt>{t('pilots.detail.status')}</dt>
            <dd>{t(`pilots.status.${pilot.status}`)}</dd>
            <dt>{t('pilots.detail.owner')}</dt>
            <dd>{orgLabel(pilot.owner_organisation, lang)}</dd>
            {pilot.partner_organisations.length > 0 ? (
              <>
                <dt>{t('pilots.detail.partners')}</dt>
                <dd>
                  <ul className="plain-list">
                    {pilot.partner_organisations.map((o) => (
                      <li key={o.id}>{orgLabel(o, lang)}</li>
                    ))}
                  </ul>
                </dd>
              </>
            ) : null}
            <dt>{t('pilots.detail.contact')}</dt>
            <dd>
              {pilot.contact.name}
              {pilot.contact.email ? (
                <>
                  <br />
                  <a href={`mailto:${pilot.contact.email}`}>{pilot.contact.email}</a>
                </>
              ) : null}
            </dd>
            <dt>{t('pilots.detail.dates')}</dt>
            <dd>
              <PilotDates startsOn={pilot.starts_on} endsOn={pilot.ends_on} />
            </dd>
            {pilot.call ? (
              <>
                <dt>{t('pilots.detail.call')}</dt>
                <dd>
                  <Link to={`/calls/${pilot.call.slug}`}>
                    <Localized texts={pilot.call.title} />
                  </Link>
                </dd>
              </>
            ) : null}
            {pilot.team.length > 0 ? (
              <>
                <dt>{t('pilots.detail.team')}</dt>
                <dd>{pilot.team.map((u) => u.display_name).join(', ')}</dd>
              </>
            ) : null}
            <dt>{t('pilots.detail.updated')}</dt>
            <dd>
              <time dateTime={pilot.updated_at}>{f.date(pilot.updated_at)}</time>
            </dd>
          </dl>
        </aside>
      </div>
    </>
  );
}
