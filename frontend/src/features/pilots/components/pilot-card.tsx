import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Localized } from '@/components/localized';
import { useFormat } from '@/lib/format';
import { orgShortName, pick } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';
import type { PilotSummary } from '../api/types';
import { PilotStatusTag } from './pilot-status-tag';

/** The dates of a pilot: `1.12.2026–31.5.2027`, or from its start when it has no end. */
export function PilotDates({ startsOn, endsOn }: { startsOn: string; endsOn?: string | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  return endsOn ? (
    <>
      <time dateTime={startsOn}>{f.date(startsOn)}</time>–<time dateTime={endsOn}>{f.date(endsOn)}</time>
    </>
  ) : (
    <>
      {t('pilots.from')} <time dateTime={startsOn}>{f.date(startsOn)}</time>
    </>
  );
}

/** One pilot in the showcase. */
export function PilotCard({ pilot, headingLevel = 'h3' }: { pilot: PilotSummary; headingLevel?: 'h2' | 'h3' }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const H = headingLevel;
  const orgs = [pilot.owner_organisation, ...pilot.partner_organisations];
  return (
    <article className="card pilot-card">
      <div className="pilot-card__top">
        <PilotStatusTag status={pilot.status} />
        {pilot.has_lessons ? <span className="tag pilot-card__lessons">{t('pilots.card.hasLessons')}</span> : null}
      </div>
      <H className="card__title pilot-card__title">
        <Link to={`/pilots/${pilot.id}`}>{pilot.title}</Link>
      </H>
      <p className="pilot-card__orgs">
        <span className="visually-hidden">{t('pilots.card.organisations')}: </span>
        {orgs.map((o, i) => (
          <span key={o.id}>
            {i > 0 ? ', ' : ''}
            <abbr title={pick(o.name, lang)}>{orgShortName(o, lang)}</abbr>
          </span>
        ))}
      </p>
      <p className="pilot-card__meta">
        <PilotDates startsOn={pilot.starts_on} endsOn={pilot.ends_on} />
      </p>
      {pilot.call ? (
        <p className="pilot-card__call">
          {t('pilots.card.fromCall')} <Localized texts={pilot.call.title} />
        </p>
      ) : null}
      <p className="pilot-card__counts">
        {t('pilots.card.updates', { count: pilot.updates, n: f.number(pilot.updates) })}
        {pilot.last_update_on ? (
          <>
            {' · '}
            {t('pilots.card.lastUpdate')} <time dateTime={pilot.last_update_on}>{f.date(pilot.last_update_on)}</time>
          </>
        ) : null}
        {' · '}
        {t('pilots.card.followers', { count: pilot.followers, n: f.number(pilot.followers) })}
      </p>
    </article>
  );
}
