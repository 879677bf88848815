import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { orgLabel, orgShortName, pick } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';
import { useCallStats } from '../api/get-stats';
import { SERIES_COLORS, type ChartRow } from './chart-data';
import { BranchCharts } from './branch-charts';
import { ChartFigure } from './chart-figure';

/** A call's statistics: the key figures, then per day, per theme and per organisation. */
export function StatsView({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const q = useCallStats(callId);
  if (q.isError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  const s = q.data;
  const percent = new Intl.NumberFormat(f.lang === 'sv' ? 'sv-FI' : f.lang === 'en' ? 'en-GB' : 'fi-FI', {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(s.cross_administrative.share);
  const proposals = { key: 'proposals', label: t('stats.series.proposals'), color: SERIES_COLORS[0] };
  const thumbs = { key: 'thumbs', label: t('stats.series.thumbs'), color: SERIES_COLORS[1] };
  const comments = { key: 'comments', label: t('stats.series.comments'), color: SERIES_COLORS[2] };
  const participants = { key: 'participants', label: t('stats.series.participants'), color: SERIES_COLORS[1] };
  const days: ChartRow[] = s.per_day.map((d) => ({
    label: f.date(d.date),
    values: { proposals: d.proposals, thumbs: d.thumbs, comments: d.comments },
  }));
  const themes: ChartRow[] = s.per_theme.map((th) => ({
    label: th.theme ? pick(th.theme.name, lang) : t('stats.noTheme'),
    values: { proposals: th.proposals, thumbs: th.thumbs },
  }));
  const orgs: ChartRow[] = s.per_organisation.map((o) => ({
    label: orgLabel(o.organisation, lang),
    short: orgShortName(o.organisation, lang),
    values: { proposals: o.proposals, participants: o.participants },
  }));
  return (
    <div className="stats">
      <section aria-labelledby="stats-key" className="stats-key">
        <Heading variant="h2" id="stats-key" className="section-title">
          {t('stats.keyFigures')}
        </Heading>
        <dl className="key-figures">
          <div className="key-figure key-figure--main">
            <dt>{t('stats.crossAdministrative')}</dt>
            <dd>
              <span className="key-figure__value">{percent}</span>
              <span className="key-figure__note">
                {t('stats.crossNote', {
                  count: s.cross_administrative.proposals,
                  n: f.number(s.cross_administrative.proposals),
                  total: f.number(s.proposals),
                })}
              </span>
            </dd>
          </div>
          {(
            [
              ['proposals', s.proposals],
              ['participants', s.participants],
              ['thumbs', s.thumbs],
              ['comments', s.comments],
            ] as const
          ).map(([k, n]) => (
            <div key={k} className="key-figure">
              <dt>{t(`stats.series.${k}`)}</dt>
              <dd>
                <span className="key-figure__value">{f.number(n)}</span>
              </dd>
            </div>
          ))}
        </dl>
        <p className="stats-key__hint">{t('stats.crossHint')}</p>
      </section>
      <ChartFigure title={t('stats.perDay')} labelHeader={t('stats.day')} kind="line" rows={days} series={[proposals, thumbs, comments]} />
      <ChartFigure
        title={t('stats.perTheme')}
        labelHeader={t('stats.theme')}
        kind="bar"
        horizontal
        rows={themes}
        series={[proposals, thumbs]}
      />
      <ChartFigure
        title={t('stats.perOrganisation')}
        labelHeader={t('stats.organisation')}
        kind="bar"
        horizontal
        rows={orgs}
        series={[proposals, participants]}
      />
      <BranchCharts stats={s} />
    </div>
  );
}
